package dev.kairos.dashboard;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * The meters the dashboard shows, read from the registry by name at one moment
 * (cumulative values, as the meters hold them). A meter that is not registered reads as
 * {@code null}, not 0, so the page can tell "nothing happened" from "not measured here".
 * Names are those agreed in {@code docs/dashboard.md}.
 *
 * @param timeMillis when the sample was taken
 * @param counters summed counts by dashboard key
 * @param gauges gauge values by dashboard key
 * @param timers timers by dashboard key
 */
record MeterSample(long timeMillis, Map<String, Double> counters, Map<String, Double> gauges,
		Map<String, TimerReading> timers) {

	static final String REQUESTS = "requests";

	static final String RECOMMENDATIONS = "recommendations";

	static final String EVENTS_ACCEPTED = "events.accepted";

	static final String EVENTS_REJECTED = "events.rejected";

	static final String EVENTS_PROCESSED = "events.processed";

	static final String DEAD_LETTERED = "events.dead.lettered";

	static final String ITEMS_SERVED = "recommendations.items";

	static final String CLICKS = "recommendations.clicks";

	static final String MODEL_UPDATES = "model.updates";

	static final String CONSUMER_LAG = "consumer.lag";

	static final String MODEL_VERSION = "model.version";

	static final String MODEL_REFRESH_AGE = "model.refresh.age";

	static final String EXPLORATION_SHARE = "recommendations.exploration.share";

	static final String COLD_START_SHARE = "recommendations.coldstart.share";

	static final String FRESHNESS = "events.freshness";

	static final String HTTP_REQUESTS = "http.server.requests";

	/** The Micrometer names of the counters and gauges, by dashboard key. */
	static final Map<String, String> COUNTER_NAMES = Map.of(EVENTS_ACCEPTED, "kairos.events.accepted", EVENTS_REJECTED,
			"kairos.events.rejected", EVENTS_PROCESSED, "kairos.events.processed", DEAD_LETTERED,
			"kairos.events.dead.lettered", ITEMS_SERVED, "kairos.recommendations.items", CLICKS,
			"kairos.recommendations.clicks", MODEL_UPDATES, "kairos.model.updates");

	static final Map<String, String> GAUGE_NAMES = Map.of(CONSUMER_LAG, "kairos.consumer.lag", MODEL_VERSION,
			"kairos.model.version", MODEL_REFRESH_AGE, "kairos.model.refresh.age", EXPLORATION_SHARE,
			"kairos.recommendations.exploration.share", COLD_START_SHARE, "kairos.recommendations.coldstart.share");

	/**
	 * A timer's cumulative state, summed over its tags.
	 *
	 * @param count observations
	 * @param totalMillis their summed duration
	 * @param maxMillis the largest in the timer's recent window
	 * @param histogram cumulative counts at each bucket bound (ms), empty if the timer
	 * keeps no histogram
	 */
	record TimerReading(double count, double totalMillis, double maxMillis, TreeMap<Double, Double> histogram) {
	}

	/** Reads the registry now. */
	static MeterSample read(MeterRegistry registry, long nowMillis) {
		Map<String, Double> counters = new LinkedHashMap<>();
		COUNTER_NAMES.forEach((key, name) -> counters.put(key, counter(registry, name)));
		Map<String, Double> gauges = new LinkedHashMap<>();
		GAUGE_NAMES.forEach((key, name) -> gauges.put(key, gauge(registry, name)));
		Map<String, TimerReading> timers = new LinkedHashMap<>();
		// the API's requests, without the dashboard's own page and assets
		timers.put(REQUESTS,
				timer(registry.find(HTTP_REQUESTS)
					.timers()
					.stream()
					.filter((t) -> countsAsApi(t.getId().getTag("uri")))
					.toList()));
		timers.put(RECOMMENDATIONS, timer(registry.find(HTTP_REQUESTS).tag("uri", "/recommendations").timers()));
		timers.put(FRESHNESS, timer(registry.find("kairos.events.freshness").timers()));
		return new MeterSample(nowMillis, counters, gauges, timers);
	}

	private static boolean countsAsApi(String uri) {
		return uri != null && !uri.startsWith("/dashboard") && !uri.startsWith("/webjars") && !uri.equals("/**")
				&& !uri.equals("UNKNOWN");
	}

	private static Double counter(MeterRegistry registry, String name) {
		var counters = registry.find(name).counters();
		if (counters.isEmpty()) {
			return null;
		}
		return counters.stream().mapToDouble(Counter::count).sum();
	}

	private static Double gauge(MeterRegistry registry, String name) {
		var gauges = registry.find(name).gauges();
		if (gauges.isEmpty()) {
			return null;
		}
		double sum = 0;
		for (Gauge gauge : gauges) {
			double value = gauge.value();
			if (!Double.isFinite(value)) {
				return null;
			}
			sum += value;
		}
		return sum;
	}

	private static TimerReading timer(Collection<Timer> timers) {
		if (timers.isEmpty()) {
			return null;
		}
		double count = 0;
		double total = 0;
		double max = 0;
		TreeMap<Double, Double> histogram = new TreeMap<>();
		for (Timer timer : timers) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			count += snapshot.count();
			total += snapshot.total(TimeUnit.MILLISECONDS);
			max = Math.max(max, snapshot.max(TimeUnit.MILLISECONDS));
			for (CountAtBucket bucket : snapshot.histogramCounts()) {
				if (Double.isFinite(bucket.bucket())) {
					histogram.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
				}
			}
		}
		return new TimerReading(count, total, max, histogram);
	}

}
