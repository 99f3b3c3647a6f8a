package dev.kairos.features;

import java.time.Duration;
import java.time.ZoneId;

import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import dev.kairos.events.EventType;

/**
 * How events become features: weights, decays, CTR smoothing and caps. Built once from
 * the configuration.
 *
 * @param popularity decay of item popularity
 * @param trending decay of item trending scores
 * @param interest decay of user category interests
 * @param viewWeight weight of a view
 * @param clickWeight weight of a click
 * @param purchaseWeight weight of a purchase
 * @param ctr smoothing of click-through rates
 * @param recentItems recent items kept per user
 * @param consumedItems consumed items kept per user
 * @param userTtl how long an inactive user is kept
 * @param deduplicationWindow how long a client event id is remembered
 * @param clock parameters of the Interest Clocks
 * @param zone the time zone whose hour of day the Interest Clocks use
 * @param clockImpressionReward what an impression gives the Interest Clock, ≤ 0
 */
public record FeatureSettings(ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest, double viewWeight,
		double clickWeight, double purchaseWeight, SmoothedRate ctr, int recentItems, int consumedItems,
		Duration userTtl, Duration deduplicationWindow, InterestClockParameters clock, ZoneId zone,
		double clockImpressionReward) {

	/**
	 * The weight an event adds to popularity and interests; 0 for impressions and skips.
	 */
	public double weight(EventType type) {
		return switch (type) {
			case VIEW -> this.viewWeight;
			case CLICK -> this.clickWeight;
			case PURCHASE -> this.purchaseWeight;
			case IMPRESSION, SKIP -> 0;
		};
	}

	/**
	 * Whether an event puts its item among the user's recent items: the events of
	 * positive weight (views, clicks and purchases by default). The worker stores them;
	 * the API instance that accepted them reads them until then ({@code RecentEvents}).
	 */
	public boolean makesRecent(EventType type) {
		return weight(type) > 0;
	}

	/**
	 * The reward an event gives the Interest Clock of its category: its weight for views,
	 * clicks and purchases, -1 for a skip (an explicit negative), and
	 * {@code clockImpressionReward} for an impression (a small negative: shown and not
	 * taken, the category fades at that hour; taken, the click outweighs it).
	 */
	public double clockReward(EventType type) {
		return switch (type) {
			case SKIP -> -1;
			case IMPRESSION -> this.clockImpressionReward;
			default -> weight(type);
		};
	}

	/**
	 * The population's click-through rate at the top of the slate, smoothed as
	 * {@link #ctr()}.
	 */
	public double baseRate(FeatureStore.Population population) {
		double exposure = Math.max(0, population.exposure());
		double clicks = Math.max(0, population.clicks());
		return (clicks + this.ctr.priorRate() * this.ctr.priorStrength()) / (exposure + this.ctr.priorStrength());
	}

	/** Smoothed click-through rate from counts. */
	public double clickThroughRate(long clicks, long impressions) {
		return this.ctr.estimate(clicks, impressions);
	}

}
