package dev.kairos.core.learn;

/**
 * The Page–Hinkley test for an increase of the mean (Page, "Continuous Inspection
 * Schemes", Biometrika 41, 1954; with the forgetting factor of Mouss et al., "Test of
 * Page-Hinckley, an approach for fault detection in an agro-alimentary production
 * system", ASCC 2004). After observation {@code x_T}:
 *
 * <pre>
 * mean_T = (1/T) sum_{t&lt;=T} x_t
 * m_T    = alpha m_{T-1} + (x_T - mean_T - delta)
 * M_T    = min(M_{T-1}, m_T)
 * drift  if T &gt;= minInstances and m_T - M_T &gt; lambda
 * </pre>
 *
 * {@code delta} is the magnitude of change tolerated, {@code lambda} the alarm threshold
 * and {@code alpha} (in (0, 1]) forgets old deviations; {@code alpha = 1} is the original
 * test. Only increases are detected, which is what matters for a loss.
 *
 * <p>
 * Deviations: none in the statistic; as in River's {@code drift.PageHinkley}, the
 * detector resets itself after an alarm and stays silent for its first
 * {@code minInstances} observations.
 */
public final class PageHinkley implements DriftDetector {

	private final double delta;

	private final double lambda;

	private final double alpha;

	private final int minInstances;

	private long count;

	private double mean;

	private double cumulative;

	private double minimum;

	/**
	 * @param delta tolerated change of the mean, &ge; 0
	 * @param lambda alarm threshold, &gt; 0
	 * @param alpha forgetting factor in (0, 1]
	 * @param minInstances observations before any alarm, &ge; 1
	 */
	public PageHinkley(double delta, double lambda, double alpha, int minInstances) {
		this.delta = Logistic.requireNonNegative("delta", delta);
		this.lambda = Logistic.requirePositive("lambda", lambda);
		if (!(alpha > 0.0 && alpha <= 1.0)) {
			throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
		}
		if (minInstances < 1) {
			throw new IllegalArgumentException("minInstances must be >= 1: " + minInstances);
		}
		this.alpha = alpha;
		this.minInstances = minInstances;
		reset();
	}

	@Override
	public boolean update(double value) {
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("value must be finite: " + value);
		}
		this.count++;
		this.mean += (value - this.mean) / this.count;
		this.cumulative = this.alpha * this.cumulative + (value - this.mean - this.delta);
		this.minimum = Math.min(this.minimum, this.cumulative);
		if (this.count >= this.minInstances && statistic() > this.lambda) {
			reset();
			return true;
		}
		return false;
	}

	/** The current test statistic {@code m_T - M_T}. */
	public double statistic() {
		return this.cumulative - this.minimum;
	}

	@Override
	public void reset() {
		this.count = 0;
		this.mean = 0.0;
		this.cumulative = 0.0;
		this.minimum = Double.POSITIVE_INFINITY;
	}

}
