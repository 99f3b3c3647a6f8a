package dev.kairos.bench.perf;

import java.time.Duration;

/**
 * When each request of an open-loop run is meant to start: request {@code i} at
 * {@code start + i / rate}, whatever happened to the requests before it. Latency is
 * counted from that intended start, so a stalled server is charged for the time the
 * requests queued behind the stall (no coordinated omission).
 */
record Schedule(long startNanos, double ratePerSecond) {

	Schedule {
		if (!(ratePerSecond > 0)) {
			throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
		}
	}

	long intendedStart(long index) {
		return this.startNanos + Math.round(index * 1e9 / this.ratePerSecond);
	}

	/** How many requests are meant to start within {@code duration}. */
	long count(Duration duration) {
		return (long) Math.floor(duration.toNanos() / 1e9 * this.ratePerSecond);
	}

	/** A request's latency: from its intended start (not its actual send) to its end. */
	static long latencyNanos(long intendedStart, long end) {
		return end - intendedStart;
	}

}
