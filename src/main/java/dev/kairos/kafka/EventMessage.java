package dev.kairos.kafka;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;

/**
 * An event as written to the {@code kairos.events} topic (JSON). Keep it compatible: add
 * optional fields, never change the meaning of one; a breaking change gets a new
 * {@code v}.
 *
 * @param v the schema version, {@value #VERSION}
 * @param eventId the event's id
 * @param clientEventId whether the client chose the id
 * @param userId the user (also the record key)
 * @param itemId the item
 * @param type wire name of the type
 * @param timestamp when it happened, epoch milliseconds
 * @param acceptedAt when it was accepted, epoch milliseconds
 * @param recommendationId the recommendation it refers to, or {@code null}
 * @param value an optional amount
 * @param context optional context
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventMessage(int v, String eventId, boolean clientEventId, String userId, String itemId, String type,
		long timestamp, long acceptedAt, String recommendationId, Double value, Map<String, String> context) {

	static final int VERSION = 1;

	static EventMessage of(InteractionEvent event) {
		return new EventMessage(VERSION, event.eventId(), event.clientEventId(), event.userId(), event.itemId(),
				event.type().wireName(), event.timestamp().toEpochMilli(), event.acceptedAt().toEpochMilli(),
				event.recommendationId(), event.value(), event.context().isEmpty() ? null : event.context());
	}

	/**
	 * The event, or an exception saying why the message cannot be one (a poison record).
	 */
	InteractionEvent toEvent() {
		if (this.v != VERSION) {
			throw new IllegalArgumentException("unsupported event schema version " + this.v);
		}
		EventType eventType = EventType.fromWireName(this.type);
		if (eventType == null) {
			throw new IllegalArgumentException("unknown event type " + this.type);
		}
		if (this.value != null && !Double.isFinite(this.value)) {
			throw new IllegalArgumentException("non-finite value");
		}
		return new InteractionEvent(this.eventId, this.clientEventId, this.userId, this.itemId, eventType,
				Instant.ofEpochMilli(this.timestamp), Instant.ofEpochMilli(this.acceptedAt), this.recommendationId,
				this.value, this.context);
	}

}
