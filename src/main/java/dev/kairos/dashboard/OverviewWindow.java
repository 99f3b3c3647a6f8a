package dev.kairos.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.stats.HistogramQuantile;

/**
 * Turns successive {@link MeterSample}s into live figures: rates and latency quantiles
 * over the last few seconds, whoever polls. Meters are cumulative, so a figure "now" is
 * the difference between this sample and one taken at least {@code span} earlier (or the
 * oldest one kept, while the window fills). Samples are kept for a minute, at most one a
 * second, so several open pages share them.
 */
final class OverviewWindow {

	private static final long KEEP_MILLIS = 60_000;

	private static final long MIN_GAP_MILLIS = 1_000;

	private final long spanMillis;

	private final Deque<MeterSample> samples = new ArrayDeque<>();

	OverviewWindow(long spanMillis) {
		this.spanMillis = spanMillis;
	}

	/**
	 * The live figures; a field is {@code null} when its meter is not registered, or when
	 * no earlier sample exists yet to take a difference from.
	 */
	record Overview(Instant time, Double windowSeconds, Double requestsPerSecond, Double recommendationsPerSecond,
			Latency recommendationLatencyMs, Double eventsAcceptedPerSecond, Double eventsRejectedPerSecond,
			Double eventsProcessedPerSecond, Double deadLetteredPerSecond, Double consumerLag, Latency freshnessMs,
			Double modelVersion, Double modelRefreshAgeSeconds, Double modelUpdatesPerSecond,
			Double itemsServedPerSecond, Double clickThroughRate, Double explorationShare, Double coldStartShare,
			List<String> missingMeters) {
	}

	/** Quantiles and mean of a timer over the window, in milliseconds. */
	record Latency(Double p50, Double p99, Double mean, double max) {
	}

	synchronized Overview add(MeterSample now) {
		MeterSample base = base(now.timeMillis());
		if (this.samples.isEmpty() || now.timeMillis() - this.samples.peekLast().timeMillis() >= MIN_GAP_MILLIS) {
			this.samples.addLast(now);
		}
		// keep what a later call may still need as its base
		while (this.samples.size() > 2 && now.timeMillis() - this.samples.peekFirst().timeMillis() > KEEP_MILLIS) {
			this.samples.removeFirst();
		}
		return overview(base, now);
	}

	/**
	 * The latest sample at least a span old, else the oldest one, if it is older than
	 * now.
	 */
	private MeterSample base(long nowMillis) {
		MeterSample chosen = null;
		for (Iterator<MeterSample> it = this.samples.iterator(); it.hasNext();) {
			MeterSample sample = it.next();
			if (nowMillis - sample.timeMillis() >= this.spanMillis || chosen == null) {
				chosen = sample;
			}
		}
		return (chosen != null && chosen.timeMillis() < nowMillis) ? chosen : null;
	}

	static Overview overview(MeterSample base, MeterSample now) {
		Double seconds = (base != null) ? (now.timeMillis() - base.timeMillis()) / 1000.0 : null;
		Map<String, Double> c = now.counters();
		Map<String, Double> g = now.gauges();
		Double served = rate(base, now, MeterSample.ITEMS_SERVED);
		Double clicked = rate(base, now, MeterSample.CLICKS);
		Double ctr = (served != null && clicked != null && served > 0) ? clicked / served : null;
		List<String> missing = new ArrayList<>();
		MeterSample.COUNTER_NAMES.forEach((key, name) -> {
			if (c.get(key) == null) {
				missing.add(name);
			}
		});
		MeterSample.GAUGE_NAMES.forEach((key, name) -> {
			if (g.get(key) == null) {
				missing.add(name);
			}
		});
		if (now.timers().get(MeterSample.FRESHNESS) == null) {
			missing.add("kairos.events.freshness");
		}
		missing.sort(null);
		return new Overview(Instant.ofEpochMilli(now.timeMillis()), seconds, timerRate(base, now, MeterSample.REQUESTS),
				timerRate(base, now, MeterSample.RECOMMENDATIONS), latency(base, now, MeterSample.RECOMMENDATIONS),
				rate(base, now, MeterSample.EVENTS_ACCEPTED), rate(base, now, MeterSample.EVENTS_REJECTED),
				rate(base, now, MeterSample.EVENTS_PROCESSED), rate(base, now, MeterSample.DEAD_LETTERED),
				g.get(MeterSample.CONSUMER_LAG), latency(base, now, MeterSample.FRESHNESS),
				g.get(MeterSample.MODEL_VERSION), g.get(MeterSample.MODEL_REFRESH_AGE),
				rate(base, now, MeterSample.MODEL_UPDATES), served, ctr, g.get(MeterSample.EXPLORATION_SHARE),
				g.get(MeterSample.COLD_START_SHARE), missing);
	}

	private static Double rate(MeterSample base, MeterSample now, String key) {
		if (base == null) {
			return null;
		}
		return perSecond(base, now, base.counters().get(key), now.counters().get(key));
	}

	private static Double timerRate(MeterSample base, MeterSample now, String key) {
		if (base == null) {
			return null;
		}
		MeterSample.TimerReading before = base.timers().get(key);
		MeterSample.TimerReading after = now.timers().get(key);
		if (after == null) {
			// no request of that kind yet: Spring registers the timer with the first one
			return 0.0;
		}
		return perSecond(base, now, (before != null) ? before.count() : 0.0, after.count());
	}

	private static Double perSecond(MeterSample base, MeterSample now, Double before, Double after) {
		if (before == null || after == null || after < before) {
			return null;
		}
		return (after - before) * 1000.0 / (now.timeMillis() - base.timeMillis());
	}

	private static Latency latency(MeterSample base, MeterSample now, String key) {
		MeterSample.TimerReading after = now.timers().get(key);
		if (after == null) {
			return null;
		}
		MeterSample.TimerReading before = (base != null) ? base.timers().get(key) : null;
		// a registry whose histograms are windowed rather than cumulative (not
		// Prometheus')
		// can move buckets down: read the latest histogram alone then
		if (before == null || !before.histogram().keySet().equals(after.histogram().keySet())
				|| after.count() < before.count()
				|| before.histogram()
					.entrySet()
					.stream()
					.anyMatch((bucket) -> bucket.getValue() > after.histogram().get(bucket.getKey()))) {
			before = new MeterSample.TimerReading(0, 0, 0, zeros(after.histogram()));
		}
		double count = after.count() - before.count();
		if (count <= 0) {
			return new Latency(null, null, null, after.maxMillis());
		}
		double[] bounds = new double[after.histogram().size()];
		double[] cumulative = new double[bounds.length];
		int i = 0;
		for (Map.Entry<Double, Double> bucket : after.histogram().entrySet()) {
			bounds[i] = bucket.getKey();
			cumulative[i] = bucket.getValue() - before.histogram().get(bucket.getKey());
			i++;
		}
		return new Latency(finite(HistogramQuantile.estimate(bounds, cumulative, count, 0.5)),
				finite(HistogramQuantile.estimate(bounds, cumulative, count, 0.99)),
				(after.totalMillis() - before.totalMillis()) / count, after.maxMillis());
	}

	private static TreeMap<Double, Double> zeros(TreeMap<Double, Double> like) {
		TreeMap<Double, Double> zeros = new TreeMap<>();
		like.keySet().forEach((bound) -> zeros.put(bound, 0.0));
		return zeros;
	}

	private static Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

}
