package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Shared mechanics of every policy, kept apart from scoring: input validation, top-k
 * selection with the tie-break (score descending, then id ascending) and slate assembly.
 */
final class Ranking {

	private Ranking() {
	}

	/**
	 * Checks the inputs of {@link BanditPolicy#select}.
	 * @param dimension the required feature length, or -1 for any
	 */
	static void validate(List<Arm> candidates, int k, int dimension) {
		if (candidates == null) {
			throw new IllegalArgumentException("candidates must not be null");
		}
		if (k < 1) {
			throw new IllegalArgumentException("k must be at least 1, was " + k);
		}
		for (int i = 0; i < candidates.size(); i++) {
			Arm arm = candidates.get(i);
			if (arm == null) {
				throw new IllegalArgumentException("candidate " + i + " is null");
			}
			requireFeatures(arm, dimension);
		}
	}

	static void requireFeatures(Arm arm, int dimension) {
		double[] x = arm.features();
		if (dimension >= 0 && x.length != dimension) {
			throw new IllegalArgumentException(
					"arm " + arm.id() + " has " + x.length + " features, expected " + dimension);
		}
		for (double v : x) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException("arm " + arm.id() + " has a non-finite feature: " + v);
			}
		}
	}

	static void requireFinite(double reward) {
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite, was " + reward);
		}
	}

	/** True when candidate i ranks before candidate j: higher score, then smaller id. */
	static boolean before(List<Arm> candidates, double[] scores, int i, int j) {
		if (scores[i] != scores[j]) {
			return scores[i] > scores[j];
		}
		return candidates.get(i).id().compareTo(candidates.get(j).id()) < 0;
	}

	/**
	 * The indices of the best {@code min(k, n)} candidates, best first. O(n·k) by
	 * insertion, which beats sorting for the small k of a slate.
	 */
	static int[] topK(List<Arm> candidates, double[] scores, int k) {
		int n = candidates.size();
		int m = Math.min(k, n);
		int[] top = new int[m];
		if (m == 0) {
			return top;
		}
		int size = 0;
		for (int i = 0; i < n; i++) {
			if (size == m && !before(candidates, scores, i, top[m - 1])) {
				continue;
			}
			int p = (size < m) ? size++ : m - 1;
			while (p > 0 && before(candidates, scores, i, top[p - 1])) {
				top[p] = top[p - 1];
				p--;
			}
			top[p] = i;
		}
		return top;
	}

	/**
	 * Builds the slate: every candidate's score in input order, and the chosen ones in
	 * order.
	 */
	static Slate slate(List<Arm> candidates, int[] chosen, double[] expected, double[] bonus, double[] scores,
			double[] propensity) {
		List<ArmScore> scored = new ArrayList<>(candidates.size());
		for (int i = 0; i < candidates.size(); i++) {
			scored.add(new ArmScore(candidates.get(i).id(), expected[i], (bonus != null) ? bonus[i] : 0.0, scores[i],
					propensity[i]));
		}
		List<ArmScore> top = new ArrayList<>(chosen.length);
		for (int index : chosen) {
			top.add(scored.get(index));
		}
		return new Slate(top, scored);
	}

	/** Propensity 1 for the chosen indices, 0 for the rest: deterministic policies. */
	static double[] deterministicPropensities(int n, int[] chosen) {
		double[] p = new double[n];
		for (int index : chosen) {
			p[index] = 1.0;
		}
		return p;
	}

	static RandomGenerator requireRandom(RandomGenerator random) {
		if (random == null) {
			throw new IllegalArgumentException("a seeded random source is required");
		}
		return random;
	}

	static void requirePositive(double value, String name) {
		if (!(value > 0) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
		}
	}

	static void requireNonNegative(double value, String name) {
		if (!(value >= 0) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " must be finite and not negative, was " + value);
		}
	}

	/**
	 * Adds to {@code counts} one for each index among the best k of {@code scores}: one
	 * draw of a Monte Carlo estimate of inclusion probabilities.
	 */
	static void countTopK(List<Arm> candidates, double[] scores, int k, int[] counts) {
		for (int index : topK(candidates, scores, k)) {
			counts[index]++;
		}
	}

	/**
	 * A sampling policy's propensities: 1.0 for every chosen candidate when all are
	 * chosen; otherwise by choosing again with {@code draws} fresh draws,
	 * {@code (1 + hits)/(draws
	 * + 1)} (the served draw counts, so a chosen candidate never gets 0).
	 * @param chosen the indices the served draw chose
	 * @param redraw fills its argument with one fresh draw of every candidate's score
	 */
	static double[] sampledPropensities(List<Arm> candidates, int[] chosen, int k, int draws,
			Consumer<double[]> redraw) {
		int n = candidates.size();
		if (chosen.length == n) {
			return deterministicPropensities(n, chosen);
		}
		int[] counts = new int[n];
		for (int index : chosen) {
			counts[index]++;
		}
		double[] draw = new double[n];
		for (int t = 0; t < draws; t++) {
			redraw.accept(draw);
			countTopK(candidates, draw, k, counts);
		}
		double[] propensity = new double[n];
		for (int i = 0; i < n; i++) {
			propensity[i] = counts[i] / (double) (draws + 1);
		}
		return propensity;
	}

	static Slate empty() {
		return new Slate(List.of(), List.of());
	}

}
