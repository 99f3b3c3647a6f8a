package dev.kairos.features;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.events.EventType;
import dev.kairos.events.RecentEvents;
import dev.kairos.validation.Ids;
import dev.kairos.validation.UnknownEntityException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /users/{userId}}: a user's features as the worker left them; {@code DELETE
 * /users/{userId}}: erases them (see {@link UserErasure}).
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class UserController {

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final Clock clock;

	private final UserErasure erasure;

	private final EventLogPosition log;

	private final RecentEvents recent;

	UserController(FeatureStore store, FeatureSettings settings, Clock clock, UserErasure erasure, EventLogPosition log,
			RecentEvents recent) {
		this.recent = recent;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
		this.erasure = erasure;
		this.log = log;
	}

	/**
	 * Erases the user's state and fences off the user's events accepted so far (Kafka's
	 * end offsets, read first, so that no event answered 202 before this call is missed).
	 * 204 whether or not the user was known: the user's first events may still be on
	 * their way, and the fence covers them too. A later GET answers 404 until the user's
	 * next event.
	 */
	@DeleteMapping("/users/{userId}")
	ResponseEntity<Void> erase(@PathVariable String userId) {
		Ids.require("userId", userId);
		this.erasure.erase(userId, this.log.latest());
		this.recent.forget(userId);
		return ResponseEntity.noContent().build();
	}

	/** The wire form of a user's features. */
	record UserView(String userId, Map<String, Long> counts, double clickThroughRate, List<Interest> interests,
			List<String> recentItems, Instant firstSeen, Instant lastSeen) {
	}

	/** Decayed interest in a category, as of the request. */
	record Interest(String category, double score) {
	}

	@GetMapping("/users/{userId}")
	UserView user(@PathVariable String userId) {
		UserFeatures user = this.store.user(Ids.require("userId", userId));
		if (!user.known()) {
			throw new UnknownEntityException("user", userId);
		}
		long now = this.clock.millis();
		Map<String, Long> counts = new LinkedHashMap<>();
		for (EventType type : EventType.values()) {
			counts.put(type.wireName(), user.count(type));
		}
		List<Interest> interests = new ArrayList<>();
		user.interestLogSums()
			.forEach((category, logSum) -> interests
				.add(new Interest(category, this.settings.interest().valueAt(logSum, now))));
		interests.sort(Comparator.comparingDouble(Interest::score).reversed().thenComparing(Interest::category));
		return new UserView(userId, counts,
				this.settings.clickThroughRate(user.count(EventType.CLICK), user.count(EventType.IMPRESSION)),
				interests, user.recentItems(), user.firstSeen(), user.lastSeen());
	}

}
