package dev.kairos.learning;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The policies this deployment serves and their parameters: which statistics the worker
 * keeps for them beyond the shared model, and how serving builds each one.
 *
 * @param served the names of the policies served (the default policy and the experiment's
 * arms)
 * @param alpha LinUCB's α (also linear Thompson sampling's v and hybrid LinUCB's α)
 * @param lambda the ridge regulariser λ
 * @param epsilon ε of {@code epsilon-greedy}'s explored place
 * @param softmaxTemperature τ of {@code softmax}'s explored place
 * @param ucb1Scale the bonus scale c of {@code ucb1}
 * @param itemPriorStrength how many pulls the pooled mean weighs as in a per-item mean
 * @param metaAlphas the meta-bandit's grid of α values
 * @param metaGamma the meta-bandit's EXP3 γ
 * @param bdesMinAlpha B-DES's α_min
 * @param bdesMaxAlpha B-DES's α_max
 * @param discountedHalfLife the half-life of {@code discounted-linucb}'s statistics
 * @param slidingWindow the window of {@code sliding-window-linucb}, in whole hours
 * @param propensityDraws the Monte Carlo draws of a randomised policy's propensities
 * @param seed the seed of this replica's random source, or {@code null} for a random one
 */
public record PolicySettings(Set<String> served, double alpha, double lambda, double epsilon, double softmaxTemperature,
		double ucb1Scale, double itemPriorStrength, List<Double> metaAlphas, double metaGamma, double bdesMinAlpha,
		double bdesMaxAlpha, Duration discountedHalfLife, Duration slidingWindow, int propensityDraws, Long seed) {

	/** The policies that score from per-item statistics. */
	static final Set<String> PER_ITEM = Set.of("ucb1", "epsilon-greedy", "softmax", "bernoulli-thompson",
			"hybrid-linucb");

	public PolicySettings {
		served = Set.copyOf(served);
		metaAlphas = List.copyOf(metaAlphas);
		if (metaAlphas.isEmpty()) {
			throw new IllegalArgumentException("the meta-bandit needs at least one alpha");
		}
		if (slidingWindow.toHours() < 1) {
			throw new IllegalArgumentException("the sliding window must be at least an hour: " + slidingWindow);
		}
	}

	/** Settings serving only the given policies, with the defaults otherwise. */
	public static PolicySettings defaults(Set<String> served, double alpha, double lambda) {
		return new PolicySettings(served, alpha, lambda, 0.1, 0.05, 0.1, 10, List.of(0.0, 0.1, 0.3, 1.0), 0.1, 0.05,
				1.0, Duration.ofDays(1), Duration.ofHours(24), 100, null);
	}

	/** Whether the worker keeps per-item statistics. */
	public boolean perItem() {
		return this.served.stream().anyMatch(PER_ITEM::contains);
	}

	/**
	 * Whether a served policy keeps state beyond the shared model (else serving reads
	 * nothing more than the shared model).
	 */
	public boolean ownState() {
		return perItem() || serves("discounted-linucb") || serves("sliding-window-linucb") || serves("meta-bandit");
	}

	/** Whether a policy is served. */
	public boolean serves(String policy) {
		return this.served.contains(policy);
	}

	/** The sliding window in hours. */
	public int windowHours() {
		return (int) this.slidingWindow.toHours();
	}

	/** The meta-bandit's grid. */
	public double[] metaGrid() {
		return this.metaAlphas.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
