package dev.kairos.bench.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.bench.eval.Learner.Event;
import dev.kairos.bench.eval.Learner.Item;

/**
 * Replays a real data set to a learner in time order (prequential): a warm-up whose
 * events are only posted, then the scored steps, each asked for a top-10 at its own time
 * before its events are posted. HitRate@10: the share of scored steps whose top-10 held a
 * target; MRR@10: the mean of 1 / rank of the first target in it (0 if none). Also the
 * share of recommended slots that held an item the user had already clicked or bought,
 * and HitRate@10 for new items: over the scored steps with a target created less than
 * {@value #NEW_ITEM_DAYS} days before the step, the share whose top-10 held one of those
 * new targets (where content features must help: such an item has little history).
 */
public final class Replay {

	public static final int K = 10;

	/** The age below which a target counts as a new item. */
	public static final int NEW_ITEM_DAYS = 7;

	private Replay() {
	}

	/**
	 * @param scored how many scorable steps, the last of the data set, are scored
	 * @param history how many steps before them are the warm-up (all if negative)
	 */
	public static ReplayResult run(ReplayData data, Learner learner, int scored, int history,
			WorldRun.Progress progress) {
		List<ReplayData.Step> steps = data.steps();
		int start = steps.size();
		for (int found = 0; start > 0 && found < scored;) {
			start--;
			if (!steps.get(start).targets().isEmpty()) {
				found++;
			}
		}
		int from = (history < 0) ? 0 : Math.max(0, start - history);
		Instant scoredFrom = steps.get(start).at();
		List<Item> catalogue = new ArrayList<>(data.items().values());
		catalogue.sort(java.util.Comparator.comparing(Item::createdAt).thenComparing(Item::itemId));
		int nextItem = 0;
		List<Item> initial = new ArrayList<>();
		while (nextItem < catalogue.size() && catalogue.get(nextItem).createdAt().isBefore(scoredFrom)) {
			initial.add(catalogue.get(nextItem++));
		}
		learner.addItems(initial);
		Map<String, Set<String>> consumed = new HashMap<>();
		List<Event> warmUp = new ArrayList<>();
		for (int i = from; i < start; i++) {
			warmUp.addAll(steps.get(i).events());
			remember(consumed, steps.get(i).events());
		}
		learner.observe(warmUp);
		if (learner instanceof KairosHttpLearner kairos) {
			kairos.settle();
		}
		long asked = 0;
		long hits = 0;
		double reciprocalRanks = 0;
		long slots = 0;
		long consumedSlots = 0;
		long newAsked = 0;
		long newHits = 0;
		List<Event> pending = new ArrayList<>();
		for (int i = start; i < steps.size(); i++) {
			ReplayData.Step step = steps.get(i);
			List<Item> arriving = new ArrayList<>();
			while (nextItem < catalogue.size() && !catalogue.get(nextItem).createdAt().isAfter(step.at())) {
				arriving.add(catalogue.get(nextItem++));
			}
			if (!arriving.isEmpty()) {
				flush(learner, pending);
				learner.addItems(arriving);
			}
			if (!step.targets().isEmpty()) {
				flush(learner, pending);
				List<String> top = learner.recommend(new Learner.Request(step.userId(), step.at(), K)).itemIds();
				asked++;
				Set<String> own = consumed.getOrDefault(step.userId(), Set.of());
				for (int rank = 0; rank < top.size() && rank < K; rank++) {
					slots++;
					if (own.contains(top.get(rank))) {
						consumedSlots++;
					}
				}
				for (int rank = 0; rank < top.size() && rank < K; rank++) {
					if (step.targets().contains(top.get(rank))) {
						hits++;
						reciprocalRanks += 1.0 / (rank + 1);
						break;
					}
				}
				Set<String> newTargets = new HashSet<>();
				for (String target : step.targets()) {
					Item item = data.items().get(target);
					if (item != null && item.createdAt().isAfter(step.at().minus(Duration.ofDays(NEW_ITEM_DAYS)))) {
						newTargets.add(target);
					}
				}
				if (!newTargets.isEmpty()) {
					newAsked++;
					if (top.stream().limit(K).anyMatch(newTargets::contains)) {
						newHits++;
					}
				}
				if (progress != null) {
					progress.step();
				}
			}
			pending.addAll(step.events());
			remember(consumed, step.events());
		}
		flush(learner, pending);
		Map<String, Integer> refusals = Map.of();
		long refusedItems = 0;
		long refusedEvents = 0;
		long failed = 0;
		if (learner instanceof KairosHttpLearner kairos) {
			refusals = Map.copyOf(kairos.refusals());
			refusedItems = kairos.refusedItems();
			refusedEvents = kairos.refusedEvents();
			failed = kairos.failedRequests();
		}
		return new ReplayResult(data.name(), learner.name(), start - from, asked,
				(asked > 0) ? (double) hits / asked : 0, (asked > 0) ? reciprocalRanks / asked : 0,
				(slots > 0) ? (double) consumedSlots / slots : 0, data.items().size(), refusedItems, refusedEvents,
				failed, refusals, newAsked, (newAsked > 0) ? (double) newHits / newAsked : 0);
	}

	/** How many scored steps a run with these settings asks for (for a progress bar). */
	public static int scoredSteps(ReplayData data, int scored) {
		return (int) Math.min(scored, data.steps().stream().filter((s) -> !s.targets().isEmpty()).count());
	}

	private static void flush(Learner learner, List<Event> pending) {
		if (!pending.isEmpty()) {
			learner.observe(new ArrayList<>(pending));
			pending.clear();
		}
	}

	private static void remember(Map<String, Set<String>> consumed, List<Event> events) {
		for (Event e : events) {
			if (e.type().consumes()) {
				consumed.computeIfAbsent(e.userId(), (u) -> new HashSet<>()).add(e.itemId());
			}
		}
	}

}
