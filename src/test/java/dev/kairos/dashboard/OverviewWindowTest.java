package dev.kairos.dashboard;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The overview reads meters by name, reports {@code null} for those not registered, and
 * turns cumulative meters into rates and latency quantiles over the window.
 */
class OverviewWindowTest {

	private static final long T0 = 1_700_000_000_000L;

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private Timer recommendations() {
		return Timer.builder("http.server.requests")
			.tag("uri", "/recommendations")
			.tag("status", "200")
			.serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
					Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500))
			.register(this.registry);
	}

	@Test
	void metersNotRegisteredReadAsNullAndAreListed() {
		OverviewWindow window = new OverviewWindow(5_000);
		window.add(MeterSample.read(this.registry, T0));
		OverviewWindow.Overview overview = window.add(MeterSample.read(this.registry, T0 + 5_000));
		assertThat(overview.eventsAcceptedPerSecond()).isNull();
		assertThat(overview.consumerLag()).isNull();
		assertThat(overview.modelVersion()).isNull();
		assertThat(overview.freshnessMs()).isNull();
		assertThat(overview.missingMeters()).contains("kairos.events.accepted", "kairos.consumer.lag",
				"kairos.model.version", "kairos.events.freshness");
		// no request yet is zero requests, not an unknown
		assertThat(overview.requestsPerSecond()).isZero();
	}

	@Test
	void ratesAndQuantilesAreTakenOverTheWindow() {
		Counter accepted = Counter.builder("kairos.events.accepted").tag("type", "click").register(this.registry);
		Counter.builder("kairos.events.accepted").tag("type", "view").register(this.registry).increment(4);
		this.registry.gauge("kairos.model.version", 42);
		Timer timer = recommendations();
		Timer dashboard = Timer.builder("http.server.requests")
			.tag("uri", "/dashboard/api/overview")
			.register(this.registry);
		for (int i = 0; i < 100; i++) {
			timer.record(Duration.ofMillis(3));
		}
		OverviewWindow window = new OverviewWindow(5_000);
		OverviewWindow.Overview first = window.add(MeterSample.read(this.registry, T0));
		assertThat(first.windowSeconds()).isNull();
		assertThat(first.eventsAcceptedPerSecond()).isNull();
		assertThat(first.modelVersion()).isEqualTo(42.0);

		// within the next 10 s: 20 events, 98 fast and 2 slow requests, and polls that
		// do not count
		accepted.increment(20);
		for (int i = 0; i < 98; i++) {
			timer.record(Duration.ofMillis(7));
		}
		timer.record(Duration.ofMillis(300));
		timer.record(Duration.ofMillis(400));
		for (int i = 0; i < 50; i++) {
			dashboard.record(Duration.ofMillis(1));
		}
		OverviewWindow.Overview later = window.add(MeterSample.read(this.registry, T0 + 10_000));
		assertThat(later.windowSeconds()).isEqualTo(10.0);
		assertThat(later.eventsAcceptedPerSecond()).isCloseTo(2.0, within(1e-9));
		// the dashboard's own polls are not API requests
		assertThat(later.requestsPerSecond()).isCloseTo(10.0, within(1e-9));
		assertThat(later.recommendationsPerSecond()).isCloseTo(10.0, within(1e-9));
		// 98 of 100 in (5, 10] ms: p50 is inside that bucket; p99 in (250, 500]
		assertThat(later.recommendationLatencyMs().p50()).isBetween(5.0, 10.0);
		assertThat(later.recommendationLatencyMs().p99()).isBetween(250.0, 500.0);
		assertThat(later.recommendationLatencyMs().mean()).isCloseTo((98 * 7 + 700) / 100.0, within(1e-6));

		// 3 s later the base is still the first sample (the second is too recent)
		assertThat(window.add(MeterSample.read(this.registry, T0 + 13_000)).windowSeconds()).isEqualTo(13.0);
		// 6 s later it is the sample at 10 s: nothing happened since
		OverviewWindow.Overview quiet = window.add(MeterSample.read(this.registry, T0 + 16_000));
		assertThat(quiet.windowSeconds()).isEqualTo(6.0);
		assertThat(quiet.eventsAcceptedPerSecond()).isZero();
		assertThat(quiet.recommendationLatencyMs().p50()).isNull();
	}

}
