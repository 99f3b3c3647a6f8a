package dev.kairos.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.kairos.Http;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.kafka.ServedSlateCodec;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ServedSlate;
import dev.kairos.redis.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Crash safety with separate processes: a Kafka broker process, a redis-server, one
 * Kairos API process and two Kairos worker processes (external mode). A stream of events
 * is posted; a third of the way through one worker is killed with {@code kill -9}, at
 * half way a third worker joins (a rebalance), at two thirds the killed one is restarted
 * (it rejoins: another), at five sixths the second worker stops gracefully (it leaves: a
 * third). When the workers have caught up, every user's and item's counters equal a
 * recount of the events that were answered 202: nothing lost, nothing counted twice.
 *
 * <p>
 * The stream also carries feedback on served slates: with every batch five slates are
 * served to users of their own and some of their items clicked or viewed, by
 * recommendation id, in the batch. The worker's slate join (Kafka Streams, exactly once)
 * counts each served item as an observation of reward 0 and raises it with feedback; once
 * the workers have caught up, the shared model's statistics in Redis (n, A = Σ x xᵀ, b =
 * Σ r x), merged once per batch under the observations' offsets, equal, up to the order
 * of floating-point additions, a recount from the slates on the slates topic and the
 * feedback answered 202, and the items shown and clicked equal the experiment's counts.
 *
 * <p>
 * {@code ./mvnw verify} runs it with 4,000 events; {@code bench/fault-suite.sh} (or
 * {@code -Dkairos.fault.events=100000}) with the full stream.
 */
class WorkerCrashTest {

	private static final int EVENTS = Integer.getInteger("kairos.fault.events", 4_000);

	private static final int USERS = 200;

	private static final int ITEMS = 40;

	private static final int BATCH = 200;

	/**
	 * Slates served per batch, each to one of {@link #SLATE_USERS} users of their own.
	 */
	private static final int SLATES_PER_BATCH = 5;

	private static final int SLATE_USERS = 50;

	private static final int SLATE_SIZE = 5;

	/**
	 * The attribution window, in event time: feedback whose timestamp is later than this
	 * after its slate's is not learned (the killed worker's lag does not count: its
	 * partitions' records keep their times);
	 * {@code -Dkairos.fault.attribution-window=SECONDS}.
	 */
	private static final Duration ATTRIBUTION_WINDOW = Duration
		.ofSeconds(Integer.getInteger("kairos.fault.attribution-window", 90));

	private static final double HOLDOUT_SHARE = 0.05;

	private static final int D = FeatureVector.DIMENSION;

	private static final String MODEL_KEYS = "kairos:{model}:v" + FeatureVector.SCHEMA_VERSION + ":";

	private Processes processes;

	private EmbeddedRedisServer redis;

