package dev.kairos.events;

import java.util.List;

/** The durable log of accepted events (Kafka). */
public interface EventLog {

	/**
	 * Appends events durably, returning only once every one of them is acknowledged.
	 * @param events the events, in order
	 * @throws EventLogUnavailableException if they could not all be acknowledged in time;
	 * some may have been written (a retry with the same client event ids is safe)
	 */
	void append(List<InteractionEvent> events);

}
