package dev.kairos.features;

import dev.kairos.events.EventType;

/**
 * What one event does to the feature store, computed from the event and the settings; the
 * store applies it atomically and at most once.
 *
 * @param userId the user
 * @param itemId the item
 * @param type the event's type (counted for user and item)
 * @param eventId the client's event id for deduplication, or {@code null} if the client
 * gave none
 * @param partition the event log partition the event was read from
 * @param offset its offset there: an event at or below the last applied offset of its
 * partition was applied already
 * @param timestampMillis when it happened
 * @param acceptedMillis when Kairos accepted it
 * @param weight the positive weight it adds to interests and popularity, or 0
 * @param consumes whether the item is consumed (never recommended to the user again)
 * @param recent whether the item joins the user's recent items
 * @param context the event's context ({@code device → ios}), empty if none: kept as the
 * user's latest context, which a request without context of its own is scored with
 */
public record EventEffect(String userId, String itemId, EventType type, String eventId, int partition, long offset,
		long timestampMillis, long acceptedMillis, double weight, boolean consumes, boolean recent,
		java.util.Map<String, String> context) {

	public EventEffect {
		context = (context != null) ? java.util.Map.copyOf(context) : java.util.Map.of();
	}

	/** An effect of an event without context. */
	public EventEffect(String userId, String itemId, EventType type, String eventId, int partition, long offset,
			long timestampMillis, long acceptedMillis, double weight, boolean consumes, boolean recent) {
		this(userId, itemId, type, eventId, partition, offset, timestampMillis, acceptedMillis, weight, consumes,
				recent, java.util.Map.of());
	}

}
