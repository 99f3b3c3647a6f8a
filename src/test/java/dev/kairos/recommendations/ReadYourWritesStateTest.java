package dev.kairos.recommendations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.ranking.UserState;
import dev.kairos.events.EventType;
import dev.kairos.features.UserFeatures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's state a request ranks with: the stored features plus what this instance
 * accepted since ({@code RecentEvents}), which {@link ReadYourWritesTest} shows end to
 * end for the consumed items.
 */
class ReadYourWritesStateTest {

	private static UserFeatures stored(List<String> recent, Set<String> consumed) {
		Instant at = Instant.parse("2026-12-07T12:00:00Z");
		return new UserFeatures("u1", Map.of(EventType.VIEW, 3L), Map.of(), recent, consumed, at, at, null, Map.of(),
				Map.of());
	}

	@Test
	void theItemsJustViewedComeFirstAmongTheRecentOnesEachOnce() {
		UserState state = RecommendationService.userState(stored(List.of("c", "a"), Set.of("x")), Set.of(),
				List.of("a", "b"));
		assertThat(state.recentItems()).containsExactly("a", "b", "c");
		assertThat(state.consumedItems()).containsExactly("x");
	}

	@Test
	void theItemsJustConsumedJoinTheStoredOnes() {
		UserState state = RecommendationService.userState(stored(List.of("c"), Set.of("x")), Set.of("y"), List.of());
		assertThat(state.recentItems()).containsExactly("c");
		assertThat(state.consumedItems()).containsExactlyInAnyOrder("x", "y");
	}

}
