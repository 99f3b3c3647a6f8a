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

	private final ImpressionExposures exposures;

	public FeatureUpdates(FeatureStore store, FeatureSettings settings, ImpressionExposures exposures) {
		this.store = store;
		this.settings = settings;
		this.exposures = exposures;
	}

	/** An event with its place in the log. */
	public record LoggedEvent(InteractionEvent event, int partition, long offset) {
	}

	/**
	 * Applies events read from the log, each at most once. Impressions are first joined
	 * to the slates that showed them, for their exposure (one round trip per batch).
	 * @return per event, what became of it
	 */
	public List<FeatureStore.Outcome> apply(List<LoggedEvent> events) {
		List<InteractionEvent> impressions = new ArrayList<>();
		for (LoggedEvent logged : events) {
			if (logged.event().type() == EventType.IMPRESSION) {
				impressions.add(logged.event());
			}
		}
		List<Exposure> found = impressions.isEmpty() ? List.of() : this.exposures.of(impressions);
		List<EventEffect> effects = new ArrayList<>(events.size());
		int next = 0;
		for (LoggedEvent logged : events) {
			Exposure exposure = null;
			if (logged.event().type() == EventType.IMPRESSION) {
				exposure = found.get(next++);
				if (exposure == null) {
					exposure = unjoined();
				}
			}
			effects.add(effectOf(logged, exposure));
		}
		return effects.isEmpty() ? List.of() : this.store.apply(effects);
	}

	/**
	 * The exposure of an impression no slate is found for (a client that names none, or
	 * one older than the attribution window): the top place, at the prior rate, for a
	 * user of average interest.
	 */
	Exposure unjoined() {
		double prior = this.settings.ctr().priorRate();
		return Exposure.of(0, prior, 1, prior);
	}

	EventEffect effectOf(LoggedEvent logged, Exposure exposure) {
		InteractionEvent event = logged.event();
		EventType type = event.type();
		double weight = this.settings.weight(type);
		return new EventEffect(event.userId(), event.itemId(), type, event.clientEventId() ? event.eventId() : null,
				logged.partition(), logged.offset(), event.timestamp().toEpochMilli(),
				event.acceptedAt().toEpochMilli(), weight, type.consumes(), weight > 0, exposure);
	}

}
