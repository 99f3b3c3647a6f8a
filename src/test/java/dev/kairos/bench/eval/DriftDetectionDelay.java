package dev.kairos.bench.eval;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.learning.DriftWatch;
import dev.kairos.learning.Observation;

/**
 * Time to detection of the worker's drift detector ({@link DriftWatch}, default settings)
 * in the evaluation suite's worlds: a learner serves the world in process, its slates and
 * clicks become the worker's observations (a user's first request is a new user's, reason
 * {@code cold-start}), and every detection is recorded with its request. Reports, per
 * world and learner, the detections before the world's drift starts (false alarms, or the
 * learner's own learning curve) and the requests from the drift's start to the first
 * detection after it.
 *
 * <p>
 * Usage (test classpath): {@code DriftDetectionDelay [requests] [seeds] [learners,...]
 * [worlds,...]}; defaults 10000, 2, {@code epsilon-greedy,kairos-sandbox},
 * {@code day-parts,weekly,default}.
 */
public final class DriftDetectionDelay {

	private DriftDetectionDelay() {
	}

	/** A learner whose slates and clicks feed a drift detector. */
	static final class Watched extends ForwardingLearner {

		private final DriftWatch watch;

		private final Map<String, List<String>> slates = new HashMap<>();

		private final Map<String, String> reasons = new HashMap<>();

		private final Set<String> credited = new HashSet<>();

		private final Set<String> users = new HashSet<>();

		private final List<Observation> pending = new ArrayList<>();

		final List<int[]> detections = new ArrayList<>();

		int request;

		Watched(Learner inner, DriftWatch watch) {
			super(inner);
			this.watch = watch;
		}

		@Override
		public Slate recommend(Request request) {
			Slate slate = super.recommend(request);
			this.request++;
			String reason = this.users.add(request.userId()) ? "cold-start" : "exploit";
			this.slates.put(slate.recommendationId(), slate.itemIds());
			this.reasons.put(slate.recommendationId(), reason);
			for (int i = 0; i < slate.itemIds().size(); i++) {
				this.pending.add(new Observation(Observation.Kind.SHOWN, "sim", reason + "|" + request.userId(), true,
						0, false, new double[0]));
			}
			return slate;
		}

		@Override
		public void observe(List<Event> events) {
			super.observe(events);
			for (Event e : events) {
				if ((e.type() == EventType.CLICK || e.type() == EventType.PURCHASE) && e.recommendationId() != null
						&& this.slates.getOrDefault(e.recommendationId(), List.of()).contains(e.itemId())
						&& this.credited.add(e.recommendationId() + '|' + e.itemId())) {
					this.pending
						.add(new Observation(Observation.Kind.CREDIT, "sim", "exploit", true, 1, true, new double[0]));
				}
			}
			flush();
		}

		private void flush() {
			if (this.pending.isEmpty()) {
				return;
			}
			List<Observation> batch = new ArrayList<>(this.pending.size());
			for (Observation o : this.pending) {
				// the reason carried the user only to tell new from established
				String reason = o.reason().startsWith("cold-start") ? "cold-start" : "exploit";
				batch.add(
						new Observation(o.kind(), o.policy(), reason, o.learn(), o.reward(), o.firstPositive(), o.x()));
			}
			this.pending.clear();
			for (DriftWatch.Detection d : this.watch.observe(batch)) {
				this.detections.add(new int[] { this.request, d.segment().equals("new-user") ? 1 : 0,
						d.direction().equals("up") ? 1 : 0 });
			}
		}

	}

	public static void main(String[] args) {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int seeds = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		List<String> learners = List.of(((args.length > 2) ? args[2] : "epsilon-greedy,kairos-sandbox").split(","));
		List<String> worlds = List.of(((args.length > 3) ? args[3] : "day-parts,weekly,default").split(","));
		DriftWatch.Settings settings = new DriftWatch.Settings(DriftResponse.Kind.NONE, 0.02, 50, 1000,
				java.time.Duration.ofHours(1), java.time.Duration.ofHours(2));
		System.out
			.println("| world | learner | seed | drift starts at request | detections before (established/new, up/down)"
					+ " | first detection after the drift (requests later, segment, direction) |");
		System.out.println("|---|---|---:|---:|---|---|");
		for (String worldName : worlds) {
			WorldSpec spec = Worlds.named(worldName);
			for (String learnerName : learners) {
				for (int seed = 1; seed <= seeds; seed++) {
					DriftWatch watch = new DriftWatch(settings, null, Clock.systemUTC(), (d) -> {
					});
					try (Watched learner = new Watched(Learners.create(learnerName, seed), watch)) {
						WorldRun.run(spec, seed, requests, learner, ClientBehaviour.IMPRESSIONS, () -> {
						});
						int driftAt = new SimulatedWorld(spec, seed, requests).driftRequest();
						int before = 0;
						StringBuilder kinds = new StringBuilder();
						int[] after = null;
						for (int[] d : learner.detections) {
							// a detection after request r was fed requests up to r - 1
							if (driftAt < 0 || d[0] <= driftAt) {
								before++;
								kinds.append(kinds.isEmpty() ? "" : " ")
									.append(d[1] == 1 ? "new" : "est")
									.append('/')
									.append(d[2] == 1 ? "up" : "down")
									.append('@')
									.append(d[0]);
							}
							else if (after == null) {
								after = d;
							}
						}
						System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d %s | %s |", worldName,
								learnerName, seed, (driftAt < 0) ? "none" : Integer.toString(driftAt), before,
								kinds.isEmpty() ? "" : "(" + kinds + ")",
								(after == null) ? "none"
										: (after[0] - driftAt) + ", " + (after[1] == 1 ? "new" : "established") + ", "
												+ (after[2] == 1 ? "up" : "down")));
					}
				}
			}
		}
	}

}
