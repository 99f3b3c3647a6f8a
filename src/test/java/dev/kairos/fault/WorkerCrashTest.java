package dev.kairos.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.Http;
import dev.kairos.redis.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
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
 * {@code ./mvnw verify} runs it with 4,000 events; {@code bench/fault-suite.sh} (or
 * {@code -Dkairos.fault.events=100000}) with the full stream.
 */
class WorkerCrashTest {

	private static final int EVENTS = Integer.getInteger("kairos.fault.events", 4_000);

	private static final int USERS = 200;

	private static final int ITEMS = 40;

	private static final int BATCH = 200;

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
				"kairos.topics.partitions=6");
		int apiPort = Processes.freePort();
		List<String> api = new ArrayList<>(common);
		api.add("kairos.roles.worker=false");
		List<String> worker = new ArrayList<>(common);
		worker.add("kairos.roles.api=false");
		// the API first: it creates the topics
		this.processes.kairos("api", apiPort, Processes.freePort(), api);
		int[] workerPorts = { Processes.freePort(), Processes.freePort(), Processes.freePort(), Processes.freePort(),
				Processes.freePort(), Processes.freePort() };
		Process first = this.processes.kairos("worker-1", workerPorts[0], workerPorts[1], worker);
		Process second = this.processes.kairos("worker-2", workerPorts[2], workerPorts[3], worker);

		Http http = new Http(apiPort);
		for (int i = 0; i < ITEMS; i++) {
			assertThat(http.put("/items/i" + i, "{\"category\":\"c" + (i % 5) + "\"}").status()).isEqualTo(201);
		}
		Map<String, AtomicLong> expected = new ConcurrentHashMap<>();
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
				events.add("{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type + "\"}");
				keys.add(user + "/" + type);
				keys.add(item + "/" + type);
			}
			sent += events.size();
			Http.Answer answer = http.post("/events", "[" + String.join(",", events) + "]");
			if (answer.status() == 202) {
				accepted += events.size();
				keys.forEach((key) -> expected.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet());
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
		long[] counted = new long[2];
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			long users = 0;
			long items = 0;
			for (int u = 0; u < USERS; u++) {
				users += count(http.get("/users/u" + u), "u" + u, expected);
			}
			for (int i = 0; i < ITEMS; i++) {
				items += count(http.get("/items/i" + i), "i" + i, expected);
			}
			counted[0] = users;
			counted[1] = items;
			assertThat(users).isEqualTo(acceptedTotal);
			assertThat(items).isEqualTo(acceptedTotal);
		});
		String report = String.format(
				"worker kill -9 at 1/3, a third worker joins at 1/2, restart at 2/3, worker 2 leaves at 5/6: sent %d, accepted %d, counted users %d, counted items %d, difference %d%n",
				sent, accepted, counted[0], counted[1],
				Math.max(Math.abs(accepted - counted[0]), Math.abs(accepted - counted[1])));
		System.out.print(report);
		Files.writeString(Path.of("target", "fault", "report.txt"), report, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		assertThat(accepted).isEqualTo(sent);
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
