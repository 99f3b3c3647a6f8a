package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Epsilon-greedy (Sutton &amp; Barto, <i>Reinforcement Learning</i>, 2nd ed., §2.2),
 * optionally with the decaying rate {@code ε_t = min(1, c/t)} of the ε_n-greedy policy of
 * Auer, Cesa-Bianchi &amp; Fischer 2002 (§3, where {@code c} absorbs their
 * {@code cK/d²}); t is the number of rewards observed so far plus one.
 *
 * <p>
 * Slates and unplayed arms (our choices):
 * <ol>
 * <li>Arms never pulled are chosen first, in id order, so no arm is starved and every arm
 * is played once before any is repeated.</li>
 * <li>The remaining {@code r} slots go, with probability {@code 1−ε}, to the {@code r}
 * played arms with the best mean (ties by id), and with probability {@code ε} to a
 * uniformly random r-subset of the {@code m} played arms.</li>
 * </ol>
 * The propensity is the exact inclusion probability: 1 or 0 for unplayed arms, and
 * {@code (1−ε)·[in the greedy top r] + ε·r/m} for played ones.
 */
public final class EpsilonGreedy implements BanditPolicy {

	private final double epsilon;

	private final double decay;

	private final RandomGenerator random;

	private final ArmStatisticsTable statistics = new ArmStatisticsTable();

	private EpsilonGreedy(double epsilon, double decay, RandomGenerator random) {
		this.epsilon = epsilon;
		this.decay = decay;
		this.random = random;
	}

	/** A fixed rate ε in [0, 1]. */
	public static EpsilonGreedy fixed(double epsilon, RandomGenerator random) {
		if (!(epsilon >= 0 && epsilon <= 1)) {
			throw new IllegalArgumentException("epsilon must be in [0, 1], was " + epsilon);
		}
		return new EpsilonGreedy(epsilon, 0, Ranking.requireRandom(random));
	}

	/** The decaying rate {@code ε_t = min(1, c/t)}, c &gt; 0. */
	public static EpsilonGreedy decaying(double c, RandomGenerator random) {
		if (!(c > 0) || !Double.isFinite(c)) {
			throw new IllegalArgumentException("c must be positive and finite, was " + c);
		}
		return new EpsilonGreedy(0, c, Ranking.requireRandom(random));
	}

	@Override
	public String name() {
		return "epsilon-greedy";
	}

	/** The exploration rate of the next round. */
	public double currentEpsilon() {
		if (this.decay > 0) {
			return Math.min(1.0, this.decay / (this.statistics.totalPulls() + 1));
		}
		return this.epsilon;
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, -1);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] score = new double[n];
		double[] propensity = new double[n];
		List<Integer> unplayed = new ArrayList<>();
		int[] played = new int[n];
		int m = 0;
		for (int i = 0; i < n; i++) {
			ArmStatistics s = this.statistics.get(candidates.get(i).id());
			if (s.pulls() == 0) {
				unplayed.add(i);
				score[i] = Double.MAX_VALUE;
			}
			else {
				mean[i] = s.mean(0);
				score[i] = mean[i];
				played[m++] = i;
			}
		}
		int size = Math.min(k, n);
		int[] chosen = new int[size];
		// unplayed first, by id: they all score MAX_VALUE, so topK orders them by id
		int u = Math.min(size, unplayed.size());
		int[] firstUnplayed = Ranking.topK(candidates, score, u);
		for (int j = 0; j < u; j++) {
			chosen[j] = firstUnplayed[j];
			propensity[firstUnplayed[j]] = 1.0;
		}
		int r = size - u;
		if (r > 0) {
			double eps = currentEpsilon();
			int[] greedy = topAmong(candidates, score, played, m, r);
			for (int index : greedy) {
				propensity[index] += 1.0 - eps;
			}
			for (int j = 0; j < m; j++) {
				propensity[played[j]] += eps * r / m;
			}
			int[] pick;
			if (this.random.nextDouble() < eps) {
				int[] pool = java.util.Arrays.copyOf(played, m);
				for (int j = 0; j < r; j++) {
					int swap = j + this.random.nextInt(m - j);
					int t = pool[j];
					pool[j] = pool[swap];
					pool[swap] = t;
				}
				pick = topAmong(candidates, score, pool, r, r);
			}
			else {
				pick = greedy;
			}
			System.arraycopy(pick, 0, chosen, u, r);
		}
		return Ranking.slate(candidates, chosen, mean, null, score, propensity);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		this.statistics.add(arm.id(), reward);
	}

	/** The per-arm statistics, for storage and merging. */
	public ArmStatisticsTable statistics() {
		return this.statistics;
	}

	// the best r of the first m indices in pool, best first
	private static int[] topAmong(List<Arm> candidates, double[] score, int[] pool, int m, int r) {
		int[] top = new int[r];
		if (r == 0) {
			return top;
		}
		int size = 0;
		for (int a = 0; a < m; a++) {
			int i = pool[a];
			if (size == r && !Ranking.before(candidates, score, i, top[r - 1])) {
				continue;
			}
			int p = (size < r) ? size++ : r - 1;
			while (p > 0 && Ranking.before(candidates, score, i, top[p - 1])) {
				top[p] = top[p - 1];
				p--;
			}
			top[p] = i;
		}
		return top;
	}

}
