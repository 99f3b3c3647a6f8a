package dev.kairos.core.eval;

import java.util.List;

import dev.kairos.core.learn.RocAuc;

/**
 * The learning guard's rule: a model whose ranking of held-out observations is clearly
 * worse than a reference model's (a recent snapshot) has gone wrong, and learning should
 * stop until someone looks.
 *
 * <p>
 * Held-out observations are feature vectors with the reward they got, from slates whose
 * feedback was kept out of the model. Both models score the same observations with
 * {@code θᵀx}, and each is judged by the area under the ROC curve of those scores against
 * "the reward was positive": how well it ranks what users took above what they passed
 * over, the quantity a slate ranker lives by. Comparing two models on the same data makes
 * the check immune to the data itself getting easier or harder (drift, a change in
 * traffic). The guard trips when the model's AUC is below the reference's by more than
 * {@code margin}, provided there are at least {@code minObservations} observations with
 * at least {@code minPositives} positives and as many negatives.
 *
 * @param margin the largest tolerated drop in AUC, in (0, 1)
 * @param minObservations fewest observations to judge on
 * @param minPositives fewest positives (and negatives) to judge on
 */
public record HoldoutGuard(double margin, int minObservations, int minPositives) {

	public HoldoutGuard {
		if (!(margin > 0 && margin < 1)) {
			throw new IllegalArgumentException("margin must be in (0, 1): " + margin);
		}
		if (minObservations < 2 || minPositives < 1) {
			throw new IllegalArgumentException("minObservations must be ≥ 2 and minPositives ≥ 1");
		}
	}

	/** One held-out observation. */
	public record Observation(double[] x, double reward) {
	}

	/**
	 * The outcome of a check.
	 *
	 * @param observations how many observations were judged
	 * @param positives how many had a positive reward
	 * @param auc the model's AUC, or NaN if there was too little data
	 * @param referenceAuc the reference's AUC, or NaN if there was too little data
	 * @param tripped whether the model is worse than the reference by more than the
	 * margin
	 */
	public record Verdict(int observations, int positives, double auc, double referenceAuc, boolean tripped) {

		/** Whether there was enough data to judge. */
		public boolean judged() {
			return !Double.isNaN(this.auc);
		}

	}

	/**
	 * Judges a model against a reference.
	 * @param heldOut the held-out observations
	 * @param theta the model's coefficients
	 * @param referenceTheta the reference's coefficients
	 * @return the verdict
	 */
	public Verdict check(List<Observation> heldOut, double[] theta, double[] referenceTheta) {
		int n = heldOut.size();
		double[] labels = new double[n];
		double[] scores = new double[n];
		double[] referenceScores = new double[n];
		int positives = 0;
		for (int i = 0; i < n; i++) {
			Observation o = heldOut.get(i);
			labels[i] = (o.reward() > 0) ? 1 : 0;
			positives += (int) labels[i];
			scores[i] = dot(theta, o.x());
			referenceScores[i] = dot(referenceTheta, o.x());
		}
		if (n < this.minObservations || positives < this.minPositives || n - positives < this.minPositives) {
			return new Verdict(n, positives, Double.NaN, Double.NaN, false);
		}
		double auc = RocAuc.of(scores, labels);
		double reference = RocAuc.of(referenceScores, labels);
		return new Verdict(n, positives, auc, reference, auc < reference - this.margin);
	}

	private static double dot(double[] theta, double[] x) {
		if (theta.length != x.length) {
			throw new IllegalArgumentException("dimensions differ: " + theta.length + " and " + x.length);
		}
		double sum = 0;
		for (int i = 0; i < x.length; i++) {
			sum += theta[i] * x[i];
		}
		return sum;
	}

}
