package dev.kairos.bench.perf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.bench.perf.PerfReport.Target;
import dev.kairos.bench.perf.PerfReport.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The parts of the performance suite that compute rather than measure: the schedule,
 * percentiles, the Zipf sampler, lag arithmetic, INFO and Prometheus parsing, the
 * verdicts and the report. No timing is asserted.
 */
class PerfMathTest {

	@Test
	void theScheduleSpacesRequestsEvenlyFromItsStartWhateverHappensMeanwhile() {
		Schedule schedule = new Schedule(1_000, 200);
		assertThat(schedule.intendedStart(0)).isEqualTo(1_000);
		assertThat(schedule.intendedStart(1)).isEqualTo(1_000 + 5_000_000);
		assertThat(schedule.intendedStart(200)).isEqualTo(1_000 + 1_000_000_000L);
		assertThat(schedule.count(Duration.ofSeconds(8))).isEqualTo(1_600);
		assertThat(new Schedule(0, 0.5).count(Duration.ofSeconds(3))).isEqualTo(1);
		// a request meant to start at 10 ms that ended at 50 ms took 40 ms, even if it
		// was only sent at 45 ms (behind a stall)
		assertThat(Schedule.latencyNanos(10_000_000, 50_000_000)).isEqualTo(40_000_000);
	}

	@Test
	void percentilesOfAKnownDistributionAreWithinTheHistogramsPrecision() {
		Latencies latencies = new Latencies();
		for (int ms = 1; ms <= 1000; ms++) {
			latencies.recordMillis(ms);
		}
		Latencies.Summary s = latencies.summary();
		assertThat(s.count()).isEqualTo(1000);
		assertThat(s.p50()).isCloseTo(500, within(1.0));
		assertThat(s.p95()).isCloseTo(950, within(1.0));
		assertThat(s.p99()).isCloseTo(990, within(1.0));
		assertThat(s.max()).isCloseTo(1000, within(1.0));
		assertThat(s.mean()).isCloseTo(500.5, within(0.5));
	}

	@Test
	void aStallShowsInTheTailOnlyWhenLatencyCountsFromTheIntendedStart() {
		// 100 requests every 10 ms; the server stalls for 1 s at the start, then answers
		// in 1 ms: measured from the actual send, one request looks slow; from the
		// intended start, every request queued behind the stall does
		Schedule schedule = new Schedule(0, 100);
		Latencies fromIntended = new Latencies();
		Latencies fromSend = new Latencies();
		long free = 0;
		for (int i = 0; i < 100; i++) {
			long intended = schedule.intendedStart(i);
			long sent = Math.max(intended, free);
			long service = (i == 0) ? 1_000_000_000L : 1_000_000L;
			long end = sent + service;
			free = end;
			fromIntended.recordNanos(Schedule.latencyNanos(intended, end));
			fromSend.recordNanos(end - sent);
		}
		assertThat(fromSend.summary().p50()).isCloseTo(1.0, within(0.01));
		assertThat(fromIntended.summary().p50()).isGreaterThan(400);
		assertThat(fromIntended.summary().p99()).isGreaterThan(900);
	}

	@Test
	void noLatenciesGiveNaNNotZero() {
		Latencies.Summary s = new Latencies().summary();
		assertThat(s.count()).isZero();
		assertThat(s.p99()).isNaN();
	}

