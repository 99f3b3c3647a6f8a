package dev.kairos.bench.perf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.bench.perf.PerfReport.Target;
import dev.kairos.bench.perf.PerfReport.Verdict;
import dev.kairos.learning.LearningSettings;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The performance suite's driver: loads a catalogue and a user base into a running Kairos
 * (started by {@code bench/perf.sh}: a Kafka broker, a redis-server, a Kairos API and a
 * Kairos worker, each a process of its own), measures the request path, ingestion, the
 * worker, freshness, memory and the physical floor, and writes {@code perf.json} and
 * {@code perf.md}. Not a test: it reports figures and compares them with the targets in
 * docs/targets.md.
 *
 * <pre>
 * bench/perf.sh --quick            # a few minutes, 1/10 of the data
 * bench/perf.sh                    # the full run
 * </pre>
 */
public final class PerfBench {

	static final String EVENTS_TOPIC = "kairos.events";

	/**
	 * The worker's consumer group: the events listener's id (Spring Kafka uses a
	 * listener's id as its group unless told otherwise), not
	 * {@code spring.kafka.consumer.group-id}.
	 */
	static final String DEFAULT_WORKER_GROUP = "kairos-events";

	static final int CATEGORIES = 50;

	private static final String[] TYPES = { "view", "view", "view", "view", "view", "view", "click", "click", "click",
			"purchase" };

	private final Map<String, String> options;

	private final boolean quick;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String api;

	private final PerfReport report = new PerfReport();

	private final Map<String, Object> settings = new LinkedHashMap<>();

	private final int items;

	private final int users;

	private final Zipf userActivity;

	private final Zipf itemPopularity;

	private final Duration phase;

	private final SplittableRandom seeds;

	private final LearningSettings holdout = new LearningSettings("linucb", 0.3, 1.0, Duration.ofMinutes(30), 1, 1, 0.2,
			0, Duration.ofMillis(200), 0.05);

	private final AtomicLong eventCounter = new AtomicLong();

	private final String workerGroup;

	/** Whether each slate's impressions are posted back ({@code --impressions}). */
	private final boolean impressions;

