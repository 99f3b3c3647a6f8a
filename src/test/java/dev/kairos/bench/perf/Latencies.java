package dev.kairos.bench.perf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded from many threads into an HdrHistogram (microseconds, three
 * significant digits, up to ten minutes), summarised as percentiles in milliseconds.
 */
final class Latencies {

	private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

	private final Histogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

	void recordNanos(long nanos) {
		long micros = Math.max(0, nanos / 1_000);
		this.histogram.recordValue(Math.min(micros, MAX_MICROS));
	}

	void recordMillis(double millis) {
		recordNanos((long) (millis * 1e6));
	}

	long count() {
		return this.histogram.getTotalCount();
	}

	Summary summary() {
		Histogram h = this.histogram.copy();
		if (h.getTotalCount() == 0) {
			return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Summary(h.getTotalCount(), h.getMean() / 1e3, millis(h, 50), millis(h, 90), millis(h, 95),
				millis(h, 99), h.getMaxValue() / 1e3);
	}

	private static double millis(Histogram h, double percentile) {
		return h.getValueAtPercentile(percentile) / 1e3;
	}

	/** Percentiles in milliseconds (NaN when nothing was recorded). */
	record Summary(long count, double mean, double p50, double p90, double p95, double p99, double max) {

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("count", this.count);
			json.put("meanMs", this.mean);
			json.put("p50Ms", this.p50);
			json.put("p90Ms", this.p90);
			json.put("p95Ms", this.p95);
			json.put("p99Ms", this.p99);
			json.put("maxMs", this.max);
			return json;
		}

	}

}
