package dev.kairos.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Read-your-writes for the events this instance accepted in the last {@code window}, per
 * user: the items the user consumed (clicks, purchases and skips), which their
 * recommendations leave out, and the items that join the user's recent items (views,
 * clicks and purchases: the events of positive weight), which seed their co-occurrence
 * candidates and affinities. The worker adds both to the user's stored features a moment
 * after the 202 (the event log, the listener, Redis); a request in between would
 * otherwise recommend what the user has just bought, and miss what they have just viewed.
 * Held in memory only, for at most {@code maxUsers} users; with several API instances,
 * each knows the events it accepted.
 */
public final class RecentEvents {

	/** The most recent items remembered per user; the ranking reads fewer. */
	static final int RECENT_ITEMS = 32;

	private final Cache<String, User> users;

	private final Predicate<EventType> recent;

	/**
	 * @param window how long an accepted event is remembered: longer than the worker's
	 * usual lag to the feature store
	 * @param maxUsers the most users remembered at once
	 * @param recent which event types put their item among the user's recent items, as
	 * the worker does
	 */
	public RecentEvents(Duration window, long maxUsers, Predicate<EventType> recent) {
		this.users = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxUsers).build();
		this.recent = recent;
	}

	/**
	 * The service's memory of its accepted events: two minutes, for up to 100,000 users.
	 * @param recent which event types put their item among the user's recent items
	 * ({@code FeatureSettings.makesRecent}, as the worker decides)
	 */
	public static RecentEvents standard(Predicate<EventType> recent) {
		return new RecentEvents(Duration.ofMinutes(2), 100_000, recent);
	}

	/** Remembers the items the accepted events consumed or made recent. */
	public void accepted(List<InteractionEvent> events) {
		for (InteractionEvent event : events) {
			boolean consumed = event.type().consumes() || event.type() == EventType.SKIP;
			boolean recent = this.recent.test(event.type());
			if (consumed || recent) {
				this.users.asMap().compute(event.userId(), (id, user) -> {
					User next = (user != null) ? user : new User();
					next.add(event.itemId(), consumed, recent, event.timestamp().toEpochMilli());
					return next;
				});
			}
		}
	}

	/** The items the user consumed in events accepted within the window, or none. */
	public Set<String> consumed(String userId) {
		User user = this.users.getIfPresent(userId);
		return (user != null) ? user.consumed() : Set.of();
	}

	/**
	 * The items of the user's recent events accepted within the window, latest event time
	 * first, or none.
	 */
	public List<String> recentItems(String userId) {
		User user = this.users.getIfPresent(userId);
		return (user != null) ? user.recentItems() : List.of();
	}

	/** Forgets the user (an erasure). */
	public void forget(String userId) {
		this.users.invalidate(userId);
	}

	/**
	 * The stored recent items with the ones accepted since in front: each item once, at
	 * its latest place.
	 */
	public static List<String> merge(List<String> accepted, List<String> stored) {
		if (accepted.isEmpty()) {
			return stored;
		}
		Set<String> seen = new HashSet<>(accepted);
		List<String> merged = new ArrayList<>(accepted.size() + stored.size());
		merged.addAll(accepted);
		for (String item : stored) {
			if (seen.add(item)) {
				merged.add(item);
			}
		}
		return merged;
	}

	/** One user's accepted events; guarded by its own lock. */
	private static final class User {

		private final Set<String> consumed = new HashSet<>();

		/** item → its latest event time, at most {@link #RECENT_ITEMS}. */
		private final Map<String, Long> recent = new HashMap<>();

		synchronized void add(String item, boolean consumed, boolean recent, long time) {
			if (consumed) {
				this.consumed.add(item);
			}
			if (recent) {
				this.recent.merge(item, time, Math::max);
				if (this.recent.size() > RECENT_ITEMS) {
					this.recent.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent((oldest) -> {
						this.recent.remove(oldest.getKey());
					});
				}
			}
		}

		synchronized Set<String> consumed() {
			return Set.copyOf(this.consumed);
		}

		synchronized List<String> recentItems() {
			return this.recent.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
					.thenComparing(Map.Entry.comparingByKey()))
				.map(Map.Entry::getKey)
				.toList();
		}

	}

}
