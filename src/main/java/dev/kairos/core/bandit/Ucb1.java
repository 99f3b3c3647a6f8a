package dev.kairos.core.bandit;

import java.util.List;

/**
 * UCB1 (Auer, Cesa-Bianchi &amp; Fischer 2002, "Finite-time analysis of the multiarmed
 * bandit problem", Machine Learning 47, Figure 1): play each arm once, then the arm
 * maximising {@code x̄_j + c·sqrt(2 ln n / n_j)}.
 *
 * <p>
 * Deviations: the bonus has a scale {@code c} (1 in the paper); rewards are not required
 * to lie in [0, 1] (the guarantee needs it); a slate of k takes the k best indices. Arms
 * never pulled score {@link Double#MAX_VALUE} (not infinity, so scores stay serialisable)
 * and are therefore tried first, in id order. {@code n} is the total number of rewards
 * observed over all arms.
 *
 * <p>
 * Propensity: deterministic, 1 for the chosen arms and 0 for the others.
 */
public final class Ucb1 implements BanditPolicy {

	private final double scale;

	private final ArmStatisticsTable statistics = new ArmStatisticsTable();

	/** UCB1 as in the paper ({@code c = 1}). */
	public Ucb1() {
		this(1.0);
	}

	/**
	 * @param scale the bonus scale c, not negative
	 */
	public Ucb1(double scale) {
		if (!(scale >= 0) || !Double.isFinite(scale)) {
			throw new IllegalArgumentException("scale must be finite and not negative, was " + scale);
		}
		this.scale = scale;
	}

	@Override
	public String name() {
		return "ucb1";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, -1);
		int n = candidates.size();
		double logTotal = Math.log(Math.max(1, this.statistics.totalPulls()));
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		for (int i = 0; i < n; i++) {
			ArmStatistics s = this.statistics.get(candidates.get(i).id());
			if (s.pulls() == 0) {
				bonus[i] = Double.MAX_VALUE;
				score[i] = Double.MAX_VALUE;
			}
			else {
				mean[i] = s.mean(0);
				bonus[i] = this.scale * Math.sqrt(2 * logTotal / s.pulls());
				score[i] = mean[i] + bonus[i];
			}
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		return Ranking.slate(candidates, chosen, mean, bonus, score, Ranking.deterministicPropensities(n, chosen));
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

}
