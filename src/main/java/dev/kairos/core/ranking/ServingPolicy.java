package dev.kairos.core.ranking;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A policy as the request path uses it: its terms (expected reward and exploration bonus)
 * for a request's candidates, which the {@link SlateRanker} blends into the slate, and
 * how it randomises, so that the {@link Recommender} can say with what probability each
 * item took its place.
 *
 * <p>
 * A policy randomises in at most one of three ways, each with its own propensity:
 * <ul>
 * <li>{@link #randomized()}: its terms are a draw (Thompson sampling); the propensities
 * are estimated by re-drawing them (Monte Carlo);</li>
 * <li>{@link #configurations}: it mixes deterministic configurations with known
 * probabilities (the meta-bandit); the propensities are exact sums over them;</li>
 * <li>{@link #exploration()}: the last place of the slate is explored
 * ({@link ExplorationSlot}: ε-greedy or softmax), with exact closed-form
 * propensities.</li>
 * </ul>
 * A policy that does none of these is deterministic: each item served has propensity 1.
 * Implementations are immutable (frozen at one model version) and safe to share between
 * threads; all randomness comes from the source passed in.
 */
public interface ServingPolicy {

	/** The policy's name, as configured and logged. */
	String name();

	/**
	 * The terms of the candidates.
	 * @param itemIds the candidates' ids
	 * @param x their feature vectors (same order)
	 * @param random the source of a randomised policy's draw
	 * @return one expected reward and one exploration bonus per candidate
	 */
	Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random);

	/**
	 * The terms with what a policy on learned representations reads besides the vectors
	 * (the neural-linear policy): the user tower's vector, {@code null} when no tower
	 * model is served, and the candidates' signals. By default,
	 * {@link #terms(List, double[][], RandomGenerator)}.
	 */
	default Recommender.Terms terms(List<String> itemIds, double[][] x, float[] userVector,
			List<CandidateSignals> candidates, RandomGenerator random) {
		return terms(itemIds, x, random);
	}

	/** Whether {@link #terms} draws from the random source. */
	default boolean randomized() {
		return false;
	}

	/**
	 * How the slate's last place is explored; {@link ExplorationSlot#NONE} by default.
	 */
	default ExplorationSlot exploration() {
		return ExplorationSlot.NONE;
	}

	/**
	 * For a policy that mixes deterministic configurations: each configuration with its
	 * probability and terms (probabilities summing to 1); empty for the others, which
	 * {@link #terms} then scores.
	 */
	default List<Configuration> configurations(List<String> itemIds, double[][] x) {
		return List.of();
	}

	/**
	 * One configuration of a mixing policy.
	 *
	 * @param variant its name in the slate log ({@code ServedSlate.variant})
	 * @param probability the probability it is used for this request
	 * @param terms its (deterministic) terms
	 */
	record Configuration(String variant, double probability, Recommender.Terms terms) {
	}

	/** A deterministic policy of a scorer's terms. */
	static ServingPolicy of(String name, Recommender.Scorer scorer) {
		return new ServingPolicy() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
				return scorer.score(x);
			}

			@Override
			public Recommender.Terms terms(List<String> itemIds, double[][] x, float[] userVector,
					List<CandidateSignals> candidates, RandomGenerator random) {
				return scorer.score(x, userVector, candidates);
			}

		};
	}

}
