package dev.kairos.core.interestclock;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The circular Gaussian kernel of the Interest Clock (Zhu et al., "Interest Clock: Time
 * Perception in Real-Time Streaming Recommendation System", SIGIR 2024, §3): the weight
 * of hourly bucket {@code j} when reading at hour {@code h} is
 * {@code exp(-d^2 / (2 sigma^2))}, {@code d = min(|h - j|, 24 - |h - j|)} the distance on
 * the 24-hour circle, normalised so the 24 weights sum to 1. {@code h} may be fractional.
 *
 * <p>
 * Numerically, the exponent is taken relative to the nearest bucket's, which cancels in
 * the normalisation and keeps a tiny sigma from underflowing every weight to zero.
 */
public final class HourKernel {

	/** Number of hourly buckets. */
	public static final int HOURS = 24;

	private HourKernel() {
	}

	/** {@code hour} reduced into [0, 24), so 24 reads as 0 and -1 as 23. */
	public static double wrap(double hour) {
		if (!Double.isFinite(hour)) {
			throw new IllegalArgumentException("hour must be finite: " + hour);
		}
		double wrapped = hour % HOURS;
		if (wrapped < 0.0) {
			wrapped += HOURS;
		}
		// -1e-18 % 24 + 24 rounds to 24.0
		return (wrapped >= HOURS) ? 0.0 : wrapped;
	}

	/** The circular distance between two hours, in [0, 12]. */
	public static double distance(double a, double b) {
		double d = Math.abs(wrap(a) - wrap(b));
		return Math.min(d, HOURS - d);
	}

	/**
	 * Slots of the cache of computed kernels: per eighth of an hour, four (by the width).
	 */
	private static final int CACHE_SLOTS = HOURS * 8 * 4;

	/**
	 * Kernels computed before: readers ask for the same few hours again and again (a
	 * request reads all its candidates at one hour; the worker and the dashboard read
	 * every half hour), and 24 {@code exp}s per read were the largest cost of a clock
	 * read. Entries are immutable; a slot is simply overwritten.
	 */
	private static final AtomicReferenceArray<Cached> CACHE = new AtomicReferenceArray<>(CACHE_SLOTS);

	private record Cached(double hour, double sigma, double[] weights) {
	}

	/**
	 * The 24 normalised weights for reading at {@code hour} with width {@code sigma}: a
	 * fresh array the caller may keep or change.
	 */
	public static double[] weights(double hour, double sigma) {
		int slot = slot(hour, sigma);
		Cached cached = CACHE.get(slot);
		if (cached == null || Double.compare(cached.hour(), hour) != 0 || Double.compare(cached.sigma(), sigma) != 0) {
			cached = new Cached(hour, sigma, compute(hour, sigma));
			CACHE.set(slot, cached);
		}
		return cached.weights().clone();
	}

	/**
	 * The cache slot of a kernel: the eighth of an hour it is read at, and two bits of
	 * its width, so that the half hours the worker reads ({@code GlobalClockMasses.held})
	 * never share a slot. ({@code Double.hashCode} mixed too little: the half hours 0.5
	 * to 23.5 differ only in high bits, and all 24 fell into one slot, each read
	 * computing its 24 exps again.)
	 */
	static int slot(double hour, double sigma) {
		int eighth = Math.min(HOURS * 8 - 1, (int) (wrap(hour) * 8));
		int width = (int) ((Double.doubleToLongBits(sigma) * 0x9E3779B97F4A7C15L) >>> 62);
		return eighth * 4 + width;
	}

	private static double[] compute(double hour, double sigma) {
		double h = wrap(hour);
		double[] squared = new double[HOURS];
		double nearest = Double.POSITIVE_INFINITY;
		for (int j = 0; j < HOURS; j++) {
			double d = distance(h, j);
			squared[j] = d * d;
			nearest = Math.min(nearest, squared[j]);
		}
		double[] weights = new double[HOURS];
		double sum = 0.0;
		double scale = 2.0 * sigma * sigma;
		for (int j = 0; j < HOURS; j++) {
			weights[j] = Math.exp(-(squared[j] - nearest) / scale);
			sum += weights[j];
		}
		for (int j = 0; j < HOURS; j++) {
			weights[j] /= sum;
		}
		return weights;
	}

}