	@AfterEach
	void stop() {
		if (this.processes != null) {
			this.processes.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aWorkerKilledMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
		this.processes = new Processes();
		int kafkaPort = Processes.freePort();
		this.processes.kafka(kafkaPort, Processes.freePort());
		this.redis = EmbeddedRedisServer.start(Processes.freePort(), "");
		List<String> common = List.of("spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port(),
				"kairos.topics.partitions=6",
				// the attribution window runs in event time: the kill delays
				// processing, not the events' times
				"kairos.learning.attribution-window=" + ATTRIBUTION_WINDOW.toSeconds() + "s",
				"kairos.learning.holdout-share=" + HOLDOUT_SHARE,
				// the statistics must be a plain sum: no decay, and no learning guard
				// freezing learning half way (it judges on 1,000,000 held-out items at
				// the earliest)
				"kairos.learning.decay-half-life=0s", "kairos.learning.guard-min-observations=1000000",
				// a killed worker's consumers, and a stopped worker's Streams members
				// (which
				// do not leave the group on close), hold their partitions until their
				// session
				// times out: 10 s rather than Kafka's 45 s, as an operator who wants
				// faster
				// failover would set it
				"spring.kafka.consumer.properties.session.timeout.ms=10000",
				"spring.kafka.streams.properties.session.timeout.ms=10000");
		int apiPort = Processes.freePort();
		List<String> api = new ArrayList<>(common);
		api.add("kairos.roles.worker=false");
		List<String> worker = new ArrayList<>(common);
		worker.add("kairos.roles.api=false");
		// the API first: it creates the topics
		this.processes.kairos("api", apiPort, Processes.freePort(), api);
		int[] workerPorts = { Processes.freePort(), Processes.freePort(), Processes.freePort(), Processes.freePort(),
				Processes.freePort(), Processes.freePort() };
		// the two workers start side by side
		CompletableFuture<Process> starting = CompletableFuture
			.supplyAsync(() -> start("worker-2", workerPorts[2], workerPorts[3], worker));
		Process first = this.processes.kairos("worker-1", workerPorts[0], workerPorts[1], worker);
		Process second = starting.join();

		Http http = new Http(apiPort);
		for (int i = 0; i < ITEMS; i++) {
			assertThat(http.put("/items/i" + i, "{\"category\":\"c" + (i % 5) + "\"}").status()).isEqualTo(201);
		}
		Map<String, AtomicLong> expected = new ConcurrentHashMap<>();
		Map<String, Double> feedback = new HashMap<>();
		int slates = 0;
		int degraded = 0;
		long sent = 0;
		long accepted = 0;
		boolean killed = false;
		boolean joined = false;
		boolean restarted = false;
		boolean left = false;
		for (int start = 0; start < EVENTS; start += BATCH) {
			List<String> events = new ArrayList<>();
			List<String> keys = new ArrayList<>();
			for (int i = start; i < Math.min(EVENTS, start + BATCH); i++) {
				String user = "u" + (i % USERS);
				String item = "i" + ((i * 7) % ITEMS);
				String type = (i % 3 == 0) ? "click" : "view";
				events.add("{\"eventId\":\"e" + i + "\",\"userId\":\"" + user + "\",\"itemId\":\"" + item
						+ "\",\"type\":\"" + type + "\"}");
				keys.add(user + "/" + type);
				keys.add(item + "/" + type);
			}
			// slates served to users of their own, and feedback on them, in the same
			// batch
			Map<String, Double> batchFeedback = new HashMap<>();
			for (int k = 0; k < SLATES_PER_BATCH; k++, slates++) {
				String user = "s" + (slates % SLATE_USERS);
				Http.Answer slate = http.get("/recommendations?userId=" + user + "&count=" + SLATE_SIZE);
				if (slate.status() != 200 || slate.json().get("degraded").asBoolean()) {
					degraded++;
					continue;
				}
				JsonNode items = slate.json().get("items");
				String id = slate.json().get("recommendationId").asString();
				List<Feedback> feedbackOnSlate = feedbackOn(slates, items.size());
				for (int j = 0; j < feedbackOnSlate.size(); j++) {
					Feedback f = feedbackOnSlate.get(j);
					String item = items.get(f.position()).get("itemId").asString();
					events.add("{\"eventId\":\"f" + slates + "-" + j + "\",\"userId\":\"" + user + "\",\"itemId\":\""
							+ item + "\",\"type\":\"" + f.type() + "\",\"recommendationId\":\"" + id + "\"}");
					keys.add(user + "/" + f.type());
					keys.add(item + "/" + f.type());
					batchFeedback.merge(id + "/" + item, f.reward(), Math::max);
				}
			}
			sent += events.size();
			// as a client does: a batch refused with 503 (Kafka slow to acknowledge on a
			// loaded machine; its records may land anyway) is sent again with the same
			// event ids, which the worker counts once
			String body = "[" + String.join(",", events) + "]";
			AtomicReference<Http.Answer> sentBatch = new AtomicReference<>(http.post("/events", body));
			if (sentBatch.get().status() == 503) {
				try {
					await().pollDelay(Duration.ofMillis(500))
						.pollInterval(Duration.ofMillis(500))
						.atMost(Duration.ofSeconds(3))
						.until(() -> {
							sentBatch.set(http.post("/events", body));
							return sentBatch.get().status() != 503;
						});
				}
				catch (ConditionTimeoutException ex) {
					// still refused: the batch counts as not accepted, as before
				}
			}
			Http.Answer answer = sentBatch.get();
			if (answer.status() == 202) {
				accepted += events.size();
				keys.forEach((key) -> expected.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet());
				batchFeedback.forEach((key, reward) -> feedback.merge(key, reward, Math::max));
			}
			if (!killed && start >= EVENTS / 3) {
				Processes.kill(first);
				killed = true;
			}
			if (killed && !joined && start >= EVENTS / 2) {
				// a third worker joins while events keep coming: another rebalance
				this.processes.kairos("worker-3", workerPorts[4], workerPorts[5], worker);
				joined = true;
			}
			if (killed && !restarted && start >= 2 * EVENTS / 3) {
				first = this.processes.kairos("worker-1", workerPorts[0], workerPorts[1], worker);
				restarted = true;
			}
			if (restarted && !left && start >= 5 * EVENTS / 6) {
				// a graceful stop (SIGTERM): worker 2 leaves the group, worker 1 takes
				// over
				// its partitions in a rebalance while events keep coming
				second.destroy();
				assertThat(second.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
				left = true;
			}
		}
		assertThat(killed && joined && restarted && left).isTrue();

		long acceptedTotal = accepted;
		int slatesServed = slates;
		long[] counted = new long[2];
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			long users = 0;
			long items = 0;
			for (int u = 0; u < USERS; u++) {
				users += count(http.get("/users/u" + u), "u" + u, expected);
			}
			for (int u = 0; u < Math.min(slatesServed, SLATE_USERS); u++) {
				users += count(http.get("/users/s" + u), "s" + u, expected);
			}
			for (int i = 0; i < ITEMS; i++) {
				items += count(http.get("/items/i" + i), "i" + i, expected);
			}
			counted[0] = users;
			counted[1] = items;
			assertThat(users).isEqualTo(acceptedTotal);
			assertThat(items).isEqualTo(acceptedTotal);
		});
		ModelRecount recount = recount(readSlates("127.0.0.1:" + kafkaPort), feedback);
		assertThat(recount.slates()).as("slates logged").isEqualTo(slatesServed - degraded);
		// served items are observations at once and clicks raise their reward: once the
		// join and the learners have caught up, the model holds every slate (no window
		// needs to close)
		await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			JsonNode experiment = http.get("/admin/experiments").json().get("policies").get(0);
			assertThat(experiment.get("impressions").asLong()).as("items shown").isEqualTo(recount.shown());
			assertThat(experiment.get("clicks").asLong())
				.as("items with positive feedback; fewer means feedback came after its slate's " + ATTRIBUTION_WINDOW
						+ " window in event time")
				.isEqualTo(recount.clicked());
			assertThat(storedStatistics().count()).as("n").isEqualTo(recount.statistics().count());
		});
		LinearStatistics stored = storedStatistics();
		double[] want = recount.statistics().toPacked();
		double[] got = stored.toPacked();
		double worst = 0;
		for (int k = 0; k < want.length; k++) {
			assertThat(got[k]).as("statistic %d (n, b0..b31, A upper triangle)", k)
				.isCloseTo(want[k], within(1e-9 * Math.max(1, Math.abs(want[k]))));
			worst = Math.max(worst, Math.abs(got[k] - want[k]) / Math.max(1, Math.abs(want[k])));
		}
		String report = String.format(
				"worker kill -9 at 1/3, a third worker joins at 1/2, restart at 2/3, worker 2 leaves at 5/6: sent %d, accepted %d, counted users %d, counted items %d, difference %d;"
						+ " model: %d slates (%d held out, %d degraded), %d items shown, %d with positive feedback,"
						+ " n %d (recount %d), largest relative difference in A and b %.1e%n",
				sent, accepted, counted[0], counted[1],
				Math.max(Math.abs(accepted - counted[0]), Math.abs(accepted - counted[1])), recount.slates(),
				recount.heldOut(), degraded, recount.shown(), recount.clicked(), stored.count(),
				recount.statistics().count(), worst);
		System.out.print(report);
		Files.writeString(Path.of("target", "fault", "report.txt"), report, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		assertThat(accepted).isEqualTo(sent);
	}

	private Process start(String name, int port, int managementPort, List<String> properties) {
		try {
			return this.processes.kairos(name, port, managementPort, properties);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Feedback on a slate: an event type on the item at a position, and its reward. */
	private record Feedback(String type, int position, double reward) {
	}

	/**
	 * What the users do with slate number {@code k}: a click on the first item; a view of
	 * the second (reward 0.2); a view then two clicks on the first (one observation of
	 * reward 1: later, higher feedback raises the reward, a repeat changes nothing); or
	 * nothing (every item learned with reward 0 when the window closes).
	 */
	private static List<Feedback> feedbackOn(int k, int size) {
		if (size == 0) {
			return List.of();
		}
		return switch (k % 4) {
			case 0 -> List.of(new Feedback("click", 0, 1));
			case 1 -> List.of(new Feedback("view", Math.min(1, size - 1), 0.2));
			case 2 -> List.of(new Feedback("view", 0, 0.2), new Feedback("click", 0, 1), new Feedback("click", 0, 1));
			default -> List.of();
		};
	}

	/**
	 * The recount of the shared model from the slates logged and the feedback answered
	 * 202.
	 *
	 * @param statistics n, A = Σ x xᵀ (λI is added when the model is solved, not stored)
	 * and b = Σ r x over the items of slates not held out
	 * @param slates slates logged
	 * @param heldOut of those, held out (kept out of the model)
	 * @param shown items shown
	 * @param clicked items with positive feedback
	 */
	private record ModelRecount(LinearStatistics statistics, int slates, int heldOut, long shown, long clicked) {
	}

	/**
	 * Every item of every slate logged is one observation (x, r), r its highest feedback
	 * (0 without), unless its slate is held out.
	 */
	private static ModelRecount recount(Map<String, ServedSlate> slates, Map<String, Double> feedback) {
		LearningSettings holdout = new LearningSettings("linucb", 0.3, 1, ATTRIBUTION_WINDOW, 1, 1, 0.2, 0,
				Duration.ofMillis(200), HOLDOUT_SHARE);
		double[] packed = new double[LinearStatistics.packedLength(D)];
		int heldOut = 0;
		long shown = 0;
		long clicked = 0;
		for (Map.Entry<String, ServedSlate> slate : slates.entrySet()) {
			boolean held = holdout.holdsOut(slate.getKey());
			assertThat(slate.getValue().holdout()).as("held out, as logged").isEqualTo(held);
			heldOut += held ? 1 : 0;
			for (ServedSlate.ShownItem item : slate.getValue().items()) {
				shown++;
				double r = feedback.getOrDefault(slate.getKey() + "/" + item.itemId(), 0.0);
				clicked += (r > 0) ? 1 : 0;
				if (held) {
					continue;
				}
				double[] x = item.features();
				assertThat(x).hasSize(D);
				packed[0]++;
				int p = 1 + D;
				for (int i = 0; i < D; i++) {
					packed[1 + i] += r * x[i];
					for (int j = i; j < D; j++) {
						packed[p++] += x[i] * x[j];
					}
				}
			}
		}
		return new ModelRecount(LinearStatistics.fromPacked(D, packed), slates.size(), heldOut, shown, clicked);
	}

	/** The slates on the slates topic, by recommendation id. */
	private static Map<String, ServedSlate> readSlates(String bootstrap) {
		Map<String, ServedSlate> slates = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor("kairos.impressions")
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				assertThat(System.nanoTime()).as("reading the slates topic").isLessThan(deadline);
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					ServedSlate slate = ServedSlateCodec.decode(record.value());
					slates.put(slate.recommendationId(), slate);
				}
			}
		}
		return slates;
	}

	/** The shared model's statistics as the workers left them in Redis. */
	private LinearStatistics storedStatistics() {
		Map<String, String> fields = redis((commands) -> commands.hgetall(MODEL_KEYS + "stats"));
		double[] packed = new double[LinearStatistics.packedLength(D)];
		fields.forEach((field, value) -> {
			double v = Double.parseDouble(value);
			if (field.equals("n")) {
				packed[0] = v;
			}
			else if (field.startsWith("b")) {
				packed[1 + Integer.parseInt(field.substring(1))] = v;
			}
			else if (field.startsWith("a")) {
				packed[1 + D + Integer.parseInt(field.substring(1))] = v;
			}
		});
		return LinearStatistics.fromPacked(D, packed);
	}

	private <T> T redis(java.util.function.Function<RedisCommands<String, String>, T> call) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return call.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

	/** Checks one user's or item's counters against the recount; returns their sum. */
	private static long count(Http.Answer answer, String id, Map<String, AtomicLong> expected) {
		assertThat(answer.status()).as(id).isEqualTo(200);
		JsonNode counts = answer.json().get("counts");
		long sum = 0;
		for (String type : List.of("click", "view")) {
			long want = expected.getOrDefault(id + "/" + type, new AtomicLong()).get();
			long got = (counts != null && counts.has(type)) ? counts.get(type).asLong() : 0;
			assertThat(got).as(id + " " + type).isEqualTo(want);
			sum += got;
		}
		return sum;
	}

}
