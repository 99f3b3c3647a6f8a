package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * The meta-bandit as served ({@link ExplorationTuner}): EXP3 (Auer, Cesa-Bianchi, Freund
 * &amp; Schapire 2002, algorithm Exp3) over a grid of LinUCB exploration strengths α,
 * each request using α_j with probability {@code p_j = (1 − γ)·w_j/Σw + γ/K}, and the
 * shared LinUCB model scoring with it. Its configurations are deterministic given the
 * model, so its propensities are exact ({@code Σ_j p_j·[item in place under α_j]}).
 *
 * <p>
 * Learning (the worker, per observation of its own slates): a reward r on a slate served
 * with α_j credits only configuration j, {@code log w_j += γ·x̂/K} with the
 * importance-weighted {@code x̂ = clip(r, 0, 1)/p_j} ({@link #credit}); weights are kept
 * as logarithms, additively, so that workers merge them like any other statistic.
 * Deviation: a slate's credit is the sum of its items' rewards (each clipped to [0, 1]),
 * not one reward per round.
 *
 * @param posterior the shared model at this version
 * @param alphas the grid of α values, each ≥ 0, at least one
 * @param logWeights the log-weights, in grid order
 * @param gamma EXP3's γ in (0, 1]
 */
public record ServedMetaBandit(RidgePosterior posterior, double[] alphas, double[] logWeights,
		double gamma) implements ServingPolicy {

	public ServedMetaBandit {
		if (alphas.length == 0 || alphas.length != logWeights.length) {
			throw new IllegalArgumentException("one log-weight per alpha, at least one alpha");
		}
		for (double a : alphas) {
			Ranking.requireNonNegative(a, "alpha");
		}
		for (double w : logWeights) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("log-weights must be finite");
			}
		}
		if (!(gamma > 0 && gamma <= 1)) {
			throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
		}
		alphas = alphas.clone();
		logWeights = logWeights.clone();
	}

	@Override
	public String name() {
		return "meta-bandit";
	}

	/** The EXP3 distribution over the grid. */
	public double[] probabilities() {
		int k = this.alphas.length;
		double max = Double.NEGATIVE_INFINITY;
		for (double w : this.logWeights) {
			max = Math.max(max, w);
		}
		double[] p = new double[k];
		double sum = 0;
		for (int j = 0; j < k; j++) {
			p[j] = Math.exp(this.logWeights[j] - max);
			sum += p[j];
		}
		for (int j = 0; j < k; j++) {
			p[j] = (1 - this.gamma) * p[j] / sum + this.gamma / k;
		}
		return p;
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		// unused: configurations() is what serves; the most likely configuration
		double[] p = probabilities();
		int best = 0;
		for (int j = 1; j < p.length; j++) {
			best = (p[j] > p[best]) ? j : best;
		}
		return configurations(itemIds, x).get(best).terms();
	}

	@Override
	public List<Configuration> configurations(List<String> itemIds, double[][] x) {
		int n = x.length;
		double[] mean = new double[n];
		double[] width = new double[n];
		this.posterior.meansAndWidths(x, mean, width);
		double[] p = probabilities();
		List<Configuration> configurations = new ArrayList<>(p.length);
		for (int j = 0; j < p.length; j++) {
			double[] bonus = new double[n];
			for (int i = 0; i < n; i++) {
				bonus[i] = this.alphas[j] * width[i];
			}
			configurations.add(new Configuration(variant(this.alphas[j], p[j]), p[j],
					new Recommender.Terms(mean, bonus, this.posterior.count())));
		}
		return configurations;
	}

	/** The variant logged for a slate served with α at probability p. */
	public static String variant(double alpha, double probability) {
		return "alpha=" + key(alpha) + ";p=" + probability;
	}

	/** The grid key of an α value, as stored: its shortest decimal form. */
	public static String key(double alpha) {
		return String.format(Locale.ROOT, "%s", alpha);
	}

	/**
	 * A logged variant's α key and probability, or {@code null} if it is not one of this
	 * policy's.
	 */
	public static Choice parse(String variant) {
		if (variant == null || !variant.startsWith("alpha=")) {
			return null;
		}
		int sep = variant.indexOf(";p=");
		if (sep < 0) {
			return null;
		}
		try {
			double p = Double.parseDouble(variant.substring(sep + 3));
			if (!(p > 0 && p <= 1)) {
				return null;
			}
			return new Choice(variant.substring(6, sep), p);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The configuration a slate was served with.
	 *
	 * @param alphaKey α's grid key
	 * @param probability the probability it had
	 */
	public record Choice(String alphaKey, double probability) {
	}

	/**
	 * The increment of a configuration's log-weight for a reward on one of its slates:
	 * {@code γ·clip(r, 0, 1)/(p·K)}.
	 */
	public static double credit(double reward, double probability, double gamma, int gridSize) {
		double clipped = Math.min(1.0, Math.max(0.0, reward));
		return gamma * clipped / (probability * gridSize);
	}

}
