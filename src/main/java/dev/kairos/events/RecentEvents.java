package dev.kairos.events;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Read-your-writes for what a user consumed: the items of the clicks, purchases and skips
 * this instance accepted in the last {@code window}, per user. The worker adds them to
 * the user's stored features a moment after the 202 (the event log, the listener, Redis);
 * a request in between would otherwise recommend what the user has just bought. Held in
 * memory only, for at most {@code maxUsers} users; with several API instances, each knows
 * the events it accepted.
 */
public final class RecentConsumption {

	private final Cache<String, Set<String>> users;

	/**
	 * @param window how long an accepted item is remembered: longer than the worker's
	 * usual lag to the feature store
	 * @param maxUsers the most users remembered at once
	 */
	public RecentConsumption(Duration window, long maxUsers) {
		this.users = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxUsers).build();
	}

	/**
	 * Two minutes for up to 100,000 users: the service's memory of its accepted events.
	 */
	public static RecentConsumption standard() {
		return new RecentConsumption(Duration.ofMinutes(2), 100_000);
	}

	/** Remembers the items the accepted events consumed. */
	public void accepted(List<InteractionEvent> events) {
		for (InteractionEvent event : events) {
			if (event.type().consumes() || event.type() == EventType.SKIP) {
				this.users.asMap().compute(event.userId(), (user, items) -> {
					Set<String> next = (items != null) ? items : ConcurrentHashMap.newKeySet();
					next.add(event.itemId());
					return next;
				});
			}
		}
	}

	/** The items the user consumed in events accepted within the window, or none. */
	public Set<String> of(String userId) {
		Set<String> items = this.users.getIfPresent(userId);
		return (items != null) ? Set.copyOf(items) : Set.of();
	}

	/** Forgets the user (an erasure). */
	public void forget(String userId) {
		this.users.invalidate(userId);
	}

}
