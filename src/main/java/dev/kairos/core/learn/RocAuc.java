package dev.kairos.core.learn;

import java.util.Arrays;

/**
 * Area under the ROC curve of scores against binary labels by the rank-sum (Mann–Whitney
 * U) formula, ties counted as one half (Hanley and McNeil, Radiology 143, 1982).
 */
public final class RocAuc {

	private RocAuc() {
	}

	/**
	 * The AUC, in [0, 1].
	 * @param scores predicted scores
	 * @param labels 1 for positive, 0 for negative (anything &gt; 0.5 is positive)
	 * @throws IllegalArgumentException if the lengths differ or a class is missing
	 */
	public static double of(double[] scores, double[] labels) {
		int n = scores.length;
		if (labels.length != n) {
			throw new IllegalArgumentException("scores and labels differ in length");
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
		double positiveRankSum = 0.0;
		long positives = 0;
		int i = 0;
		while (i < n) {
			int j = i;
			while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
				j++;
			}
			// ranks i+1 .. j+1 share their mean
			double rank = (i + j + 2) / 2.0;
			for (int k = i; k <= j; k++) {
				if (labels[order[k]] > 0.5) {
					positiveRankSum += rank;
					positives++;
				}
			}
			i = j + 1;
		}
		long negatives = n - positives;
		if (positives == 0 || negatives == 0) {
			throw new IllegalArgumentException("AUC needs both classes");
		}
		return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

}
