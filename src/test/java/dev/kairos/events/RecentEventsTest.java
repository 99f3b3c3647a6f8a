package dev.kairos.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentConsumptionTest {

	private static InteractionEvent event(String user, String item, EventType type) {
		Instant now = Instant.parse("2026-12-07T12:00:00Z");
		return new InteractionEvent("e-" + user + item + type, true, user, item, type, now, now, null, null, Map.of());
	}

	@Test
	void remembersWhatEachUserClickedBoughtOrSkippedAndNotWhatTheyViewed() {
		RecentConsumption recent = new RecentConsumption(Duration.ofMinutes(2), 100);
		recent.accepted(List.of(event("u1", "i1", EventType.CLICK), event("u1", "i2", EventType.PURCHASE),
				event("u1", "i3", EventType.SKIP), event("u1", "i4", EventType.VIEW),
				event("u1", "i5", EventType.IMPRESSION), event("u2", "i6", EventType.PURCHASE)));
		assertThat(recent.of("u1")).containsExactlyInAnyOrder("i1", "i2", "i3");
		assertThat(recent.of("u2")).containsExactly("i6");
		assertThat(recent.of("u3")).isEmpty();
		recent.forget("u1");
		assertThat(recent.of("u1")).isEmpty();
		assertThat(recent.of("u2")).containsExactly("i6");
	}

	@Test
	void forgetsAfterItsWindow() {
		RecentConsumption recent = new RecentConsumption(Duration.ZERO, 100);
		recent.accepted(List.of(event("u1", "i1", EventType.PURCHASE)));
		assertThat(recent.of("u1")).isEmpty();
	}

}