	@Test
	void zipfRanksFollowTheLaw() {
		Zipf zipf = new Zipf(1000, 1.0);
		double total = 0;
		for (int k = 0; k < zipf.size(); k++) {
			total += zipf.probability(k);
		}
		assertThat(total).isCloseTo(1.0, within(1e-9));
		assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(2.0, within(1e-9));
		assertThat(zipf.probability(0) / zipf.probability(9)).isCloseTo(10.0, within(1e-9));

		SplittableRandom random = new SplittableRandom(7);
		int[] counts = new int[zipf.size()];
		int n = 200_000;
		for (int i = 0; i < n; i++) {
			int k = zipf.sample(random);
			assertThat(k).isBetween(0, zipf.size() - 1);
			counts[k]++;
		}
		// rank 0 has p = 1 / H(1000) ≈ 0.1336; with n = 200,000 the standard error is
		// ≈ 0.00076, so 0.01 is a margin of over 10 sigma
		assertThat(counts[0] / (double) n).isCloseTo(zipf.probability(0), within(0.01));
		assertThat(counts[1] / (double) n).isCloseTo(zipf.probability(1), within(0.01));
		assertThat(counts[0] / (double) counts[1]).isCloseTo(2.0, within(0.15));
		// the last rank is drawn too, rarely
		int tail = 0;
		for (int k = 500; k < 1000; k++) {
			tail += counts[k];
		}
		double expectedTail = 0;
		for (int k = 500; k < 1000; k++) {
			expectedTail += zipf.probability(k);
		}
		assertThat(tail / (double) n).isCloseTo(expectedTail, within(0.01));
	}

	@Test
	void zipfWithExponentZeroIsUniform() {
		Zipf zipf = new Zipf(4, 0);
		for (int k = 0; k < 4; k++) {
			assertThat(zipf.probability(k)).isCloseTo(0.25, within(1e-12));
		}
	}

	@Test
	void theWorkersRateCountsOnlyIntervalsWithABacklog() {
		long s = 1_000_000_000L;
		List<KafkaProbe.Offsets> samples = List.of(new KafkaProbe.Offsets(0, 1000, 0),
				new KafkaProbe.Offsets(s, 3000, 1000), new KafkaProbe.Offsets(2 * s, 3000, 3000),
				// idle: no backlog at the start of this interval
				new KafkaProbe.Offsets(3 * s, 3000, 3000));
		// only the first interval began and ended with a backlog: 1,000 in 1 s
		assertThat(LagSampler.backloggedRate(samples)).isCloseTo(1000, within(1e-9));
		assertThat(LagSampler.averageRate(samples)).isCloseTo(1000, within(1e-9));
		assertThat(LagSampler.maxLag(samples)).isEqualTo(2000);
		assertThat(LagSampler.backloggedRate(List.of(new KafkaProbe.Offsets(0, 5, 5)))).isNaN();
	}

	@Test
	void commandStatsAreParsedAndSubtracted() {
		String before = "# Commandstats\r\ncmdstat_hmget:calls=10,usec=50,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r\n"
				+ "cmdstat_ping:calls=3,usec=1,usec_per_call=0.33,rejected_calls=0,failed_calls=0\r\n";
		String after = "# Commandstats\r\ncmdstat_hmget:calls=410,usec=50,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r\n"
				+ "cmdstat_ping:calls=3,usec=1,usec_per_call=0.33,rejected_calls=0,failed_calls=0\r\n"
				+ "cmdstat_evalsha:calls=2,usec=9,usec_per_call=4.50,rejected_calls=0,failed_calls=0\r\n";
		Map<String, Long> delta = RedisProbe.delta(RedisProbe.commandCalls(before), RedisProbe.commandCalls(after));
		assertThat(delta).containsExactly(Map.entry("hmget", 400L), Map.entry("evalsha", 2L));
		assertThat(RedisProbe.infoField("# Memory\r\nused_memory:12345\r\nused_memory_human:12.06K\r\n", "used_memory"))
			.isEqualTo("12345");
	}

