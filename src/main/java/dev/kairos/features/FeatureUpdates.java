package dev.kairos.features;

import java.util.ArrayList;
import java.util.List;

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
	 * Applies events read from the log, each at most once.
	 * @return per event, what became of it
	 */
	public List<FeatureStore.Outcome> apply(List<LoggedEvent> events) {
		List<EventEffect> effects = new ArrayList<>(events.size());
		for (LoggedEvent logged : events) {
			effects.add(effectOf(logged));
		}
		return effects.isEmpty() ? List.of() : this.store.apply(effects);
	}

	EventEffect effectOf(LoggedEvent logged) {
		InteractionEvent event = logged.event();
		EventType type = event.type();
		double weight = this.settings.weight(type);
		return new EventEffect(event.userId(), event.itemId(), type, event.clientEventId() ? event.eventId() : null,
				logged.partition(), logged.offset(), event.timestamp().toEpochMilli(),
				event.acceptedAt().toEpochMilli(), weight, type.consumes(), weight > 0);
	}

}
