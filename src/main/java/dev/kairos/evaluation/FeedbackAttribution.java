package dev.kairos.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.eval.LoggedSlate;
import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ServedSlate;

/**
 * Gives each logged slate's items the reward their feedback earned, as the worker's join
 * ({@link dev.kairos.learning.SlateJoin}) does, but offline, over a whole log at once:
 * feedback names its slate by recommendation id, or goes to the user's latest slate
 * served at or before it that showed the item; it counts within the attribution window
 * (before the slate's time plus the window); an item's first feedback sets its reward and
 * later feedback only raises it; an item without feedback has reward 0. A slate logged
 * twice (a producer retry) counts once.
 */
final class FeedbackAttribution {

	private FeedbackAttribution() {
	}

	/**
	 * The slates, oldest first, with their rewards.
	 * @param slates served slates, in any order
	 * @param events events, in any order (impressions and events on no slate are ignored)
	 */
	static List<Attributed> attribute(List<ServedSlate> slates, List<InteractionEvent> events,
			LearningSettings settings) {
		Map<String, Attributed> byId = new LinkedHashMap<>();
		List<ServedSlate> ordered = new ArrayList<>(slates);
		ordered.sort(Comparator.comparing(ServedSlate::at).thenComparing(ServedSlate::recommendationId));
		Map<String, List<Attributed>> byUserItem = new HashMap<>();
		for (ServedSlate slate : ordered) {
			if (byId.containsKey(slate.recommendationId())) {
				continue;
			}
			Attributed attributed = new Attributed(slate, new double[slate.items().size()]);
			Arrays.fill(attributed.rewards, Double.NaN);
			byId.put(slate.recommendationId(), attributed);
			for (ServedSlate.ShownItem item : slate.items()) {
				byUserItem.computeIfAbsent(key(slate.userId(), item.itemId()), (k) -> new ArrayList<>())
					.add(attributed);
			}
		}
		long window = settings.attributionWindow().toMillis();
		List<InteractionEvent> ordered2 = new ArrayList<>(events);
		ordered2.sort(Comparator.comparing(InteractionEvent::timestamp));
		for (InteractionEvent event : ordered2) {
			Double reward = settings.reward(event.type());
			if (reward == null || !Double.isFinite(reward)) {
				continue;
			}
			long t = event.timestamp().toEpochMilli();
			Attributed target = null;
			if (event.recommendationId() != null) {
				target = byId.get(event.recommendationId());
			}
			else {
				// the latest slate served at or before it that showed the item
				for (Attributed candidate : byUserItem.getOrDefault(key(event.userId(), event.itemId()), List.of())) {
					if (candidate.slate.at().toEpochMilli() <= t) {
						target = candidate;
					}
				}
			}
			if (target == null || !target.slate.userId().equals(event.userId())
					|| t >= target.slate.at().toEpochMilli() + window) {
				continue;
			}
			int i = indexOf(target.slate, event.itemId());
			if (i < 0) {
				continue;
			}
			double before = target.rewards[i];
			target.rewards[i] = Double.isNaN(before) ? reward : Math.max(before, reward);
		}
		return List.copyOf(byId.values());
	}

	private static String key(String userId, String itemId) {
		return userId + '\u0000' + itemId;
	}

	private static int indexOf(ServedSlate slate, String itemId) {
		for (int i = 0; i < slate.items().size(); i++) {
			if (slate.items().get(i).itemId().equals(itemId)) {
				return i;
			}
		}
		return -1;
	}

	/** A slate and its items' rewards ({@code NaN}: no feedback). */
	record Attributed(ServedSlate slate, double[] rewards) {

		/**
		 * The slate for the estimators (no feedback: reward 0), or {@code null} if it
		 * cannot be one: a propensity outside (0, 1] or a feature vector of another
		 * dimension than {@code dimension}.
		 */
		LoggedSlate toLogged(int dimension) {
			List<LoggedSlate.Slot> slots = new ArrayList<>(this.slate.items().size());
			for (int i = 0; i < this.slate.items().size(); i++) {
				ServedSlate.ShownItem item = this.slate.items().get(i);
				double p = item.propensity();
				if (!(p > 0 && p <= 1) || item.features().length != dimension) {
					return null;
				}
				slots.add(new LoggedSlate.Slot(item.itemId(), p, item.features(),
						Double.isNaN(this.rewards[i]) ? 0 : this.rewards[i]));
			}
			try {
				return new LoggedSlate(this.slate.recommendationId(), this.slate.at(), this.slate.policy(), slots);
			}
			catch (IllegalArgumentException ex) {
				return null; // an item twice in one slate
			}
		}

	}

}
