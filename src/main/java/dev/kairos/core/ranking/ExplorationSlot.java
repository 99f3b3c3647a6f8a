package dev.kairos.core.ranking;

/**
 * How the last place of a slate is explored, after ranking: the places above it keep the
 * ranking's items, and the last goes to one of the remaining candidates R (those not
 * placed above it, {@code m = |R|}). Both rules have closed-form propensities:
 * <ul>
 * <li>{@code epsilon} (ε-greedy; Sutton &amp; Barto, <i>Reinforcement Learning</i>, 2nd
 * ed., §2.2): the ranking's own item with probability {@code 1 − ε}, else one of R
 * uniformly: {@code P(i) = (1 − ε)·[i is the ranking's] + ε/m};</li>
 * <li>{@code softmax} (Boltzmann; Sutton &amp; Barto §2.8): item i of R with probability
 * {@code exp(s_i/τ) / Σ_{j∈R} exp(s_j/τ)}, s the ranking's blended score, τ the
 * temperature (computed with the largest score subtracted, so it cannot overflow).</li>
 * </ul>
 * One explored place, not every place: the slate keeps what the ranking is sure of, and
 * each slate still tries something, with a probability that is known exactly.
 *
 * @param kind the rule
 * @param parameter ε in [0, 1] or τ &gt; 0; 0 for {@link Kind#NONE}
 */
public record ExplorationSlot(Kind kind, double parameter) {

	/** No explored place: the ranking's slate as it is. */
	public static final ExplorationSlot NONE = new ExplorationSlot(Kind.NONE, 0);

	/** The rules. */
	public enum Kind {

		/** No exploration. */
		NONE,
		/** ε-greedy. */
		EPSILON,
		/** Softmax over the blended scores. */
		SOFTMAX

	}

	public ExplorationSlot {
		switch (kind) {
			case EPSILON -> {
				if (!(parameter >= 0 && parameter <= 1)) {
					throw new IllegalArgumentException("epsilon must be in [0, 1], was " + parameter);
				}
			}
			case SOFTMAX -> {
				if (!(parameter > 0) || Double.isInfinite(parameter)) {
					throw new IllegalArgumentException("temperature must be positive and finite, was " + parameter);
				}
			}
			case NONE -> parameter = 0;
		}
	}

	/** ε-greedy with rate ε. */
	public static ExplorationSlot epsilon(double epsilon) {
		return new ExplorationSlot(Kind.EPSILON, epsilon);
	}

	/** Softmax with temperature τ. */
	public static ExplorationSlot softmax(double temperature) {
		return new ExplorationSlot(Kind.SOFTMAX, temperature);
	}

	/**
	 * The probability of each remaining candidate taking the explored place.
	 * @param scores the remaining candidates' blended scores
	 * @param greedy the index (in {@code scores}) of the ranking's own item
	 */
	public double[] probabilities(double[] scores, int greedy) {
		int m = scores.length;
		double[] p = new double[m];
		switch (this.kind) {
			case NONE -> p[greedy] = 1;
			case EPSILON -> {
				for (int i = 0; i < m; i++) {
					p[i] = this.parameter / m;
				}
				p[greedy] += 1 - this.parameter;
			}
			case SOFTMAX -> {
				double max = Double.NEGATIVE_INFINITY;
				for (double s : scores) {
					max = Math.max(max, s);
				}
				double sum = 0;
				for (int i = 0; i < m; i++) {
					p[i] = Math.exp((scores[i] - max) / this.parameter);
					sum += p[i];
				}
				for (int i = 0; i < m; i++) {
					p[i] /= sum;
				}
			}
		}
		return p;
	}

}