	private PerfBench(Map<String, String> options) {
		this.options = options;
		this.quick = options.containsKey("quick");
		double scale = Double.parseDouble(options.getOrDefault("scale", this.quick ? "0.1" : "1"));
		this.items = Math.max(CATEGORIES * 4, (int) Math.round(50_000 * scale));
		this.users = Math.max(100, (int) Math.round(100_000 * scale));
		double exponent = Double.parseDouble(options.getOrDefault("zipf", "1.0"));
		this.userActivity = new Zipf(this.users, exponent);
		this.itemPopularity = new Zipf(this.items, exponent);
		this.phase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("phase-seconds", this.quick ? "8" : "30")));
		this.seeds = new SplittableRandom(Long.parseLong(options.getOrDefault("seed", "42")));
		this.api = "http://127.0.0.1:" + options.getOrDefault("api", "8080");
		this.workerGroup = options.getOrDefault("group", DEFAULT_WORKER_GROUP);
		this.impressions = Boolean.parseBoolean(options.getOrDefault("impressions", "true"));
		this.settings.put("mode", this.quick ? "quick" : "full");
		this.settings.put("scale", scale);
		this.settings.put("items", this.items);
		this.settings.put("categories", CATEGORIES);
		this.settings.put("users", this.users);
		this.settings.put("zipfExponent", exponent);
		this.settings.put("phaseSeconds", this.phase.toSeconds());
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		PerfBench bench = new PerfBench(options);
		bench.run();
	}

	private void run() throws Exception {
		String kafkaBootstrap = this.options.getOrDefault("kafka", "127.0.0.1:9092");
		int redisPort = Integer.parseInt(this.options.getOrDefault("redis-port", "6379"));
		Instant started = Instant.now();
		Map<String, Object> machine = Machine.describe();
		try (RedisProbe redis = new RedisProbe("127.0.0.1", redisPort);
				KafkaProbe kafka = new KafkaProbe(kafkaBootstrap)) {
			Map<String, Object> versions = new LinkedHashMap<>();
			versions.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
			versions.put("kafka", AppInfoParser.getVersion());
			versions.put("redis", redis.version());
			versions.put("kairos", this.options.getOrDefault("commit", "unknown"));
			this.settings.put("processes", this.options.getOrDefault("layout",
					"Kafka broker JVM, redis-server, Kairos API JVM, Kairos worker JVM, this load generator JVM"));
			this.settings.put("kairosArguments", this.options.getOrDefault("kairos-args", ""));
			this.settings.put("jvmOptions", this.options.getOrDefault("jvm-options", ""));

			Memory memory = load(redis, kafka);
			Floor floor = floor(redis, kafka);
			recommendations(redis, kafka, floor);
			events(kafka, floor);
			freshness(kafka);
			soak(redis);
			memory(redis, memory);

			machine.put("loadAverageAtEnd", Machine.loadAverages());
			machine.put("runMinutes", PerfReport.number(Duration.between(started, Instant.now()).toSeconds() / 60.0));
			this.report.header("Machine", machine);
			this.report.header("Versions", versions);
			this.report.header("Settings", this.settings);
			this.report.compare("LinUCB score 200 candidates, d = 32 / one update", "see docs/benchmarks.md (JMH)",
					"≤ 100 µs / ≤ 5 µs", Verdict.NOT_MEASURED);
			write(started);
		}
	}

	// ---------------------------------------------------------------- loading

	/** used_memory at the steps of loading, for per-item and per-user deltas. */
	private record Memory(long empty, long withItems, long withUsers, long events) {
	}

	private Memory load(RedisProbe redis, KafkaProbe kafka) throws Exception {
		long empty = redis.usedMemory();
		long begin = System.nanoTime();
		int batch = 1000;
		Instant now = Instant.now();
		SplittableRandom random = this.seeds.split();
		List<String> bodies = new ArrayList<>();
		for (int from = 0; from < this.items; from += batch) {
			StringBuilder body = new StringBuilder("[");
			for (int i = from; i < Math.min(this.items, from + batch); i++) {
				if (i > from) {
					body.append(',');
				}
				// created over the last 60 days, so about 5% count as new (3 days)
				Instant created = now.minusSeconds(random.nextLong(60L * 86_400));
				body.append("{\"itemId\":\"i")
					.append(i)
					.append("\",\"category\":\"c")
					.append(i % CATEGORIES)
					.append("\",\"tags\":[\"t")
					.append(i % 97)
					.append("\"],\"attributes\":{\"price\":")
					.append(1 + random.nextInt(500))
					.append("},\"createdAt\":\"")
					.append(created)
					.append("\"}");
			}
			bodies.add(body.append(']').toString());
		}
		LoadRun.Result loaded = LoadRun.closedLoop(2, Duration.ofHours(1), bodies.size(),
				(index) -> post("/items", bodies.get((int) index)).thenApply((r) -> r.statusCode() == 200));
		double itemSeconds = (System.nanoTime() - begin) / 1e9;
		log("catalogue: %d items in %.1f s", this.items, itemSeconds);
		long withItems = redis.usedMemory();

		// every user active once, then twice as many events again from Zipf-distributed
		// users
		long events = 3L * this.users;
		long eventsBegin = System.nanoTime();
		long requests = (events + batch - 1) / batch;
		LoadRun.Result posted = LoadRun.closedLoop(4, Duration.ofHours(1), requests, (index) -> {
			long first = index * batch;
			SplittableRandom r = new SplittableRandom(index);
			StringBuilder body = new StringBuilder("[");
			for (long e = first; e < Math.min(events, first + batch); e++) {
				int user = (e < this.users) ? (int) e : this.userActivity.sample(r);
				if (e > first) {
					body.append(',');
				}
				appendEvent(body, "u" + user, "i" + this.itemPopularity.sample(r), TYPES[r.nextInt(TYPES.length)],
						null);
			}
			return post("/events", body.append(']').toString()).thenApply((res) -> res.statusCode() == 202);
		});
		double postSeconds = (System.nanoTime() - eventsBegin) / 1e9;
		KafkaProbe.Offsets drained = kafka.awaitNoLag(this.workerGroup, EVENTS_TOPIC, Duration.ofMinutes(30));
		double drainSeconds = (System.nanoTime() - eventsBegin) / 1e9;
		long withUsers = redis.usedMemory();
		log("users: %d events posted in %.1f s, in Redis after %.1f s (lag %d)", events, postSeconds, drainSeconds,
				drained.lag());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("itemSeconds", itemSeconds);
		json.put("itemRequestsFailed", loaded.failed());
		json.put("eventRequestsFailed", posted.failed());
		json.put("events", events);
		json.put("eventPostSeconds", postSeconds);
		json.put("eventsInRedisSeconds", drainSeconds);
		json.put("eventRequestsOk", posted.ok());
		this.report.data("load", json);
		this.settings.put("eventsLoaded", events);
		this.report.table("Loading (through the HTTP API, batches of 1,000)",
				List.of("what", "count", "seconds", "per second"),
				List.of(List.of("items (POST /items)", PerfReport.number(this.items), PerfReport.number(itemSeconds),
						PerfReport.number(this.items / itemSeconds)),
						List.of("events posted (POST /events, 4 callers)", PerfReport.number(events),
								PerfReport.number(postSeconds), PerfReport.number(events / postSeconds)),
						List.of("events applied by the worker (until lag 0)", PerfReport.number(events),
								PerfReport.number(drainSeconds), PerfReport.number(events / drainSeconds))),
				null);
		return new Memory(empty, withItems, withUsers, events);
	}

	// ---------------------------------------------------------------- the floor

	private record Floor(Latencies.Summary ping, Latencies.Summary pipeline, int pipelineSize, KafkaProbe.Floor kafka) {
	}

	private Floor floor(RedisProbe redis, KafkaProbe kafka) throws Exception {
		int n = this.quick ? 1000 : 5000;
		redis.pings(200);
		Latencies.Summary ping = redis.pings(n).summary();
		List<String> keys = new ArrayList<>();
		SplittableRandom random = this.seeds.split();
		int size = Integer.parseInt(this.options.getOrDefault("floor-pipeline", "200"));
		for (int i = 0; i < size; i++) {
			keys.add("kairos:{i:i" + random.nextInt(this.items) + "}");
		}
		String[] fields = { "c", "a", "ca", "n:click", "n:impression", "pop", "trend" };
		redis.pipelines(50, keys, fields);
		Latencies.Summary pipeline = redis.pipelines(this.quick ? 300 : 1000, keys, fields).summary();
		byte[] value = ("{\"v\":1,\"userId\":\"u12345\",\"itemId\":\"i4321\",\"type\":\"click\",\"timestamp\":\""
				+ Instant.now() + "\",\"eventId\":null,\"recommendationId\":null,\"value\":null,\"context\":{}}")
			.getBytes(StandardCharsets.UTF_8);
		KafkaProbe.Floor produce = kafka.floor(this.quick ? 300 : 1000, this.quick ? 100 : 300, 100,
				this.quick ? 50_000 : 200_000, value);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("redisPing", ping.json());
		json.put("redisPipelineHmget", pipeline.json());
		json.put("redisPipelineSize", size);
		json.put("kafkaProduceSingle", produce.single().summary().json());
		json.put("kafkaProduceBatch100", produce.batch().summary().json());
		json.put("kafkaProduceBurstRecordsPerSecond", produce.burstRecordsPerSecond());
		this.report.data("floor", json);
		log("floor: redis ping p50 %.3f ms, pipeline of %d HMGET p50 %.2f ms, kafka produce p50 %.2f ms", ping.p50(),
				size, pipeline.p50(), produce.single().summary().p50());
		return new Floor(ping, pipeline, size, produce);
	}

	// ---------------------------------------------------------------- recommendations

	private void recommendations(RedisProbe redis, KafkaProbe kafka, Floor floor) throws Exception {
		SplittableRandom random = this.seeds.split();
		log("warming up");
		LoadRun.openLoop(50, Duration.ofSeconds(this.quick ? 5 : 20), 256, Duration.ofSeconds(5),
				recommend(random, 10));
		// the warm-up's feedback applied first, so that the worker's commands are not
		// counted as the request's (or as idle)
		Thread.sleep(1000);
		kafka.awaitNoLag(this.workerGroup, EVENTS_TOPIC, Duration.ofMinutes(5));

		// the cost of one request in Redis commands, measured alone (no feedback), less
		// what the processes do on their own in the same time (model version checks)
		long idleStart = System.nanoTime();
		long idleBefore = redis.totalCommands();
		Thread.sleep(2000);
		double idlePerSecond = (redis.totalCommands() - idleBefore - 1) / ((System.nanoTime() - idleStart) / 1e9);
		int sequential = this.quick ? 200 : 1000;
		Map<String, Long> before = redis.commandCalls();
		long totalBefore = redis.totalCommands();
		long begin = System.nanoTime();
		LoadRun.Result alone = LoadRun.closedLoop(1, Duration.ofHours(1), sequential, recommend(random, 0));
		double seconds = (System.nanoTime() - begin) / 1e9;
		long totalDelta = redis.totalCommands() - totalBefore - 2;
		Map<String, Long> delta = RedisProbe.delta(before, redis.commandCalls());
		double background = idlePerSecond * seconds;
		double perRequest = (totalDelta - background) / sequential;
		double hmgetPerRequest = delta.getOrDefault("hmget", 0L) / (double) sequential;
		List<List<String>> costRows = new ArrayList<>();
		delta.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.filter((e) -> !e.getKey().equals("info"))
			.forEach((e) -> costRows.add(List.of(e.getKey(), PerfReport.number(e.getValue() / (double) sequential))));
		costRows.add(List.of(
				"**all commands** (total_commands_processed, less idle " + PerfReport.number(idlePerSecond) + "/s)",
				PerfReport.number(perRequest)));
		this.report.table(
				"Cost of one GET /recommendations in Redis commands ("
						+ sequential + " requests one after another, no feedback)",
				List.of("command", "per request"), costRows,
				"HMGET per request = item rows read on the request path (one per candidate not cached, up to "
						+ "4782707; none since the serving snapshot, which holds every item in memory). Latency of these sequential requests: p50 "
						+ PerfReport.number(alone.latency().p50()) + " ms, p99 "
						+ PerfReport.number(alone.latency().p99()) + " ms.");
		this.settings.put("item rows read per request (HMGET/request)", PerfReport.number(hmgetPerRequest));
		Map<String, Object> cost = new LinkedHashMap<>();
		cost.put("requests", sequential);
		cost.put("commandsPerRequest", perRequest);
		cost.put("idleCommandsPerSecond", idlePerSecond);
		cost.put("commandCalls", delta);
		cost.put("hmgetPerRequest", hmgetPerRequest);
		cost.put("sequentialLatency", alone.latency().json());
		this.report.data("recommendationCost", cost);
		log("one request: %.1f Redis commands, %.1f HMGET; alone p50 %.2f ms", perRequest, hmgetPerRequest,
				alone.latency().p50());

		List<List<String>> rows = new ArrayList<>();
		Map<String, Object> json = new LinkedHashMap<>();
		LoadRun.Result at500 = null;
		double sustained = Double.NaN;
		for (String rateText : this.options.getOrDefault("rates", "50,100,200,500").split(",")) {
			double rate = Double.parseDouble(rateText);
			LoadRun.Result result = LoadRun.openLoop(rate, this.phase, 512, Duration.ofSeconds(5),
					recommend(random, 10));
			log("GET /recommendations at %s/s: achieved %.1f/s p50 %.1f p99 %.1f ms (unsent %d, failed %d)", rateText,
					result.achievedPerSecond(), result.latency().p50(), result.latency().p99(), result.unsent(),
					result.failed());
			rows.add(latencyRow(rateText + " req/s (open)", result));
			json.put(rateText, result.json());
			if (rate == 500) {
				at500 = result;
			}
			if (result.keptUp() && result.latency().p99() <= 100 && !(rate <= sustained)) {
				sustained = rate;
			}
		}
		int callers = Integer.parseInt(this.options.getOrDefault("callers", "32"));
		LoadRun.Result closed = LoadRun.closedLoop(callers, this.phase, recommend(random, 10));
		log("GET /recommendations closed loop, %d callers: %.1f/s p50 %.1f p99 %.1f ms", callers,
				closed.achievedPerSecond(), closed.latency().p50(), closed.latency().p99());
		rows.add(latencyRow("closed loop, " + callers + " callers", closed));
		json.put("closedLoop", closed.json());
		json.put("highestRateKeptUpWithP99Under100ms", sustained);
		this.report.data("recommendations", json);
		this.report.table("GET /recommendations (count=10, learning on: "
				+ (this.impressions ? "the slate's impressions posted back, " : "") + "one slate in ten gets a click)",
				List.of("offered", "achieved/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "failed", "unsent", "load 1m"),
				rows,
				"Open loop: latency from each request's intended start; a request that could not be sent within the "
						+ "phase plus 5 s (512 in flight at most) is counted unsent, its wait so far recorded as a lower bound. "
						+ "Users drawn by the same Zipf law as their activity.");

		Verdict verdict500 = (at500 == null) ? Verdict.NOT_MEASURED
				: (at500.keptUp() && at500.latency().p99() <= 10) ? Verdict.MET : Verdict.MISSED;
		this.report.compare("GET /recommendations p99 at 500 req/s",
				(at500 == null) ? "–"
						: PerfReport.number(at500.latency().p99()) + " ms (achieved "
								+ PerfReport.number(at500.achievedPerSecond()) + "/s)",
				"≤ 10 ms, keeping up", verdict500);
		this.report.compare("GET /recommendations at saturation", closed.achievedPerSecond(),
				PerfReport.number(closed.achievedPerSecond()) + " req/s (closed loop, " + callers
						+ " callers); highest open-loop rate kept up with p99 ≤ 100 ms: "
						+ (Double.isNaN(sustained) ? "none" : PerfReport.number(sustained)),
				Target.atLeast("≥ 2,000 req/s", 2000));
		double floorMs = 4 * floor.ping().p50() + floor.pipeline().p50();
		this.report.table("The physical floor (same run, Lettuce and a Kafka producer in the load generator's JVM)",
				List.of("what", "p50 ms", "p99 ms", "note"),
				List.of(List.of("Redis round trip (PING)", PerfReport.number(floor.ping().p50()),
						PerfReport.number(floor.ping().p99()), ""),
						List.of("Redis pipeline of " + floor.pipelineSize() + " HMGET (7 fields)",
								PerfReport.number(floor.pipeline().p50()), PerfReport.number(floor.pipeline().p99()),
								""),
						List.of("Kafka produce, one record, acks=all idempotent linger 2 ms",
								PerfReport.number(floor.kafka().single().summary().p50()),
								PerfReport.number(floor.kafka().single().summary().p99()), ""),
						List.of("Kafka produce, batch of 100, all acknowledged",
								PerfReport.number(floor.kafka().batch().summary().p50()),
								PerfReport.number(floor.kafka().batch().summary().p99()),
								"burst: " + PerfReport.number(floor.kafka().burstRecordsPerSecond()) + " records/s"),
						List.of("GET /recommendations alone (sequential)", PerfReport.number(alone.latency().p50()),
								PerfReport.number(alone.latency().p99()),
								"floor of 4 round trips + one pipeline ≈ " + PerfReport.number(floorMs) + " ms; "
										+ PerfReport.number(alone.latency().p50() / floorMs) + "× the floor")),
				null);
	}

	/**
	 * A recommendation call for a Zipf-drawn user; with {@code feedbackEvery} &gt; 0 it
	 * answers as a client would, so the model and the worker keep learning while the API
	 * serves: one {@code POST /events} per slate with an impression of every item shown
	 * (unless {@code --impressions false}), joined by the recommendation id, and in one
	 * slate of {@code feedbackEvery} a click on its first item.
	 */
	private LoadRun.Call recommend(SplittableRandom random, int feedbackEvery) {
		return (index) -> {
			String user;
			synchronized (random) {
				user = "u" + this.userActivity.sample(random);
			}
			return get("/recommendations?userId=" + user + "&count=10").thenApply((response) -> {
				if (response.statusCode() != 200) {
					return false;
				}
				if (feedbackEvery > 0) {
					String recommendationId = field(response.body(), "recommendationId");
					List<String> shown = fields(response.body(), "itemId");
					boolean click = index % feedbackEvery == 0;
					if (recommendationId != null && !shown.isEmpty() && (this.impressions || click)) {
						StringBuilder body = new StringBuilder("[");
						if (this.impressions) {
							for (String item : shown) {
								appendEvent(body, user, item, "impression", recommendationId);
								body.append(',');
							}
						}
						if (click) {
							appendEvent(body, user, shown.get(0), "click", recommendationId);
						}
						else {
							body.setLength(body.length() - 1);
						}
						post("/events", body.append(']').toString());
					}
				}
				return true;
			});
		};
	}

	// ---------------------------------------------------------------- events and worker

	private void events(KafkaProbe kafka, Floor floor) throws Exception {
		kafka.awaitNoLag(this.workerGroup, EVENTS_TOPIC, Duration.ofMinutes(5));
		List<List<String>> rows = new ArrayList<>();
		Map<String, Object> json = new LinkedHashMap<>();
		LoadRun.Result batches;
		LoadRun.Result singles;
		List<KafkaProbe.Offsets> samples;
		double drainSeconds;
		long beginNanos = System.nanoTime();
		try (LagSampler lag = new LagSampler(kafka, this.workerGroup, EVENTS_TOPIC)) {
			int batchCallers = Integer.parseInt(this.options.getOrDefault("batch-callers", "4"));
			// capped, so that the worker can apply the burst in a bounded time
			long burst = Long.parseLong(this.options.getOrDefault("burst-events", this.quick ? "60000" : "300000"));
			batches = LoadRun.closedLoop(batchCallers, this.phase, burst / 100, events(100));
			log("POST /events, batches of 100: %.0f events/s, p50 %.1f p99 %.1f ms", batches.achievedPerSecond() * 100,
					batches.latency().p50(), batches.latency().p99());
			int singleCallers = Integer.parseInt(this.options.getOrDefault("single-callers", "16"));
			singles = LoadRun.closedLoop(singleCallers, this.phase, events(1));
			log("POST /events, single: %.0f events/s, p50 %.1f p99 %.1f ms", singles.achievedPerSecond(),
					singles.latency().p50(), singles.latency().p99());
			kafka.awaitNoLag(this.workerGroup, EVENTS_TOPIC, Duration.ofMinutes(this.quick ? 3 : 15));
			drainSeconds = (System.nanoTime() - beginNanos) / 1e9;
			samples = lag.samples();
		}
		double workerRate = LagSampler.backloggedRate(samples);
		long posted = batches.ok() * 100 + singles.ok();
		rows.add(eventRow(
				"batches of 100 (closed loop, " + this.options.getOrDefault("batch-callers", "4") + " callers)",
				batches, 100, floor.kafka().batch().summary()));
		rows.add(eventRow(
				"single events (closed loop, " + this.options.getOrDefault("single-callers", "16") + " callers)",
				singles, 1, floor.kafka().single().summary()));
		json.put("batch100", batches.json());
		json.put("single", singles.json());
		this.report.table("POST /events (202 = acknowledged by Kafka)", List.of("what", "events/s", "requests/s",
				"p50 ms", "p99 ms", "max ms", "raw produce p50 ms", "load 1m"), rows, null);
		this.report.compare("POST /events in batches of 100", batches.achievedPerSecond() * 100,
				PerfReport.number(batches.achievedPerSecond() * 100) + " events/s",
				Target.atLeast("≥ 50,000 events/s", 50_000));

		// sustained: a fixed offered rate, lag sampled, freshness probed meanwhile
		// by default half of what the worker managed with a backlog: a rate it should
		// sustain with bounded lag
		double rate = this.options.containsKey("sustained-rate")
				? Double.parseDouble(this.options.get("sustained-rate"))
				: Double.isNaN(workerRate) ? 1000 : Math.max(100, Math.round(workerRate / 2 / 100) * 100);
		Duration sustainedFor = this.phase.multipliedBy(2);
		LoadRun.Result sustained;
		List<KafkaProbe.Offsets> sustainedSamples;
		Latencies underLoad = new Latencies();
		int[] timeouts = new int[1];
		try (LagSampler lag = new LagSampler(kafka, this.workerGroup, EVENTS_TOPIC)) {
			long end = System.nanoTime() + sustainedFor.toNanos();
			Thread prober = new Thread(() -> {
				int i = 0;
				while (System.nanoTime() < end) {
					double ms = featureFreshness("load-" + i++);
					if (Double.isNaN(ms)) {
						timeouts[0]++;
					}
					else {
						underLoad.recordMillis(ms);
					}
				}
			}, "perf-freshness");
			prober.start();
			sustained = LoadRun.openLoop(rate / 100, sustainedFor, 256, Duration.ofSeconds(5), events(100));
			prober.join();
			sustainedSamples = lag.samples();
		}
		long maxLag = LagSampler.maxLag(sustainedSamples);
		long finalLag = sustainedSamples.isEmpty() ? -1 : sustainedSamples.get(sustainedSamples.size() - 1).lag();
		double consumed = LagSampler.averageRate(sustainedSamples);
		boolean bounded = finalLag <= rate;
		log("sustained %.0f events/s offered: accepted %.0f/s, worker %.0f/s, lag max %d final %d", rate,
				sustained.achievedPerSecond() * 100, consumed, maxLag, finalLag);
		List<List<String>> lagRows = new ArrayList<>();
		long t0 = sustainedSamples.isEmpty() ? 0 : sustainedSamples.get(0).atNanos();
		for (int i = 0; i < sustainedSamples.size(); i += Math.max(1, sustainedSamples.size() / 12)) {
			KafkaProbe.Offsets s = sustainedSamples.get(i);
			lagRows.add(List.of(PerfReport.number((s.atNanos() - t0) / 1e9), PerfReport.number(s.lag())));
		}
		Map<String, Object> worker = new LinkedHashMap<>();
		worker.put("eventsPostedInBurstPhases", posted);
		worker.put("burstPhasesUntilLagZeroSeconds", drainSeconds);
		worker.put("backloggedEventsPerSecond", workerRate);
		worker.put("sustainedOfferedEventsPerSecond", rate);
		worker.put("sustainedAcceptedEventsPerSecond", sustained.achievedPerSecond() * 100);
		worker.put("sustainedConsumedEventsPerSecond", consumed);
		worker.put("sustainedMaxLag", maxLag);
		worker.put("sustainedFinalLag", finalLag);
		worker.put("sustainedPostLatency", sustained.latency().json());
		worker.put("lagSamples",
				sustainedSamples.stream().map((s) -> List.of((s.atNanos() - t0) / 1e9, (double) s.lag())).toList());
		json.put("worker", worker);
		this.report.data("events", json);
		this.report.table("Worker into Redis", List.of("what", "figure"), List.of(
				List.of("throughput with a backlog (burst phases above, committed offsets/s while lag > 0)",
						PerfReport.number(workerRate) + " events/s"),
				List.of("burst phases: " + PerfReport.number(posted) + " events posted → all applied after",
						PerfReport.number(drainSeconds) + " s (" + PerfReport.number(posted / drainSeconds)
								+ " events/s)"),
				List.of("sustained phase: offered / accepted / consumed",
						PerfReport.number(rate) + " / " + PerfReport.number(sustained.achievedPerSecond() * 100) + " / "
								+ PerfReport.number(consumed) + " events/s for " + sustainedFor.toSeconds() + " s"),
				List.of("sustained phase: consumer lag max / at the end", maxLag + " / " + finalLag + " events"),
				List.of("sustained phase: POST (100 events) p50 / p99",
						PerfReport.number(sustained.latency().p50()) + " / "
								+ PerfReport.number(sustained.latency().p99()) + " ms")),
				"Lag = end offsets − the worker group's committed offsets on `kairos.events` (Kafka admin client), "
						+ "sampled every 0.5 s. Lag over the sustained phase (s → events): "
						+ String.join(", ", lagRows.stream().map((r) -> r.get(0) + " s → " + r.get(1)).toList()));
		this.report.compare("worker into Redis (with a backlog)", workerRate,
				PerfReport.number(workerRate) + " events/s", Target.atLeast("≥ 20,000 events/s", 20_000));
		this.report.compare("consumer lag at a sustained " + PerfReport.number(rate) + " events/s",
				maxLag + " max, " + finalLag + " at the end", "bounded (≤ 1 s of events at the end)",
				(sustained.achievedPerSecond() * 100 < 0.95 * rate) ? Verdict.NOT_MEASURED
						: bounded ? Verdict.MET : Verdict.MISSED);
		this.underLoadFreshness = underLoad;
		this.underLoadTimeouts = timeouts[0];
		this.underLoadRate = rate;
	}

	private Latencies underLoadFreshness;

	private int underLoadTimeouts;

	private double underLoadRate;

	private LoadRun.Call events(int batch) {
		SplittableRandom random = this.seeds.split();
		return (index) -> {
			StringBuilder body = new StringBuilder((batch > 1) ? "[" : "");
			synchronized (random) {
				for (int e = 0; e < batch; e++) {
					if (e > 0) {
						body.append(',');
					}
					appendEvent(body, "u" + this.userActivity.sample(random), "i" + this.itemPopularity.sample(random),
							TYPES[random.nextInt(TYPES.length)], null);
				}
			}
			if (batch > 1) {
				body.append(']');
			}
			return post("/events", body.toString()).thenApply((r) -> r.statusCode() == 202);
		};
	}

	// ---------------------------------------------------------------- freshness

	private void freshness(KafkaProbe kafka) throws Exception {
		kafka.awaitNoLag(this.workerGroup, EVENTS_TOPIC, Duration.ofMinutes(5));
		int n = this.quick ? 100 : 500;
		Latencies quiet = new Latencies();
		int quietTimeouts = 0;
		for (int i = 0; i < n; i++) {
			double ms = featureFreshness("quiet-" + i);
			if (Double.isNaN(ms)) {
				quietTimeouts++;
			}
			else {
				quiet.recordMillis(ms);
			}
		}
		int m = this.quick ? 30 : 100;
		Latencies model = new Latencies();
		int modelTimeouts = 0;
		int heldOut = 0;
		SplittableRandom random = this.seeds.split();
		for (int i = 0; i < m + heldOut; i++) {
			double ms = modelFreshness("u" + this.userActivity.sample(random));
			if (ms == -1) {
				heldOut++;
			}
			else if (Double.isNaN(ms)) {
				modelTimeouts++;
			}
			else {
				model.recordMillis(ms);
			}
			if (heldOut > m) {
				break;
			}
		}
		Latencies.Summary q = quiet.summary();
		Latencies.Summary l = this.underLoadFreshness.summary();
		Latencies.Summary s = model.summary();
		List<List<String>> rows = List.of(
				freshnessRow("event 202 → visible in GET /users/{id}, quiet", q, quietTimeouts),
				freshnessRow("the same, during the sustained " + PerfReport.number(this.underLoadRate) + " events/s", l,
						this.underLoadTimeouts),
				freshnessRow("click on a served slate → the API serves a new model version", s, modelTimeouts));
		this.report.table("Freshness", List.of("what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "timeouts"), rows,
				"Feature freshness: a click by a new user, then GET /users/{id} polled back to back until it answers "
						+ "200 (timeout 10 s); timed from the 202. Model freshness: GET /recommendations, a click on its "
						+ "first item with its recommendationId, then GET /admin/model polled every 5 ms until "
						+ "servingVersion moves (timeout 5 s); slates held out for the learning guard (5%) skipped ("
						+ heldOut + ").");
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("featuresQuiet", q.json());
		json.put("featuresQuietTimeouts", quietTimeouts);
		json.put("featuresUnderLoad", l.json());
		json.put("featuresUnderLoadTimeouts", this.underLoadTimeouts);
		json.put("model", s.json());
		json.put("modelTimeouts", modelTimeouts);
		json.put("modelHeldOutSkipped", heldOut);
		this.report.data("freshness", json);
		this.report.compare("freshness → features, p50 (quiet / under load)", Math.max(q.p50(), l.p50()),
				PerfReport.number(q.p50()) + " / " + PerfReport.number(l.p50()) + " ms", Target.atMost("≤ 50 ms", 50));
		this.report.compare("freshness → features, p99 (quiet / under load)", Math.max(q.p99(), l.p99()),
				PerfReport.number(q.p99()) + " / " + PerfReport.number(l.p99()) + " ms",
				Target.atMost("≤ 250 ms", 250));
		this.report.compare("freshness → model used for serving, p99", s.p99(), PerfReport.number(s.p99()) + " ms",
				Target.atMost("≤ 1 s", 1000));
		log("freshness: features p50 %.1f p99 %.1f ms (under load p99 %.1f); model p50 %.1f p99 %.1f ms", q.p50(),
				q.p99(), l.p99(), s.p50(), s.p99());
	}

	/**
	 * A click by a user never seen, then {@code GET /users/{id}} until it answers 200:
	 * milliseconds from the 202, NaN after 10 s.
	 */
	private double featureFreshness(String name) {
		String user = "fresh-" + name + "-" + this.eventCounter.incrementAndGet();
		StringBuilder body = new StringBuilder();
		appendEvent(body, user, "i" + (this.eventCounter.get() % this.items), "click", null);
		HttpResponse<String> accepted = post("/events", body.toString()).join();
		if (accepted.statusCode() != 202) {
			return Double.NaN;
		}
		long acceptedAt = System.nanoTime();
		long deadline = acceptedAt + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (get("/users/" + user).join().statusCode() == 200) {
				return (System.nanoTime() - acceptedAt) / 1e6;
			}
		}
		return Double.NaN;
	}

	/**
	 * A click on a served slate, then the API's serving model version until it moves:
	 * milliseconds from the 202; -1 for a held-out slate (the model never learns from
	 * it), NaN after 5 s.
	 */
	private double modelFreshness(String user) throws InterruptedException {
		HttpResponse<String> slate = get("/recommendations?userId=" + user + "&count=10").join();
		String recommendationId = field(slate.body(), "recommendationId");
		String item = field(slate.body(), "itemId");
		if (slate.statusCode() != 200 || recommendationId == null || item == null) {
			return Double.NaN;
		}
		if (this.holdout.holdsOut(recommendationId)) {
			return -1;
		}
		long before = servingVersion();
		StringBuilder body = new StringBuilder();
		appendEvent(body, user, item, "click", recommendationId);
		if (post("/events", body.toString()).join().statusCode() != 202) {
			return Double.NaN;
		}
		long acceptedAt = System.nanoTime();
		long deadline = acceptedAt + 5_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (servingVersion() > before) {
				return (System.nanoTime() - acceptedAt) / 1e6;
			}
			Thread.sleep(5);
		}
		return Double.NaN;
	}

	private long servingVersion() {
		String body = get("/admin/model").join().body();
		int at = body.indexOf("\"servingVersion\":");
		if (at < 0) {
			throw new IllegalStateException("no servingVersion in /admin/model: " + body);
		}
		int from = at + "\"servingVersion\":".length();
		int to = from;
		while (to < body.length() && (Character.isDigit(body.charAt(to)) || body.charAt(to) == '-')) {
			to++;
		}
		return Long.parseLong(body.substring(from, to).trim());
	}

	// ---------------------------------------------------------------- soak and memory

	private Map<String, Long> heapBeforeSoak;

	private Map<String, Long> heapAfterSoak;

	private Map<String, Long> heapMaxDuringSoak;

	private void soak(RedisProbe redis) throws Exception {
		Duration soak = Duration
			.ofSeconds(Long.parseLong(this.options.getOrDefault("soak-seconds", this.quick ? "45" : "600")));
		double rate = Double.parseDouble(this.options.getOrDefault("soak-rate", "50"));
		this.heapBeforeSoak = liveHeaps();
		long redisBefore = redis.usedMemory();
		Map<String, Long> max = new LinkedHashMap<>();
		Thread sampler = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					heaps().forEach((k, v) -> max.merge(k, v, Math::max));
					Thread.sleep(5_000);
				}
			}
			catch (InterruptedException ex) {
				// done
			}
		}, "perf-heap");
		sampler.setDaemon(true);
		sampler.start();
		SplittableRandom random = this.seeds.split();
		log("soak: %d s at %.0f recommendations/s and %.0f events/s", soak.toSeconds(), rate, rate * 10);
		Thread events = new Thread(() -> LoadRun.openLoop(rate / 10, soak, 64, Duration.ofSeconds(5), events(100)),
				"perf-soak-events");
		events.start();
		LoadRun.Result result = LoadRun.openLoop(rate, soak, 256, Duration.ofSeconds(5), recommend(random, 10));
		events.join();
		sampler.interrupt();
		sampler.join();
		this.heapMaxDuringSoak = max;
		this.heapAfterSoak = liveHeaps();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("seconds", soak.toSeconds());
		json.put("recommendationsPerSecond", rate);
		json.put("eventsPerSecond", rate * 10);
		json.put("recommendations", result.json());
		json.put("liveHeapBefore", this.heapBeforeSoak);
		json.put("liveHeapAfter", this.heapAfterSoak);
		json.put("heapMaxDuring", max);
		json.put("redisUsedMemoryBefore", redisBefore);
		json.put("redisUsedMemoryAfter", redis.usedMemory());
		this.report.data("soak", json);
		this.settings.put("soak", soak.toSeconds() + " s at " + PerfReport.number(rate) + " recommendations/s + "
				+ PerfReport.number(rate * 10) + " events/s");
		log("soak done: p99 %.1f ms; live heap before %s after %s", result.latency().p99(), this.heapBeforeSoak,
				this.heapAfterSoak);
	}

	/** Heap in use after a full GC ({@code jcmd PID GC.run}), per process. */
	private Map<String, Long> liveHeaps() throws Exception {
		for (String role : List.of("api", "worker")) {
			String pid = this.options.get(role + "-pid");
			if (pid != null) {
				Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
						pid, "GC.run")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				jcmd.waitFor();
			}
		}
		Thread.sleep(500);
		return heaps();
	}

	/** Heap in use now, per process, from its Prometheus endpoint. */
	private Map<String, Long> heaps() {
		Map<String, Long> heaps = new LinkedHashMap<>();
		for (String role : List.of("api", "worker")) {
			String port = this.options.get(role + "-management");
			if (port != null) {
				try {
					HttpResponse<String> response = this.http
						.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
							.build(), HttpResponse.BodyHandlers.ofString());
					heaps.put(role, (long) Prometheus.sum(response.body(), "jvm_memory_used_bytes", "area=\"heap\""));
				}
				catch (IOException ex) {
					heaps.put(role, -1L);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
		return heaps;
	}

	private void memory(RedisProbe redis, Memory memory) {
		SplittableRandom random = this.seeds.split();
		int samples = this.quick ? 300 : 1000;
		long userBytes = 0;
		for (int i = 0; i < samples; i++) {
			String key = "kairos:{u:u" + random.nextInt(this.users) + "}";
			userBytes += redis.memoryUsage(
					List.of(key, key + ":recent", key + ":consumed", key + ":eids", key + ":dups", key + ":clock"));
		}
		long itemBytes = 0;
		for (int i = 0; i < samples; i++) {
			String key = "kairos:{i:i" + random.nextInt(this.items) + "}";
			itemBytes += redis.memoryUsage(List.of(key, key + ":cooc"));
		}
		double perUser = userBytes / (double) samples;
		double perItem = itemBytes / (double) samples;
		long used = redis.usedMemory();
		long keys = redis.commands().dbsize();
		double itemDelta = (memory.withItems() - memory.empty()) / (double) this.items;
		double userDelta = (memory.withUsers() - memory.withItems()) / (double) this.users;
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("Redis used_memory at the end / keys",
				PerfReport.number(used / 1048576.0) + " MiB / " + PerfReport.number(keys)));
		rows.add(List.of("per active user: MEMORY USAGE of its keys (mean of " + samples + " users drawn uniformly)",
				PerfReport.number(perUser) + " B"));
		rows.add(List.of(
				"per active user: used_memory growth while loading the users' " + memory.events()
						+ " events / users (includes item counters, co-clicks, lists)",
				PerfReport.number(userDelta) + " B"));
		rows.add(List.of("per item: MEMORY USAGE of its hash and co-click set (mean of " + samples + ")",
				PerfReport.number(perItem) + " B"));
		rows.add(List.of("per item: used_memory growth while loading the catalogue / items (includes ranked lists)",
				PerfReport.number(itemDelta) + " B"));
		// what serving leaves behind in Redis per served slate: nothing (slates go to
		// Kafka only and the worker counts their exposures); the keys the old design kept
		// are still looked for, to show it
		Map<String, RedisProbe.KeyFamily> served = redis.keyFamilies("kairos:{u:*", List.of(":s:", ":served"), samples);
		long slateKeys = served.get(":s:").count() + served.get(":served").count();
		rows.add(List.of("served slates' keys in Redis (kairos:{u:USER}:s:REC, :served): count",
				PerfReport.number(slateKeys)));
		for (String role : this.heapBeforeSoak.keySet()) {
			rows.add(List.of(role + " JVM heap after a full GC, before / after the soak (max in use during)",
					mib(this.heapBeforeSoak.get(role)) + " / " + mib(this.heapAfterSoak.get(role)) + " MiB ("
							+ mib(this.heapMaxDuringSoak.getOrDefault(role, -1L)) + ")"));
		}
		this.report.table("Memory", List.of("what", "figure"), rows, null);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("redisUsedMemory", used);
		json.put("redisKeys", keys);
		json.put("bytesPerUserSampled", perUser);
		json.put("bytesPerUserLoadDelta", userDelta);
		json.put("bytesPerItemSampled", perItem);
		json.put("bytesPerItemLoadDelta", itemDelta);
		json.put("servedSlateKeysInRedis", slateKeys);
		this.report.data("memory", json);
		this.report.compare("Redis per active user (sampled keys)", perUser, PerfReport.number(perUser) + " B",
				Target.atMost("≤ 1 KiB", 1024));
		boolean flat = true;
		List<String> growth = new ArrayList<>();
		for (String role : this.heapBeforeSoak.keySet()) {
			long before = this.heapBeforeSoak.get(role);
			long after = this.heapAfterSoak.get(role);
			flat &= heapFlat(before, after);
			growth.add(role + " " + mib(before) + " → " + mib(after) + " MiB");
		}
		this.report.compare("heap after the soak (" + this.settings.get("soak") + ")", String.join(", ", growth),
				"flat (live heap grows < 10% or < 16 MiB)",
				this.heapBeforeSoak.isEmpty() ? Verdict.NOT_MEASURED : flat ? Verdict.MET : Verdict.MISSED);
	}

	/** Live heap counts as flat when it grew by less than 10% or 16 MiB. */
	static boolean heapFlat(long before, long after) {
		long growth = after - before;
		return growth < 16L * 1048576 || growth < 0.10 * before;
	}

	private static String mib(Long bytes) {
		return (bytes == null || bytes < 0) ? "–" : PerfReport.number(bytes / 1048576.0);
	}

	// ---------------------------------------------------------------- output

	private void write(Instant started) throws IOException {
		Path out = Path.of(this.options.getOrDefault("out", "target/bench"));
		Files.createDirectories(out);
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
		String mode = this.quick ? "quick" : "full";
		String markdown = "## Kairos performance, " + mode + " run of "
				+ started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n\n" + this.report.markdown();
		Files.writeString(out.resolve("perf-" + mode + "-" + stamp + ".json"), this.report.json());
		Files.writeString(out.resolve("perf-" + mode + "-" + stamp + ".md"), markdown);
		Files.writeString(out.resolve("perf.json"), this.report.json());
		Files.writeString(out.resolve("perf.md"), markdown);
		System.out.println();
		System.out.println(markdown);
		System.out.println("Written: " + out.resolve("perf-" + mode + "-" + stamp + ".json") + " and .md");
	}

	// ---------------------------------------------------------------- helpers

	private static List<String> latencyRow(String what, LoadRun.Result r) {
		return List.of(what, PerfReport.number(r.achievedPerSecond()), PerfReport.number(r.latency().p50()),
				PerfReport.number(r.latency().p95()), PerfReport.number(r.latency().p99()),
				PerfReport.number(r.latency().max()), Long.toString(r.failed()), Long.toString(r.unsent()),
				PerfReport.number(r.loadAverage()));
	}

	private static List<String> eventRow(String what, LoadRun.Result r, int batch, Latencies.Summary floor) {
		return List.of(what, PerfReport.number(r.achievedPerSecond() * batch), PerfReport.number(r.achievedPerSecond()),
				PerfReport.number(r.latency().p50()), PerfReport.number(r.latency().p99()),
				PerfReport.number(r.latency().max()), PerfReport.number(floor.p50()),
				PerfReport.number(r.loadAverage()));
	}

	private static List<String> freshnessRow(String what, Latencies.Summary s, int timeouts) {
		return List.of(what, Long.toString(s.count()), PerfReport.number(s.p50()), PerfReport.number(s.p95()),
				PerfReport.number(s.p99()), PerfReport.number(s.max()), Integer.toString(timeouts));
	}

	private static void appendEvent(StringBuilder body, String user, String item, String type,
			String recommendationId) {
		body.append("{\"userId\":\"")
			.append(user)
			.append("\",\"itemId\":\"")
			.append(item)
			.append("\",\"type\":\"")
			.append(type)
			.append('"');
		if (recommendationId != null) {
			body.append(",\"recommendationId\":\"").append(recommendationId).append('"');
		}
		body.append('}');
	}

	/**
	 * The first string value of a JSON field, found by text (no parsing: the generator
	 * stays cheap).
	 */
	static String field(String json, String name) {
		String key = "\"" + name + "\":\"";
		int at = json.indexOf(key);
		if (at < 0) {
			return null;
		}
		int from = at + key.length();
		int to = json.indexOf('"', from);
		return (to < 0) ? null : json.substring(from, to);
	}

	/** Every string value of the field, in order. */
	static List<String> fields(String json, String name) {
		String key = "\"" + name + "\":\"";
		List<String> values = new ArrayList<>();
		int at = json.indexOf(key);
		while (at >= 0) {
			int from = at + key.length();
			int to = json.indexOf('"', from);
			if (to < 0) {
				break;
			}
			values.add(json.substring(from, to));
			at = json.indexOf(key, to);
		}
		return values;
	}

	private CompletableFuture<HttpResponse<String>> get(String path) {
		return this.http.sendAsync(
				HttpRequest.newBuilder(URI.create(this.api + path)).timeout(Duration.ofSeconds(60)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> post(String path, String json) {
		return this.http.sendAsync(HttpRequest.newBuilder(URI.create(this.api + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void log(String format, Object... args) {
		System.out.printf(Locale.ROOT, "[perf %s] %s%n",
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
				String.format(Locale.ROOT, format, args));
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("options are --name value or --flag: " + Arrays.toString(args));
			}
			String name = args[i].substring(2);
			int eq = name.indexOf('=');
			if (eq >= 0) {
				options.put(name.substring(0, eq), name.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				options.put(name, args[++i]);
			}
			else {
				options.put(name, "true");
			}
		}
		return options;
	}

}
