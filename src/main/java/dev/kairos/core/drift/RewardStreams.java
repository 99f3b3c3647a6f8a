package dev.kairos.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.learn.PageHinkley;

/**
 * Streams of 0/1 rewards (an impression whose item got positive feedback is 1, else 0),
 * one per key (the worker keys them by policy and segment), each watched by two
 * Page–Hinkley tests ({@link PageHinkley}; Page 1954), one for a rise of the
 * positive-feedback rate and one for a fall.
 *
 * <p>
 * Positives follow their impressions, often a batch or a few later, so the newest
 * {@link Sensitivity#minImpressions()} impressions of a stream are held back while their
 * feedback comes in, and the positives waiting are shared among the impressions not yet
 * fed, the ones released taking their proportional part (without this a steady stream
 * whose clicks lag one batch raises false alarms). Within a released run of n impressions
 * with k ones, the ones are spread evenly. After an alarm both tests of the stream start
 * afresh. Deterministic, not thread-safe.
 */
public final class RewardStreams {

	/**
	 * How sensitive the tests are.
	 *
	 * @param delta the change of the rate tolerated (Page–Hinkley's δ), &ge; 0
	 * @param threshold the alarm threshold (Page–Hinkley's λ), in summed deviations of
	 * 0/1 rewards, &gt; 0
	 * @param minImpressions impressions a stream needs before it may alarm (again), and
	 * the newest impressions held back while their feedback comes in, &ge; 1
	 */
	public record Sensitivity(double delta, double threshold, int minImpressions) {

		public Sensitivity {
			if (!(delta >= 0) || !Double.isFinite(delta)) {
				throw new IllegalArgumentException("delta must be finite and >= 0: " + delta);
			}
			if (!(threshold > 0) || !Double.isFinite(threshold)) {
				throw new IllegalArgumentException("threshold must be finite and > 0: " + threshold);
			}
			if (minImpressions < 1) {
				throw new IllegalArgumentException("minImpressions must be >= 1: " + minImpressions);
			}
		}

	}

	/** Which way the rate moved. */
	public enum Direction {

		UP, DOWN;

		/** {@code up} or {@code down}. */
		public String wireName() {
			return (this == UP) ? "up" : "down";
		}

	}

	/**
	 * A detected change.
	 *
	 * @param stream the stream's key
	 * @param direction which way its rate moved
	 * @param impressions impressions of the stream fed since its last detection
	 */
	public record Change(String stream, Direction direction, long impressions) {
	}

	private static final class Stream {

		final PageHinkley up;

		final PageHinkley down;

		long impressions;

		long held;

		long pendingPositives;

		Stream(Sensitivity sensitivity) {
			this.up = new PageHinkley(sensitivity.delta(), sensitivity.threshold(), 1, sensitivity.minImpressions());
			this.down = new PageHinkley(sensitivity.delta(), sensitivity.threshold(), 1, sensitivity.minImpressions());
		}

	}

	private final Sensitivity sensitivity;

	private final Map<String, Stream> streams = new TreeMap<>();

	public RewardStreams(Sensitivity sensitivity) {
		this.sensitivity = sensitivity;
	}

	public Sensitivity sensitivity() {
		return this.sensitivity;
	}

	/**
	 * Adds a batch of one stream: its new impressions and the first positives that came
	 * in (of these or of earlier impressions).
	 * @return the changes detected, in order
	 */
	public List<Change> add(String stream, long impressions, long positives) {
		if (impressions < 0 || positives < 0) {
			throw new IllegalArgumentException("counts must be >= 0: " + impressions + ", " + positives);
		}
		Stream s = this.streams.computeIfAbsent(stream, (k) -> new Stream(this.sensitivity));
		s.held += impressions;
		s.pendingPositives += positives;
		long n = Math.max(0, s.held - this.sensitivity.minImpressions());
		if (n == 0) {
			return List.of();
		}
		long ones = Math.min(n, Math.round(s.pendingPositives * (double) n / s.held));
		s.pendingPositives -= ones;
		s.held -= n;
		List<Change> changes = new ArrayList<>(1);
		for (long i = 0; i < n; i++) {
			// the (i+1)-th of n values is 1 when the running share of ones steps up
			double x = ((i + 1) * ones / n > i * ones / n) ? 1 : 0;
			s.impressions++;
			boolean rose = s.up.update(x);
			boolean fell = s.down.update(1 - x);
			if (rose || fell) {
				changes.add(new Change(stream, rose ? Direction.UP : Direction.DOWN, s.impressions));
				s.impressions = 0;
				s.up.reset();
				s.down.reset();
			}
		}
		return changes;
	}

}
