package dev.kairos.config;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.TreeMap;

import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.ranking.ExperimentAssignment;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import dev.kairos.events.EventParser;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.NearCachedFeatureStore;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.ImpressionExposures;
import dev.kairos.items.ItemParser;
import dev.kairos.learning.AttributionWindows;
import dev.kairos.learning.ImpressionLog;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ModelMaintenance;
import dev.kairos.metrics.KairosMetrics;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.RewardAttribution;
import dev.kairos.learning.ServingModel;
import dev.kairos.recommendations.RecommendationService;

import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/** Maps the properties to the parameters of the plain-Java parts, and wires them. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class KairosConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	FeatureSettings featureSettings(KairosProperties properties) {
		KairosProperties.Features f = properties.features();
		return new FeatureSettings(decay(f.popularityHalfLife()), decay(f.trendingHalfLife()),
				decay(f.interestHalfLife()), f.viewWeight(), f.clickWeight(), f.purchaseWeight(),
				new SmoothedRate(f.ctrPrior(), f.ctrPriorStrength()), f.recentItems(), f.consumedItems(), f.userTtl(),
				properties.events().deduplicationWindow(),
				new InterestClockParameters(f.clockSigmaHours(), f.clockHalfLife(), 1, 1, f.clockMaxCategories()),
				ZoneId.of(f.zone()), f.clockImpressionReward());
	}

	private static ForwardDecay decay(Duration halfLife) {
		return new ForwardDecay(halfLife.toMillis() / 3_600_000.0);
	}

	@Bean
	EventParser eventParser(KairosProperties properties, Clock clock) {
		return new EventParser(properties.events().maxBatch(), properties.events().maxFutureSkew(), clock);
	}

	@Bean
	ItemParser itemParser(KairosProperties properties, Clock clock) {
		return new ItemParser(properties.events().maxBatch(), clock);
	}

	@Bean
	FeatureUpdates featureUpdates(FeatureStore store, FeatureSettings settings, ImpressionExposures exposures) {
		return new FeatureUpdates(store, settings, exposures);
	}

	@Bean
	LearningSettings learningSettings(KairosProperties properties) {
		KairosProperties.Learning l = properties.learning();
		return new LearningSettings(properties.ranking().policy(), l.alpha(), l.lambda(), l.attributionWindow(),
				l.clickReward(), l.purchaseReward(), l.viewReward(), l.skipReward(), l.refreshInterval(),
				l.holdoutShare());
	}

	@Bean
	ServingModel servingModel(ModelStore store, LearningSettings settings, KairosProperties properties) {
		return new ServingModel(store, settings, properties.learning().seed());
	}

	@Bean
	RewardAttribution rewardAttribution(ModelStore store, LearningSettings settings) {
		return new RewardAttribution(store, settings);
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	AttributionWindows attributionWindows(ModelStore store, Clock clock) {
		return new AttributionWindows(store, clock);
	}

	@Bean
	SlateRanker slateRanker(KairosProperties properties) {
		KairosProperties.Ranking r = properties.ranking();
		return new SlateRanker(r.interestClockWeight(), r.modelConfidenceRewards(), r.maxCategoryShare(),
				PopularityBlend.DEFAULT, r.clockPriorEvents(), r.itemExploration(),
				new ClockLift(r.clockLiftPriorStrength(), r.clockExplorationWidth(),
						"thompson".equals(r.clockExploration()), r.clockLiftGlobalPrior()));
	}

	@Bean
	ExperimentAssignment experimentAssignment(KairosProperties properties) {
		KairosProperties.Ranking r = properties.ranking();
		return (r.policies() == null || r.policies().isEmpty()) ? ExperimentAssignment.only(r.policy())
				: new ExperimentAssignment(r.experiment(), new TreeMap<>(r.policies()));
	}

	@Bean
	RecommendationService recommendationService(FeatureStore store, FeatureSettings settings, SlateRanker ranker,
			ServingModel model, ModelStore modelStore, ImpressionLog impressions, LearningSettings learning,
			ExperimentAssignment experiment, KairosProperties properties) {
		KairosProperties.Recommendations r = properties.recommendations();
		FeatureStore reads = (r.cacheTtl().isZero() || r.cacheTtl().isNegative()) ? store
				: new NearCachedFeatureStore(store, r.cacheTtl(), r.cacheMaxEntries());
		return new RecommendationService(reads, settings, ranker, model, modelStore, impressions, learning, experiment,
				r.candidatesPerSource(), r.interestCategories(), r.newItemAge(), r.coClickedSeeds(),
				r.leastShownPerSource());
	}

	/**
	 * Keeps the serving copy of the model fresh: an update reaches serving within the
	 * refresh interval.
	 */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	SchedulingConfigurer servingModelRefresh(ServingModel model, LearningSettings settings) {
		return (registrar) -> registrar.addFixedDelayTask(() -> {
			try {
				model.refresh();
			}
			catch (RuntimeException ex) {
				LoggerFactory.getLogger(ServingModel.class)
					.warn("Could not refresh the serving model: {}", ex.getMessage());
			}
		}, settings.refreshInterval());
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	ModelMaintenance modelMaintenance(ModelStore store, KairosProperties properties, Clock clock,
			KairosMetrics metrics) {
		KairosProperties.Learning l = properties.learning();
		return new ModelMaintenance(store, new HoldoutGuard(l.guardMargin(), l.guardMinObservations(), 20), l.lambda(),
				l.decayHalfLife(), clock, metrics);
	}

	/**
	 * The worker's timers for the shared model: decay every minute, snapshots and the
	 * learning guard at their configured intervals.
	 */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	SchedulingConfigurer modelMaintenanceTimers(ModelMaintenance maintenance, KairosProperties properties) {
		KairosProperties.Learning l = properties.learning();
		return (registrar) -> {
			registrar.addFixedDelayTask(maintenance::decay, Duration.ofMinutes(1));
			registrar.addFixedDelayTask(maintenance::snapshot, l.snapshotInterval());
			registrar.addFixedDelayTask(maintenance::guard, l.guardInterval());
		};
	}

}