	@Test
	void prometheusSumsTheSamplesWithTheLabel() {
		String exposition = """
				# HELP jvm_memory_used_bytes The amount of used memory
				# TYPE jvm_memory_used_bytes gauge
				jvm_memory_used_bytes{application="kairos",area="heap",id="G1 Eden Space"} 1.048576E7
				jvm_memory_used_bytes{application="kairos",area="heap",id="G1 Old Gen"} 2.097152E7
				jvm_memory_used_bytes{application="kairos",area="nonheap",id="Metaspace"} 9.0E7
				jvm_memory_used_bytes_other{area="heap"} 5
				""";
		assertThat(Prometheus.sum(exposition, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3.145728E7);
		assertThat(Prometheus.sum(exposition, "jvm_threads_live", "")).isNaN();
	}

	@Test
	void verdictsCompareWithTheLimitInTheRightDirection() {
		assertThat(Target.atMost("≤ 10 ms", 10).judge(10)).isEqualTo(Verdict.MET);
		assertThat(Target.atMost("≤ 10 ms", 10).judge(10.5)).isEqualTo(Verdict.MISSED);
		assertThat(Target.atLeast("≥ 2,000", 2000).judge(1999)).isEqualTo(Verdict.MISSED);
		assertThat(Target.atLeast("≥ 2,000", 2000).judge(2500)).isEqualTo(Verdict.MET);
		assertThat(Target.atLeast("≥ 2,000", 2000).judge(Double.NaN)).isEqualTo(Verdict.NOT_MEASURED);
		assertThat(PerfBench.heapFlat(100L << 20, 110L << 20)).isTrue();
		assertThat(PerfBench.heapFlat(100L << 20, 150L << 20)).isFalse();
		assertThat(PerfBench.heapFlat(1000L << 20, 1080L << 20)).isTrue();
	}

	@Test
	void aRunThatCouldNotKeepUpIsNotCountedAsKeptUp() {
		Latencies.Summary any = new Latencies().summary();
		assertThat(new LoadRun.Result("open", 100, 99, 990, 0, 0, 10, any, 1).keptUp()).isTrue();
		assertThat(new LoadRun.Result("open", 100, 90, 900, 0, 0, 10, any, 1).keptUp()).isFalse();
		assertThat(new LoadRun.Result("open", 100, 99, 990, 0, 5, 10, any, 1).keptUp()).isFalse();
		assertThat(new LoadRun.Result("open", 100, 99, 990, 1, 0, 10, any, 1).keptUp()).isFalse();
	}

	@Test
	void theReportRendersTablesAndVerdictsAndWritesJsonWithoutNaN() {
		PerfReport report = new PerfReport();
		report.header("Machine", Map.of("cores", 2));
		report.compare("saturation", 1500, "1,500 req/s", Target.atLeast("≥ 2,000 req/s", 2000));
		report.compare("p99", 8, "8 ms", Target.atMost("≤ 10 ms", 10));
		report.table("Latency", List.of("rate", "p99"), List.of(List.of("50 | open", "8.00")), "a note");
		report.data("figures", Map.of("p99", Double.NaN));

		String md = report.markdown();
		assertThat(md).contains("**Machine**: cores 2")
			.contains("| what | measured | target | verdict |\n|---|---:|---:|---:|\n")
			.contains("| saturation | 1,500 req/s | ≥ 2,000 req/s | **missed** |")
			.contains("| p99 | 8 ms | ≤ 10 ms | met |")
			.contains("### Latency")
			.contains("| 50 \\| open | 8.00 |")
			.contains("a note");
		String json = report.json();
		assertThat(json).contains("\"verdict\" : \"missed\"").contains("\"p99\" : null").doesNotContain("NaN");
	}

	@Test
	void numbersAreRoundedForPeople() {
		assertThat(PerfReport.number(1234.5)).isEqualTo("1,235");
		assertThat(PerfReport.number(12.345)).isEqualTo("12.3");
		assertThat(PerfReport.number(1.2345)).isEqualTo("1.23");
		assertThat(PerfReport.number(Double.NaN)).isEqualTo("–");
	}

	@Test
	void optionsAndJsonFieldsAreRead() {
		assertThat(PerfBench.options(new String[] { "--quick", "--scale", "0.2", "--rates=50,100" }))
			.containsExactly(Map.entry("quick", "true"), Map.entry("scale", "0.2"), Map.entry("rates", "50,100"));
		String body = "{\"recommendationId\":\"r-1\",\"items\":[{\"itemId\":\"i42\",\"score\":0.9},{\"itemId\":\"i7\"}]}";
		assertThat(PerfBench.field(body, "recommendationId")).isEqualTo("r-1");
		assertThat(PerfBench.field(body, "itemId")).isEqualTo("i42");
		assertThat(PerfBench.field("{\"items\":[]}", "itemId")).isNull();
		assertThat(PerfBench.fields(body, "itemId")).containsExactly("i42", "i7");
		assertThat(PerfBench.fields("{\"items\":[]}", "itemId")).isEmpty();
	}

}
