package dev.kairos.features;

import java.util.ArrayList;
import java.util.List;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;

/** The worker's step: turns events read from the log into effects and applies them. */
public class FeatureUpdates {

	private final FeatureStore store;

	private final FeatureSettings settings;

	public FeatureUpdates(FeatureStore store, FeatureSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	/** An event with its place in the log. */
	public record LoggedEvent(InteractionEvent event, int partition, long offset) {
	}

	/**
	 * Applies events read from the log, each at most once. An impression counts as an
	 * event of the user and the item; its exposure was counted when its slate was served
	 * ({@link #applyExposures}).
	 * @return per event, what became of it
	 */
	public List<FeatureStore.Outcome> apply(List<LoggedEvent> events) {
		List<EventEffect> effects = new ArrayList<>(events.size());
		for (LoggedEvent logged : events) {
			effects.add(effectOf(logged));
		}
		return effects.isEmpty() ? List.of() : this.store.apply(effects);
	}

	/**
	 * Applies showings of items to the exposures, each at most once: served items at
	 * serve time, their withdrawals, and impressions of the client's own slates (whose
	 * exposure is {@code null} here and counts as {@link #unjoined()}).
	 */
	public void applyExposures(List<ExposureEffect> effects) {
		if (effects.isEmpty()) {
			return;
		}
		List<ExposureEffect> complete = new ArrayList<>(effects.size());
		for (ExposureEffect e : effects) {
			complete.add((e.exposure() != null) ? e : new ExposureEffect(e.userId(), e.itemId(), e.timestampMillis(),
					e.partition(), e.offset(), e.sign(), unjoined()));
		}
		this.store.applyExposures(complete);
	}

	/**
	 * The exposure of an impression no slate is found for (a client that names none, or
	 * one older than the attribution window): the top place, at the prior rate, for a
	 * user of average interest. Nothing for the co-occurrence lift, which learns from
	 * served items alone.
	 */
	Exposure unjoined() {
		double prior = this.settings.ctr().priorRate();
		Exposure exposure = Exposure.of(0, prior, 1, prior);
		return new Exposure(exposure.discount(), exposure.item(), exposure.user());
	}

	EventEffect effectOf(LoggedEvent logged) {
		InteractionEvent event = logged.event();
		EventType type = event.type();
		double weight = this.settings.weight(type);
		return new EventEffect(event.userId(), event.itemId(), type, event.clientEventId() ? event.eventId() : null,
				logged.partition(), logged.offset(), event.timestamp().toEpochMilli(),
				event.acceptedAt().toEpochMilli(), weight, type.consumes(), this.settings.makesRecent(type),
				event.context());
	}

}
