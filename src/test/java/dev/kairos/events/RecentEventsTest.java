package dev.kairos.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTest {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	/** The recent event types under the default weights. */
	private static final Predicate<EventType> VIEWS_CLICKS_PURCHASES = (type) -> type == EventType.VIEW
			|| type == EventType.CLICK || type == EventType.PURCHASE;

	private static InteractionEvent event(String user, String item, EventType type) {
		return event(user, item, type, NOW);
	}

	private static InteractionEvent event(String user, String item, EventType type, Instant at) {
		return new InteractionEvent("e-" + user + item + type + at, true, user, item, type, at, NOW, null, null,
				Map.of());
	}

	@Test
	void remembersWhatEachUserClickedBoughtOrSkippedAsConsumed() {
		RecentEvents recent = RecentEvents.standard(VIEWS_CLICKS_PURCHASES);
		recent.accepted(List.of(event("u1", "i1", EventType.CLICK), event("u1", "i2", EventType.PURCHASE),
				event("u1", "i3", EventType.SKIP), event("u1", "i4", EventType.VIEW),
				event("u1", "i5", EventType.IMPRESSION), event("u2", "i6", EventType.PURCHASE)));
		assertThat(recent.consumed("u1")).containsExactlyInAnyOrder("i1", "i2", "i3");
		assertThat(recent.consumed("u2")).containsExactly("i6");
		assertThat(recent.consumed("u3")).isEmpty();
		recent.forget("u1");
		assertThat(recent.consumed("u1")).isEmpty();
		assertThat(recent.recentItems("u1")).isEmpty();
		assertThat(recent.consumed("u2")).containsExactly("i6");
	}

	@Test
	void remembersViewsClicksAndPurchasesAsRecentLatestEventTimeFirst() {
		RecentEvents recent = RecentEvents.standard(VIEWS_CLICKS_PURCHASES);
		recent.accepted(List.of(event("u1", "i1", EventType.VIEW, NOW.minusSeconds(30)),
				event("u1", "i2", EventType.CLICK, NOW.minusSeconds(10)),
				event("u1", "i3", EventType.SKIP, NOW.minusSeconds(5)),
				event("u1", "i4", EventType.IMPRESSION, NOW.minusSeconds(5)),
				// out of order in the batch, and the first item again, later
				event("u1", "i5", EventType.PURCHASE, NOW.minusSeconds(20)),
				event("u1", "i1", EventType.VIEW, NOW.minusSeconds(1))));
		assertThat(recent.recentItems("u1")).containsExactly("i1", "i2", "i5");
	}

	@Test
	void keepsOnlyTheLatestRecentItems() {
		RecentEvents recent = RecentEvents.standard(VIEWS_CLICKS_PURCHASES);
		List<InteractionEvent> views = new ArrayList<>();
		for (int i = 0; i < RecentEvents.RECENT_ITEMS + 10; i++) {
			views.add(event("u1", "i" + i, EventType.VIEW, NOW.plusSeconds(i)));
		}
		recent.accepted(views);
		List<String> items = recent.recentItems("u1");
		assertThat(items).hasSize(RecentEvents.RECENT_ITEMS);
		assertThat(items.get(0)).isEqualTo("i" + (RecentEvents.RECENT_ITEMS + 9));
		assertThat(items).doesNotContain("i9").contains("i10");
	}

	@Test
	void theRecentTypesAreTheCallersRule() {
		RecentEvents recent = new RecentEvents(Duration.ofMinutes(2), 100, (type) -> type == EventType.PURCHASE);
		recent.accepted(List.of(event("u1", "i1", EventType.VIEW), event("u1", "i2", EventType.PURCHASE)));
		assertThat(recent.recentItems("u1")).containsExactly("i2");
	}

	@Test
	void mergePutsTheAcceptedItemsInFrontOfTheStoredOnesEachOnce() {
		assertThat(RecentEvents.merge(List.of("a", "b"), List.of("c", "a", "d"))).containsExactly("a", "b", "c", "d");
		assertThat(RecentEvents.merge(List.of(), List.of("c", "a"))).containsExactly("c", "a");
	}

	@Test
	void forgetsAfterItsWindow() {
		RecentEvents recent = new RecentEvents(Duration.ZERO, 100, (type) -> true);
		recent.accepted(List.of(event("u1", "i1", EventType.PURCHASE)));
		assertThat(recent.consumed("u1")).isEmpty();
		assertThat(recent.recentItems("u1")).isEmpty();
	}

}
