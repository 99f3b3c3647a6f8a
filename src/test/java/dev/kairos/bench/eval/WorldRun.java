package dev.kairos.bench.eval;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One learner on one world, seed and client behaviour: the requests in time order, each
 * slate scored by its expected clicks under the world's true probabilities, feedback
 * drawn from them and posted back as the client would.
 *
 * <p>
 * The visitors, their organic views and the uniform numbers the clicks are drawn from
 * depend only on the world and the seed, so every learner meets the same users at the
 * same times, and two runs with the same seed give the same figures.
 *
 * <p>
 * <b>Normalized CTR</b> (one definition, as {@code bench.sim.Simulator}):
 * {@code (CTR − random) / (oracle − random)} over a window of requests, with CTR the
 * expected clicks per slot of the learner's slates and random and oracle those of a
 * uniformly random and of the best slate for the same user at the same moment (0: as good
 * as random, 1: as good as the oracle).
 */
public final class WorldRun {

	/** Windows the run is cut into for the curves. */
	public static final int WINDOWS = 20;

	/** How many requests after its arrival an item counts as new. */
	public static final int NEW_ITEM_REQUESTS = 2_000;

	private WorldRun() {
	}

	/** Runs the learner; it is given the catalogue first. */
	public static RunResult run(WorldSpec spec, long seed, int requests, Learner learner, ClientBehaviour client,
			Progress progress) {
		SimulatedWorld world = new SimulatedWorld(spec, seed, requests);
		SplittableRandom visitors = new SplittableRandom(seed * 1_000_003 + 17);
		SplittableRandom views = new SplittableRandom(seed * 1_000_003 + 29);
		Instant created = SimulatedWorld.START.minus(30, ChronoUnit.DAYS);
		List<Learner.Item> initial = new ArrayList<>();
		for (int i = 0; i < world.itemCount(); i++) {
			if (world.arrival(i) == 0) {
				initial.add(item(world, i, created));
			}
		}
		learner.addItems(initial);
		List<Integer> active = world.activeAt(0);
		int k = spec.slateSize();
		int perWindow = Math.max(1, requests / WINDOWS);
		double[][] sums = new double[WINDOWS][3];
		int driftAt = world.driftRequest();
		int afterDriftRequests = Math.max(1, requests / 10);
		double[] afterDrift = new double[3];
		long[] newSlots = new long[4];
		int firstArrival = Integer.MAX_VALUE;
		for (int i = 0; i < world.itemCount(); i++) {
			if (world.arrival(i) > 0) {
				firstArrival = Math.min(firstArrival, world.arrival(i));
			}
		}
		long invalid = 0;
		long clicks = 0;
		for (int r = 0; r < requests; r++) {
			Instant at = world.at(r);
			List<Learner.Item> arriving = new ArrayList<>();
			for (int i = 0; i < world.itemCount(); i++) {
				if (r > 0 && world.arrival(i) == r) {
					arriving.add(item(world, i, at));
				}
			}
			if (!arriving.isEmpty()) {
				learner.addItems(arriving);
				active = world.activeAt(r);
			}
			int user = world.drawUser(visitors);
			String userId = SimulatedWorld.userId(user);
			List<Integer> viewed = world.organicViews(user, r, active, views);
			if (!viewed.isEmpty()) {
				List<Learner.Event> viewEvents = new ArrayList<>();
				for (int v = 0; v < viewed.size(); v++) {
					viewEvents.add(new Learner.Event(userId, SimulatedWorld.itemId(viewed.get(v)),
							Learner.EventType.VIEW, at.minusSeconds(60L * (viewed.size() - v)), null));
				}
				learner.observe(viewEvents);
			}
			Learner.Slate slate = learner.recommend(new Learner.Request(userId, at, k));
			if (slate.itemIds().isEmpty()) {
				// a failed request (Kairos over HTTP answers an empty slate then): every
				// slot is lost
				invalid += k;
			}
			double expected = 0;
			List<Learner.Event> impressions = new ArrayList<>();
			List<Learner.Event> clickEvents = new ArrayList<>();
			List<Integer> clicked = new ArrayList<>();
			Set<Integer> seen = new HashSet<>();
			boolean newItemsAround = r >= firstArrival;
			int p = 0;
			for (String itemId : slate.itemIds()) {
				int item = world.itemIndex(itemId);
				if (p >= k || item < 0 || world.arrival(item) > r || !seen.add(item)) {
					// not an item of the catalogue now, a duplicate, or beyond the slate
					invalid++;
					continue;
				}
				double probability = world.attraction(user, item, r) * world.positionBias(p);
				expected += probability;
				if (newItemsAround) {
					newSlots[0]++;
					if (world.arrival(item) > 0 && r - world.arrival(item) < NEW_ITEM_REQUESTS) {
						newSlots[1]++;
					}
				}
				impressions
					.add(new Learner.Event(userId, itemId, Learner.EventType.IMPRESSION, at, slate.recommendationId()));
				if (world.uniform(r, p) < probability) {
					clickEvents.add(new Learner.Event(userId, itemId, Learner.EventType.CLICK, at.plusSeconds(5),
							slate.recommendationId()));
					clicked.add(item);
				}
				p++;
			}
			List<Learner.Event> feedback = new ArrayList<>();
			if (client == ClientBehaviour.IMPRESSIONS) {
				feedback.addAll(impressions);
			}
			feedback.addAll(clickEvents);
			if (!feedback.isEmpty()) {
				learner.observe(feedback);
			}
			double ctr = expected / k;
			double randomCtr = world.randomCtr(user, r, active);
			SimulatedWorld.Oracle oracle = world.oracle(user, r, active);
			if (newItemsAround) {
				for (int item : oracle.slate()) {
					newSlots[3]++;
					if (world.arrival(item) > 0 && r - world.arrival(item) < NEW_ITEM_REQUESTS) {
						newSlots[2]++;
					}
				}
			}
			int w = Math.min(WINDOWS - 1, r / perWindow);
			sums[w][0] += ctr;
			sums[w][1] += randomCtr;
			sums[w][2] += oracle.ctr();
			if (driftAt >= 0 && r >= driftAt && r < driftAt + afterDriftRequests) {
				afterDrift[0] += ctr;
				afterDrift[1] += randomCtr;
				afterDrift[2] += oracle.ctr();
			}
			clicked.forEach((item) -> world.consume(user, item));
			clicks += clicked.size();
			if (progress != null) {
				progress.step();
			}
		}
		double[] normalized = new double[WINDOWS];
		double[] ctr = new double[WINDOWS];
		double[] oracleCtr = new double[WINDOWS];
		for (int w = 0; w < WINDOWS; w++) {
			normalized[w] = normalized(sums[w]);
			ctr[w] = sums[w][0];
			oracleCtr[w] = sums[w][2];
		}
		double[] tail = new double[3];
		for (int w = WINDOWS - WINDOWS / 5; w < WINDOWS; w++) {
			for (int j = 0; j < 3; j++) {
				tail[j] += sums[w][j];
			}
		}
		Double recoveredWithin = null;
		Double beforeDrift = null;
		Double firstAfterDrift = null;
		if (driftAt >= 0) {
			int driftWindow = driftAt / perWindow;
			double[] before = new double[3];
			for (int w = Math.max(0, driftWindow - 2); w < driftWindow; w++) {
				for (int j = 0; j < 3; j++) {
					before[j] += sums[w][j];
				}
			}
			beforeDrift = normalized(before);
			firstAfterDrift = normalized(afterDrift);
			for (int w = driftWindow; w < WINDOWS; w++) {
				if (normalized[w] >= 0.8 * beforeDrift) {
					recoveredWithin = (double) ((w + 1) * perWindow - driftAt);
					break;
				}
			}
		}
		return new RunResult(spec.name(), learner.name(), client.label(), seed, requests, normalized(tail),
				(tail[2] > 0) ? tail[0] / tail[2] : Double.NaN, normalized, beforeDrift, firstAfterDrift,
				recoveredWithin, (newSlots[0] > 0) ? (double) newSlots[1] / newSlots[0] : null,
				(newSlots[3] > 0) ? (double) newSlots[2] / newSlots[3] : null, invalid, clicks);
	}

	private static double normalized(double[] sums) {
		return (sums[0] - sums[1]) / (sums[2] - sums[1]);
	}

	private static Learner.Item item(SimulatedWorld world, int i, Instant createdAt) {
		return new Learner.Item(SimulatedWorld.itemId(i), List.of(world.category(i)), createdAt);
	}

	/** Told of each request, for a progress bar. */
	public interface Progress {

		void step();

	}

}
