package dev.kairos.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tags stay within their fixed sets, and the shares cover the last minute only. */
class KairosMetricsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicLong now = new AtomicLong(1_000_000);

	private final KairosMetrics metrics = new KairosMetrics(this.registry, List.of("click", "view"),
			List.of("linucb", "popularity"), this.now::get);

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	@Test
	void everySeriesWithKnownTagsExistsAtStart() {
		assertThat(count(KairosMetrics.EVENTS_ACCEPTED, "type", "view")).isZero();
		assertThat(count(KairosMetrics.RECOMMENDATIONS_CLICKS, "policy", "popularity", "reason", "cold-start"))
			.isZero();
		assertThat(count(KairosMetrics.KAFKA_ERRORS, "operation", "consume")).isZero();
		assertThat(count(KairosMetrics.IMPRESSIONS_JOINED, "slate", "missing")).isZero();
		assertThat(this.registry.get(KairosMetrics.EVENTS_FRESHNESS).timer().count()).isZero();
	}

	@Test
	void valuesOutsideTheirSetAreRecordedAsOther() {
		this.metrics.accepted("teleport", 2);
		this.metrics.served("user-1234", List.of("because"), false);
		this.metrics.rejected("bored");
		assertThat(count(KairosMetrics.EVENTS_ACCEPTED, "type", "other")).isEqualTo(2);
		assertThat(count(KairosMetrics.RECOMMENDATIONS_ITEMS, "policy", "other", "reason", "other")).isEqualTo(1);
		assertThat(count(KairosMetrics.EVENTS_REJECTED, "reason", "other")).isEqualTo(1);
		assertThat(this.registry.find(KairosMetrics.EVENTS_ACCEPTED).tag("type", "teleport").counter()).isNull();
	}

	@Test
	void sharesCoverTheLastMinute() {
		this.metrics.served("linucb", List.of("explore", "exploit", "exploit", "explore"), false);
		this.metrics.served("linucb", List.of("cold-start", "explore"), true);
		assertThat(gauge(KairosMetrics.EXPLORATION_SHARE)).isEqualTo(3.0 / 6);
		assertThat(gauge(KairosMetrics.COLDSTART_SHARE)).isEqualTo(1.0 / 2);
		assertThat(count(KairosMetrics.RECOMMENDATIONS_ITEMS, "policy", "linucb", "reason", "exploit")).isEqualTo(2);

		this.now.addAndGet(30_000);
		this.metrics.served("linucb", List.of("exploit", "exploit"), false);
		assertThat(gauge(KairosMetrics.EXPLORATION_SHARE)).isEqualTo(3.0 / 8);

		// a minute after the first two slates only the third counts
		this.now.addAndGet(30_500);
		assertThat(gauge(KairosMetrics.EXPLORATION_SHARE)).isZero();
		assertThat(gauge(KairosMetrics.COLDSTART_SHARE)).isZero();
		this.now.addAndGet(60_000);
		this.metrics.served("linucb", List.of("explore"), false);
		assertThat(gauge(KairosMetrics.EXPLORATION_SHARE)).isEqualTo(1.0);
	}

	@Test
	void lagIsOneGaugePerGroupAndFreshnessIsNeverNegative() {
		this.metrics.consumerLag("g", 12);
		this.metrics.consumerLag("g", 3);
		assertThat(this.registry.get(KairosMetrics.CONSUMER_LAG).tag("group", "g").gauge().value()).isEqualTo(3);
		this.metrics.fresh(1_000, 900);
		this.metrics.fresh(1_000, 1_250);
		assertThat(this.registry.get(KairosMetrics.EVENTS_FRESHNESS)
			.timer()
			.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(250);
		assertThat(this.registry.get(KairosMetrics.EVENTS_FRESHNESS)
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
