package dev.kairos.core.ranking;

/**
 * Scales a non-negative signal to [0, 1] against the largest value among the candidates
 * of one request: {@code ln(1 + x) / ln(1 + max(m, floor))}. The logarithm keeps one very
 * popular item from drowning every other signal, the maximum keeps weights comparable
 * whatever the traffic level, and the floor keeps a signal that decayed to almost nothing
 * from being stretched to 1. Non-finite results read as 0.
 */
final class LogScale {

	private LogScale() {
	}

	static double scaled(double value, double max, double floor) {
		double scaled = Math.log1p(Math.max(0, value)) / Math.log1p(Math.max(max, floor));
		return Double.isFinite(scaled) ? Math.min(1, scaled) : 0;
	}

}
