package dev.kairos.core.learn;

/**
 * The logistic link and the argument checks shared by the learners.
 */
final class Logistic {

	/**
	 * Margins are clipped to this magnitude so predictions stay strictly inside (0, 1).
	 */
	static final double MAX_MARGIN = 35.0;

	private Logistic() {
	}

	/** 1 / (1 + e^-m), with the margin clipped to ±{@link #MAX_MARGIN}. */
	static double sigmoid(double margin) {
		double m = Math.max(-MAX_MARGIN, Math.min(MAX_MARGIN, margin));
		return 1.0 / (1.0 + Math.exp(-m));
	}

	static void checkLabel(double label) {
		if (!Double.isFinite(label) || label < 0.0 || label > 1.0) {
			throw new IllegalArgumentException("label must be finite and in [0, 1]: " + label);
		}
	}

	static void checkDimension(SparseVector x, int dimension) {
		if (x.minimumDimension() > dimension) {
			throw new IllegalArgumentException(
					"feature index " + (x.minimumDimension() - 1) + " out of range for dimension " + dimension);
		}
	}

	static void checkBoost(double factor) {
		if (!Double.isFinite(factor) || factor < 1.0) {
			throw new IllegalArgumentException("boost factor must be finite and >= 1: " + factor);
		}
	}

	static double requirePositive(String name, double value) {
		if (!Double.isFinite(value) || value <= 0.0) {
			throw new IllegalArgumentException(name + " must be finite and > 0: " + value);
		}
		return value;
	}

	static double requireNonNegative(String name, double value) {
		if (!Double.isFinite(value) || value < 0.0) {
			throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
		}
		return value;
	}

	static int requireDimension(int dimension) {
		if (dimension < 1) {
			throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
		}
		return dimension;
	}

}
