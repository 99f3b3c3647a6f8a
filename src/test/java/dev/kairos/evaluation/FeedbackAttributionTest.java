package dev.kairos.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.kairos.core.eval.LoggedSlate;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ServedSlate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline join gives each shown item the reward the worker's join would. */
class FeedbackAttributionTest {

	private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

	private static final LearningSettings SETTINGS = new LearningSettings("linucb", 0.3, 1, Duration.ofMinutes(30), 1,
			1, 0.2, 0, Duration.ofMillis(200), 0);

	private static ServedSlate slate(String id, String user, Instant at, String... items) {
		List<ServedSlate.ShownItem> shown = new java.util.ArrayList<>();
		for (int i = 0; i < items.length; i++) {
			shown.add(new ServedSlate.ShownItem(items[i], i, 1.0, "exploit", new double[32], null));
		}
		return new ServedSlate(id, user, "linucb", 1, at, shown, false);
	}

	private static InteractionEvent event(String user, String item, EventType type, String recommendationId,
			Instant at) {
		return new InteractionEvent(java.util.UUID.randomUUID().toString(), false, user, item, type, at, at,
				recommendationId, null, null);
	}

	private static double[] rewards(List<FeedbackAttribution.Attributed> all, String id) {
		LoggedSlate slate = all.stream()
			.filter((a) -> a.slate().recommendationId().equals(id))
			.findFirst()
			.orElseThrow()
			.toLogged(32);
		return slate.slots().stream().mapToDouble(LoggedSlate.Slot::reward).toArray();
	}

	@Test
	void feedbackFindsItsSlateByIdOrByTheUsersLatestSlateWithinTheWindow() {
		List<ServedSlate> slates = List.of(slate("r1", "u", T0, "a", "b", "c"),
				slate("r2", "u", T0.plusSeconds(60), "b", "d"), slate("r1", "u", T0, "a", "b", "c"));
		List<InteractionEvent> events = List.of(
				// by id, a view then a click: the click (later feedback only raises)
				event("u", "a", EventType.VIEW, "r1", T0.plusSeconds(5)),
				event("u", "a", EventType.CLICK, "r1", T0.plusSeconds(6)),
				// a skip after the click changes nothing
				event("u", "a", EventType.SKIP, "r1", T0.plusSeconds(7)),
				// by user and item: b's latest slate at that time is r2
				event("u", "b", EventType.CLICK, null, T0.plusSeconds(90)),
				// c before r2: r1 (the only one that showed it)
				event("u", "c", EventType.VIEW, null, T0.plusSeconds(10)),
				// impressions are not feedback
				event("u", "d", EventType.IMPRESSION, "r2", T0.plusSeconds(61)),
				// after the window: nothing
				event("u", "d", EventType.CLICK, "r2", T0.plusSeconds(60 + 1800)),
				// another user naming r1: nothing
				event("x", "b", EventType.CLICK, "r1", T0.plusSeconds(8)));
		List<FeedbackAttribution.Attributed> all = FeedbackAttribution.attribute(slates, events, SETTINGS);
		assertThat(all).hasSize(2); // r1 logged twice counts once
		assertThat(rewards(all, "r1")).containsExactly(1, 0, 0.2);
		assertThat(rewards(all, "r2")).containsExactly(1, 0);
	}

	@Test
	void aSlateThatCannotBeEvaluatedIsLeftOut() {
		ServedSlate otherSchema = new ServedSlate("r", "u", "linucb", 1, T0,
				List.of(new ServedSlate.ShownItem("a", 0, 1.0, "exploit", new double[8], null)), false);
		ServedSlate noPropensity = new ServedSlate("s", "u", "linucb", 1, T0,
				List.of(new ServedSlate.ShownItem("a", 0, 0.0, "exploit", new double[32], null)), false);
		for (FeedbackAttribution.Attributed a : FeedbackAttribution.attribute(List.of(otherSchema, noPropensity),
				List.of(), SETTINGS)) {
			assertThat(a.toLogged(32)).isNull();
		}
	}

}
