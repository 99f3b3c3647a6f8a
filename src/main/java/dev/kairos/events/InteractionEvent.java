package dev.kairos.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An accepted interaction event: what a user did with an item, and when.
 *
 * @param eventId the id of the event: the client's, or one assigned on acceptance
 * @param clientEventId whether the client supplied the id (only those can repeat, on
 * client retries, and are remembered for deduplication)
 * @param userId who
 * @param itemId which item
 * @param type what happened
 * @param timestamp when it happened
 * @param acceptedAt when Kairos accepted it
 * @param recommendationId the recommendation the item came from, or {@code null}
 * @param value an optional amount (a purchase's value), finite, or {@code null}
 * @param context optional context such as the device; small, string values
 */
public record InteractionEvent(String eventId, boolean clientEventId, String userId, String itemId, EventType type,
		Instant timestamp, Instant acceptedAt, String recommendationId, Double value, Map<String, String> context) {

	public InteractionEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(itemId, "itemId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(timestamp, "timestamp");
		Objects.requireNonNull(acceptedAt, "acceptedAt");
		context = (context != null) ? Map.copyOf(context) : Map.of();
	}

}
