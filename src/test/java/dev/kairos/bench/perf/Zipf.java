package dev.kairos.bench.perf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf's law over ranks {@code 0..n-1}: rank {@code k} is drawn with probability
 * proportional to {@code 1 / (k + 1)^s}. Sampling inverts the cumulative distribution by
 * binary search (O(log n) a draw, 8 bytes a rank), exact for any exponent.
 */
final class Zipf {

	private final double[] cumulative;

	private final double exponent;

	Zipf(int n, double exponent) {
		if (n < 1 || !(exponent >= 0)) {
			throw new IllegalArgumentException("n >= 1 and exponent >= 0 needed: " + n + ", " + exponent);
		}
		this.exponent = exponent;
		this.cumulative = new double[n];
		double sum = 0;
		for (int k = 0; k < n; k++) {
			sum += weight(k);
			this.cumulative[k] = sum;
		}
		for (int k = 0; k < n; k++) {
			this.cumulative[k] /= sum;
		}
		this.cumulative[n - 1] = 1.0;
	}

	int size() {
		return this.cumulative.length;
	}

	/** The probability of rank {@code k}. */
	double probability(int k) {
		return this.cumulative[k] - ((k == 0) ? 0 : this.cumulative[k - 1]);
	}

	int sample(SplittableRandom random) {
		double u = random.nextDouble();
		int found = Arrays.binarySearch(this.cumulative, u);
		// an exact hit belongs to that rank; otherwise the insertion point is the first
		// rank whose cumulative probability exceeds u
		int rank = (found >= 0) ? found : -found - 1;
		return Math.min(rank, this.cumulative.length - 1);
	}

	private double weight(int k) {
		return 1.0 / Math.pow(k + 1, this.exponent);
	}

}
