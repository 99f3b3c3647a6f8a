package dev.kairos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input against a running Kairos over real HTTP (real Kafka, real Redis): at
 * least 10,000 generated malformed or adversarial requests (broken JSON, wrong types,
 * huge numbers, NaN and Infinity, deep nesting, oversized bodies and batches, unicode
 * tricks in ids, path traversal, header and framing abuse), each sent as raw bytes on its
 * own connection. The requests come from seeded random generation: small generator
 * methods draw from one {@link SplittableRandom} with a fixed seed, printed at the start;
 * {@code -Dkairos.fuzz.seed=N} runs another seed, and the same seed sends the same
 * requests (four in flight at once; the state is compared after every thousand). Every
 * answer must be a 4xx problem document without internals, and no request may change
 * state: the end offsets of every Kafka topic and every Redis key's value stay as they
 * were. Prints the count of answers per status.
 */
class HostileInputFuzzTest {

	private static final int TRIES = 10_000;

	/** Requests in flight at once; the state is compared after every chunk. */
	private static final int SENDERS = 4;

	private static final int CHUNK = 1_000;

	/** The seed of the generation unless {@code -Dkairos.fuzz.seed} gives another. */
	private static final long DEFAULT_SEED = 20_261_202L;

	private static final long SEED = Long.getLong("kairos.fuzz.seed", DEFAULT_SEED);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String USER = "fz-user";

	private static final String ITEM = "fz-item";

	private static final Map<Integer, AtomicInteger> STATUSES = new ConcurrentSkipListMap<>();

	private static final Map<String, AtomicInteger> KINDS = new ConcurrentSkipListMap<>();

	private static final AtomicInteger SENT = new AtomicInteger();

	private static ConfigurableApplicationContext app;

	private static int port;

	private static Admin kafka;

	private static RedisClient redisClient;

	private static StatefulRedisConnection<byte[], byte[]> redis;

	private static State before;

	@BeforeAll
	static void startKairos() {
		System.out.println("Hostile input: seed " + SEED + " (-Dkairos.fuzz.seed=" + SEED + " replays this run)");
		// as arguments, not default properties: application.yml's 8080/8081 would win
		// over
		// defaults, and another process on 8080 would fail the test
		app = new SpringApplicationBuilder(KairosApplication.class).run("--server.port=0", "--management.server.port=0",
				"--spring.main.banner-mode=off",
				// refused requests are expected here by the thousand
				"--logging.level.org.springframework.web=ERROR", "--logging.level.org.apache.coyote=ERROR",
				"--logging.level.org.apache.tomcat=ERROR", "--logging.level.org.apache.catalina=ERROR");
		port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				app.getEnvironment().getProperty("spring.kafka.bootstrap-servers")));
		redisClient = RedisClient.create("redis://" + app.getEnvironment().getProperty("spring.data.redis.host") + ":"
				+ app.getEnvironment().getProperty("spring.data.redis.port"));
		redis = redisClient.connect(ByteArrayCodec.INSTANCE);

		// some state for the attacks to aim at: an item, a user with a click
		Http http = new Http(port);
		assertThat(
				http.put("/items/" + ITEM, "{\"category\":\"fz\",\"tags\":[\"a\"],\"attributes\":{\"p\":1}}").status())
			.isEqualTo(201);
		// a busy machine may keep Kafka from acknowledging within the publish timeout
		// (503):
		// the client's retry with the same eventId is the documented answer, and safe
		await().atMost(Duration.ofSeconds(30))
			.until(() -> http
				.post("/events",
						"{\"eventId\":\"fz-e1\",\"userId\":\"" + USER + "\",\"itemId\":\"" + ITEM
								+ "\",\"type\":\"click\"}")
				.status() == 202);
		await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/users/" + USER).status() == 200);
		// settled: two snapshots a second apart agree
		State[] last = { state() };
		await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(1)).until(() -> {
			State now = state();
			boolean same = now.equals(last[0]);
			last[0] = now;
			return same;
		});
		before = last[0];
	}

	@AfterAll
	static void reportAndStop() throws IOException {
		try {
			StringBuilder report = new StringBuilder(
					"Hostile input: " + SENT.get() + " requests, seed " + SEED + "\n  by status:");
			STATUSES.forEach((status, n) -> report.append(' ').append(status).append('=').append(n.get()));
			report.append("\n  by kind:");
			KINDS.forEach((kind, n) -> report.append(' ').append(kind).append('=').append(n.get()));
			System.out.println(report);
			FAILURES.forEach((key, message) -> System.out.println("FUZZ FAILURE " + abbreviate(message)));
			Files.createDirectories(Path.of("target"));
			Files.writeString(Path.of("target", "hostile-input-report.txt"), report + "\n");
		}
		finally {
			if (redis != null) {
				redis.close();
				redisClient.shutdown();
			}
			if (kafka != null) {
				kafka.close();
			}
			if (app != null) {
				app.close();
			}
		}
	}

	/**
	 * With {@code -Dkairos.fuzz.explore=true} failures are collected and printed instead
	 * of stopping the run, to see every kind of failure at once while fixing them.
	 */
	private static final boolean EXPLORE = Boolean.getBoolean("kairos.fuzz.explore");

	private static final Map<String, String> FAILURES = new ConcurrentSkipListMap<>();

	@Test
	void hostileRequestsGetA4xxProblemDocumentAndChangeNothing() throws Exception {
		SplittableRandom random = new SplittableRandom(SEED);
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		try {
			for (int first = 1; first <= TRIES; first += CHUNK) {
				// generated in order from the one seed, so request i is the same in every
				// run;
				// sent a few at a time, each on its own connection: no request depends on
				// another (none may change anything)
				List<Attack> attacks = new ArrayList<>();
				for (int i = first; i < first + CHUNK && i <= TRIES; i++) {
					attacks.add(attack(random));
				}
				List<Future<?>> sent = new ArrayList<>();
				for (int k = 0; k < attacks.size(); k++) {
					Attack attack = attacks.get(k);
					String where = "request " + (first + k) + " of seed " + SEED;
					sent.add(senders.submit(() -> {
						check(where, attack);
						return null;
					}));
				}
				for (Future<?> each : sent) {
					try {
						each.get();
					}
					catch (ExecutionException ex) {
						if (ex.getCause() instanceof Error error) {
							throw error;
						}
						throw (Exception) ex.getCause();
					}
				}
				assertUnchanged();
			}
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(SENT.get()).isGreaterThanOrEqualTo(TRIES);
		assertThat(STATUSES.keySet()).allMatch((status) -> status >= 400 && status < 500);
		assertUnchanged();
	}

	private void check(String where, Attack attack) throws IOException {
		int status = 0;
		try {
			status = exchange(where, attack);
		}
		catch (AssertionError | RuntimeException | IOException ex) {
			if (!EXPLORE) {
				throw ex;
			}
			FAILURES.putIfAbsent(attack.kind() + " " + status, where + ": " + ex.getMessage());
		}
	}

	private int exchange(String where, Attack attack) throws IOException {
		RawHttp.Answer answer = RawHttp.exchange(port, attack.bytes());
		SENT.incrementAndGet();
		STATUSES.computeIfAbsent(answer.status(), (s) -> new AtomicInteger()).incrementAndGet();
		KINDS.computeIfAbsent(attack.kind(), (s) -> new AtomicInteger()).incrementAndGet();
		String what = where + ": " + attack + " -> " + answer.status() + " " + answer.headers() + " "
				+ abbreviate(answer.body());
		assertThat(answer.status()).as(what).isBetween(400, 499);
		assertThat(answer.header("content-type")).as(what).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("type").asString("")).as(what).startsWith("urn:kairos:problem:");
		assertThat(problem.path("status").asInt()).as(what).isEqualTo(answer.status());
		assertThat(problem.path("detail").asString("")).as(what).isNotBlank();
		assertThat(answer.body()).as(what)
			.doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("dev.kairos")
			.doesNotContain("org.apache")
			.doesNotContain("org.springframework")
			.doesNotContain("tools.jackson");
		return answer.status();
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	// ---------------------------------------------------------------- state

	/**
	 * What must not change: every topic's end offsets and every Redis key's value, except
	 * the model's time of the last decay, which the worker's one-minute decay timer
	 * rewrites whatever the requests do.
	 */
	record State(Map<String, Long> endOffsets, Map<String, String> redis) {
	}

	private static void assertUnchanged() {
		State now = state();
		assertThat(now.endOffsets()).as("Kafka end offsets").isEqualTo(before.endOffsets());
		assertThat(now.redis().keySet()).as("Redis keys").isEqualTo(before.redis().keySet());
		assertThat(now.redis()).as("Redis values").isEqualTo(before.redis());
	}

	private static State state() {
		try {
			Set<String> topics = kafka.listTopics().names().get();
			Map<String, TopicDescription> described = kafka.describeTopics(topics).allTopicNames().get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			described.values()
				.stream()
				.filter((topic) -> !topic.name().startsWith("__"))
				.forEach((topic) -> topic.partitions()
					.forEach((p) -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
			Map<String, Long> offsets = new TreeMap<>();
			kafka.listOffsets(latest)
				.all()
				.get()
				.forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
			Map<String, String> values = new TreeMap<>();
			for (byte[] key : redis.sync().keys("*".getBytes(StandardCharsets.UTF_8))) {
				if (new String(key, StandardCharsets.UTF_8).matches("kairos:\\{model\\}:v\\d+:.*decayed")) {
					continue;
				}
				byte[] dump = redis.sync().dump(key);
				values.put(new String(key, StandardCharsets.UTF_8),
						(dump != null) ? Base64.getEncoder().encodeToString(dump) : "");
			}
			return new State(offsets, values);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---------------------------------------------------------------- requests

	/** One request, as raw HTTP/1.1. */
	record Attack(String kind, String method, String target, List<String> headers, byte[] body, boolean contentLength) {

		static Attack json(String kind, String method, String target, String body) {
			return new Attack(kind, method, target, List.of("Content-Type: application/json"),
					body.getBytes(StandardCharsets.UTF_8), true);
		}

		static Attack get(String kind, String target) {
			return new Attack(kind, "GET", target, List.of(), null, false);
		}

		Attack withHeaders(String kind, List<String> headers, boolean contentLength) {
			return new Attack(kind, this.method, this.target, headers, this.body, contentLength);
		}

		byte[] bytes() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			StringBuilder head = new StringBuilder();
			head.append(this.method).append(' ').append(this.target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost\r\nConnection: close\r\n");
			for (String header : this.headers) {
				head.append(header).append("\r\n");
			}
			if (this.contentLength && this.body != null) {
				head.append("Content-Length: ").append(this.body.length).append("\r\n");
			}
			head.append("\r\n");
			out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
			if (this.body != null) {
				out.writeBytes(this.body);
			}
			return out.toByteArray();
		}

		@Override
		public String toString() {
			String shown = (this.body == null) ? ""
					: abbreviate(new String(this.body, StandardCharsets.UTF_8)) + " (" + this.body.length + " bytes)";
			return this.kind + ": " + this.method + " " + abbreviate(this.target) + " "
					+ this.headers.stream().map(HostileInputFuzzTest::abbreviate).collect(Collectors.toList()) + " "
					+ shown;
		}

	}

	// ---------------------------------------------------------------- generation

	/**
	 * One hostile request, its kind drawn by weight (out of 100) and then generated by
	 * that kind's generator.
	 */
	static Attack attack(SplittableRandom random) {
		int roll = random.nextInt(GENERATORS.stream().mapToInt(Weighted::weight).sum());
		for (Weighted generator : GENERATORS) {
			if (roll < generator.weight()) {
				return generator.next().apply(random);
			}
			roll -= generator.weight();
		}
		throw new IllegalStateException("weights");
	}

	record Weighted(int weight, Function<SplittableRandom, Attack> next) {
	}

	private static final List<Weighted> GENERATORS = List.of(new Weighted(14, HostileInputFuzzTest::brokenJson),
			new Weighted(20, HostileInputFuzzTest::wrongTypes), new Weighted(6, HostileInputFuzzTest::hugeNumbers),
			new Weighted(4, HostileInputFuzzTest::deepNesting), new Weighted(1, HostileInputFuzzTest::oversizedBody),
			new Weighted(1, HostileInputFuzzTest::oversizedBatch), new Weighted(14, HostileInputFuzzTest::unicodeId),
			new Weighted(10, HostileInputFuzzTest::pathTraversal), new Weighted(12, HostileInputFuzzTest::badQuery),
			new Weighted(12, HostileInputFuzzTest::headerAbuse),
			new Weighted(6, HostileInputFuzzTest::wrongMethodOrPath));

	// drawing

	/** One of the values, each as likely. */
	@SafeVarargs
	private static <T> T pick(SplittableRandom random, T... values) {
		return values[random.nextInt(values.length)];
	}

	/** One of the values, each as likely. */
	private static <T> T pick(SplittableRandom random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	/**
	 * An int from min to max (both included): one draw in ten is an edge (min or max),
	 * where off-by-one mistakes live; the rest are uniform.
	 */
	private static int between(SplittableRandom random, int min, int max) {
		int roll = random.nextInt(20);
		if (roll == 0) {
			return min;
		}
		if (roll == 1) {
			return max;
		}
		return random.nextInt(min, max + 1);
	}

	/**
	 * An int from min to max (both included), spread evenly over the orders of magnitude
	 * so that small values are as common as huge ones; one draw in ten is an edge.
	 */
	private static int logBetween(SplittableRandom random, int min, int max) {
		int roll = random.nextInt(20);
		if (roll == 0) {
			return min;
		}
		if (roll == 1) {
			return max;
		}
		double drawn = Math.exp(random.nextDouble(Math.log(min), Math.log(max + 1)));
		return (int) Math.max(min, Math.min(max, Math.floor(drawn)));
	}

	/** A negative long: the edges, a small one, or any. */
	private static long negativeLong(SplittableRandom random) {
		return switch (random.nextInt(6)) {
			case 0 -> Long.MIN_VALUE;
			case 1 -> -1;
			case 2 -> random.nextLong(-1_000, 0);
			default -> random.nextLong(Long.MIN_VALUE, 0);
		};
	}

	// ids

	private static final String ID_CHARS = "abcxyzABC0129._:@-";

	/** A valid id: "fz" and 1 to 16 allowed characters. */
	private static String validId(SplittableRandom random) {
		int length = between(random, 1, 16);
		StringBuilder id = new StringBuilder("fz");
		for (int i = 0; i < length; i++) {
			id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
		}
		return id.toString();
	}

	/** Characters no id may hold, many of them look-alikes or invisible. */
	private static final List<String> BAD_ID_PARTS = List.of(" ", "/", "\\", "\u0000", "\u202e", "\u200b", "\u200d",
			"\ufeff", "\u0430", "\u0456", "\uff55", "\u00e9", "e\u0301", "\ud83d\ude00", "\ud800", "\udfff", "{", "}",
			"{u:x}", "<script>", "'", "\"", "%00", "%2e%2e", "../", "..\\", "\n", "\r\n", "\t", "*", "?", "#", "$", "%",
			"&", "+", ",", ";", "=", "|", "~", "`", "^", "[", "]", "(", ")", "!", "\u00a0", "\u2028", "\u0085",
			"\u1680", "kairos:{g}:pop\"", "\u0131", "\u212a");

	/** An id with a forbidden character put in (8 in 10), too long (1 in 10) or empty. */
	private static String badId(SplittableRandom random) {
		int roll = random.nextInt(10);
		if (roll < 8) {
			String id = validId(random);
			String part = pick(random, BAD_ID_PARTS);
			int i = Math.min(between(random, 0, 20), id.length());
			return id.substring(0, i) + part + id.substring(i);
		}
		if (roll == 8) {
			return "a".repeat(between(random, 129, 400));
		}
		return "";
	}

	/**
	 * A JSON string literal with every non-ASCII character escaped (lone surrogates too).
	 */
	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	/** Percent-encodes every byte outside the unreserved set. */
	private static String encode(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~:@".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append(String.format("%%%02X", b & 0xff));
			}
		}
		return out.toString();
	}

	// bodies

	private static String event(String userId, String itemId, String type) {
		return "{\"userId\":" + quote(userId) + ",\"itemId\":" + quote(itemId) + ",\"type\":" + quote(type) + "}";
	}

	private static final String EVENT = event(USER, ITEM, "click");

	private static final String ITEM_BODY = "{\"category\":\"fz\",\"tags\":[\"a\"],\"attributes\":{\"p\":1}}";

	private static final List<String> BAD_TIMESTAMPS = List.of("1", "1700000000", "true", "[]", "{}", "\"yesterday\"",
			"\"2026-01-01\"", "\"2026-01-01T00:00:00\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
			"\"2026-01-01T25:00:00Z\"", "\"2026-01-01T00:00:00+25:00\"", "\"\"",
			"\"2026-01-01T00:00:00Z" + "0".repeat(70) + "\"", "\"\\u0032026-01-01T00:00:00\u0000Z\"");

	private static final List<String> FUTURE_TIMESTAMPS = List.of("\"+999999999-12-31T23:59:59Z\"",
			"\"9999-12-31T23:59:59Z\"", "\"2999-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00-18:00\"");

	private static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "1e999",
			"-1e999", "1e400", "9".repeat(400), "-" + "9".repeat(400), "1e2147483648", "\"NaN\"", "\"Infinity\"");

	private static Map<String, List<String>> eventMutations() {
		Map<String, List<String>> m = new TreeMap<>();
		List<String> badRequiredId = List.of("null", "1", "-0", "1.5e3", "true", "false", "[]", "{}", "[\"u1\"]",
				"{\"id\":\"u1\"}", "\"\"");
		m.put("userId", badRequiredId);
		m.put("itemId", badRequiredId);
		m.put("type", List.of("null", "1", "true", "[]", "{}", "\"\"", "\"like\"", "\"clicks\"", "\"click \"",
				"\"CLICK\"", "\"\\u0441lick\"", "[\"click\"]"));
		List<String> timestamps = new ArrayList<>(BAD_TIMESTAMPS);
		timestamps.addAll(FUTURE_TIMESTAMPS);
		m.put("timestamp", timestamps);
		List<String> values = new ArrayList<>(List.of("\"3\"", "true", "[]", "{}", "[1]"));
		values.addAll(NON_FINITE);
		m.put("value", values);
		m.put("context",
				List.of("[]", "\"x\"", "1", "true", "{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":null}", "{\"\":\"x\"}",
						"{\"" + "k".repeat(65) + "\":1}", "{\"a\":\"" + "x".repeat(129) + "\"}", "{\"a\":1e999}",
						"{\"a\":NaN}", sixteenPlusOne()));
		List<String> badOptionalId = List.of("1", "true", "[]", "{}", "\"\"", "\"a b\"", "\"" + "e".repeat(129) + "\"");
		m.put("eventId", badOptionalId);
		m.put("recommendationId", badOptionalId);
		return m;
	}

	private static String sixteenPlusOne() {
		StringBuilder out = new StringBuilder("{");
		for (int i = 0; i < 17; i++) {
			out.append((i > 0) ? "," : "").append("\"k").append(i).append("\":").append(i);
		}
		return out.append('}').toString();
	}

	private static Map<String, List<String>> itemMutations() {
		Map<String, List<String>> m = new TreeMap<>();
		// categories are free text (Labels): bad are non-strings, empty, padded, control
		// characters, line breaks and more than 128 characters
		m.put("category", List.of("null", "1", "[]", "{}", "\"\"", "\" a\"", "\"a \"", "\"a\\u0007b\"", "\"a\\nb\"",
				"\"" + "x".repeat(129) + "\""));
		m.put("tags", List.of("\"x\"", "1", "{}", "[1]", "[\"\"]", "[null]", "[[]]", "[\"" + "t".repeat(257) + "\"]",
				"[" + "\"t\",".repeat(40) + "\"t\"]"));
		m.put("attributes", List.of("[]", "\"x\"", "1", "{\"k\":{}}", "{\"k\":[1]}", "{\"k\":null}", "{\"k\":true}",
				"{\"\":1}", "{\"k\":1e999}", "{\"k\":\"" + "v".repeat(257) + "\"}"));
		m.put("createdAt", BAD_TIMESTAMPS);
		m.put("active", List.of("\"yes\"", "1", "0", "[]", "{}", "\"true\""));
		return m;
	}

	/** A JSON object with one field replaced (or added) by the given raw JSON. */
	private static String withField(String object, String field, String rawValue) {
		JsonNode node = JSON.readTree(object);
		StringBuilder out = new StringBuilder("{");
		boolean replaced = false;
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			out.append((out.length() > 1) ? "," : "").append(quote(entry.getKey())).append(':');
			if (entry.getKey().equals(field)) {
				out.append(rawValue);
				replaced = true;
			}
			else {
				out.append(entry.getValue().toString());
			}
		}
		if (!replaced) {
			out.append((out.length() > 1) ? "," : "").append(quote(field)).append(':').append(rawValue);
		}
		return out.append('}').toString();
	}

	private static String batch(String element, int size, int badAt, String bad) {
		StringBuilder out = new StringBuilder("[");
		for (int i = 0; i < size; i++) {
			out.append((i > 0) ? "," : "").append((i == badAt) ? bad : element);
		}
		return out.append(']').toString();
	}

	private static String itemInBatch(String id, String body) {
		return "{\"itemId\":" + quote(id) + "," + body.substring(1);
	}

	private static final Map<String, List<String>> EVENT_MUTATIONS = eventMutations();

	private static final List<String> EVENT_FIELDS = List.copyOf(EVENT_MUTATIONS.keySet());

	private static final Map<String, List<String>> ITEM_MUTATIONS = itemMutations();

	private static final List<String> ITEM_FIELDS = List.copyOf(ITEM_MUTATIONS.keySet());

	// the generators, one per kind

	private static final List<String> VALID_BODIES = List.of(EVENT, "[" + EVENT + "," + EVENT + "]", ITEM_BODY,
			"[" + itemInBatch("fz-i2", ITEM_BODY) + "]");

	private static final List<String> MALFORMED = List.of("{'userId':'u'}", "{userId:\"u\"}", "{\"userId\":\"u\",}",
			"[" + EVENT + ",]", "{\"userId\":\"u\" \"itemId\":\"i\"}", "// comment\n" + EVENT, EVENT + "/* c */",
			"\u0000" + EVENT, "\ufeff\ufeff" + EVENT, "{\"userId\":\"\\x41\"}", "{\"userId\":\"\\u12\"}",
			"{\"userId\":\"" + "\u0001" + "\"}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":0x10}",
			"{\"a\":tru}", "{\"a\":nul}", "{\"a\":undefined}", EVENT + EVENT, EVENT + "]", "]" + EVENT,
			"{\"a\":\"unterminated", "\"", "}", "{{}}", "<event/>", "userId=u&itemId=i", "null", "true", "42",
			"\"string\"", "[]", "[null]", "[[]]", "[1,2,3]", "{}", "", " ", "\n\n");

	/** A truncated valid body, a malformed template, or random bytes. */
	private static Attack brokenJson(SplittableRandom random) {
		switch (random.nextInt(3)) {
			case 0 -> {
				int which = between(random, 0, 3);
				int cut = between(random, 0, 999);
				String body = VALID_BODIES.get(which);
				String prefix = body.substring(0, body.length() * cut / 1000);
				return switch (which) {
					case 0, 1 -> Attack.json("broken-json", "POST", "/events", prefix);
					case 2 -> Attack.json("broken-json", "PUT", "/items/" + ITEM, prefix);
					default -> Attack.json("broken-json", "POST", "/items", prefix);
				};
			}
			case 1 -> {
				String body = pick(random, MALFORMED);
				String path = pick(random, "/events", "/items", "/items/" + ITEM);
				return Attack.json("broken-json", path.startsWith("/items/") ? "PUT" : "POST", path, body);
			}
			default -> {
				byte[] bytes = new byte[between(random, 1, 512)];
				random.nextBytes(bytes);
				bytes[0] = (byte) '#';
				return new Attack("broken-json", "POST", "/events", List.of("Content-Type: application/json"), bytes,
						true);
			}
		}
	}

	/**
	 * One field of an event or item given a wrong type or value, alone or inside an
	 * otherwise valid batch.
	 */
	private static Attack wrongTypes(SplittableRandom random) {
		switch (random.nextInt(5)) {
			case 0 -> {
				String field = pick(random, EVENT_FIELDS);
				String value = pick(random, EVENT_MUTATIONS.get(field));
				return Attack.json("wrong-type", "POST", "/events", withField(EVENT, field, value));
			}
			case 1 -> {
				String field = pick(random, EVENT_FIELDS);
				int size = between(random, 1, 30);
				int at = between(random, 0, 29);
				List<String> values = EVENT_MUTATIONS.get(field);
				String bad = withField(EVENT, field, values.get(between(random, 0, 100) % values.size()));
				return Attack.json("wrong-type", "POST", "/events", batch(EVENT, size, at % size, bad));
			}
			case 2 -> {
				String field = pick(random, ITEM_FIELDS);
				String value = pick(random, ITEM_MUTATIONS.get(field));
				return Attack.json("wrong-type", "PUT", "/items/" + ITEM, withField(ITEM_BODY, field, value));
			}
			case 3 -> {
				String field = pick(random, ITEM_FIELDS);
				int size = between(random, 1, 10);
				int at = between(random, 0, 9);
				List<String> values = ITEM_MUTATIONS.get(field);
				String good = itemInBatch(ITEM, ITEM_BODY);
				String bad = itemInBatch(ITEM,
						withField(ITEM_BODY, field, values.get(between(random, 0, 100) % values.size())));
				return Attack.json("wrong-type", "POST", "/items", batch(good, size, at % size, bad));
			}
			default -> {
				String id = pick(random, "null", "1", "[]", "{}", "\"\"", "\"a/b\"");
				return Attack.json("wrong-type", "POST", "/items",
						"[{\"itemId\":" + id + "," + ITEM_BODY.substring(1) + "]");
			}
		}
	}

	/** Non-finite and out-of-range numbers in bodies, counts and model versions. */
	private static Attack hugeNumbers(SplittableRandom random) {
		return switch (random.nextInt(4)) {
			case 0 ->
				Attack.json("huge-number", "POST", "/events", withField(EVENT, "value", pick(random, NON_FINITE)));
			case 1 -> {
				String count = pick(random, "0", "101", "-1", "-0", "99999999999999999999", "2147483648", "-2147483649",
						"1e3", "1.5", "NaN", "Infinity", "0x10", "", "%20", "1%00", "10%2C5", "\u0661");
				yield Attack.get("huge-number", "/recommendations?userId=" + USER + "&count=" + encode(count));
			}
			case 2 -> {
				String version = pick(random, "99999999999999999999999", "1e3", "NaN", "-", "0x1", "1.0", "%00",
						"9223372036854775808");
				yield new Attack("huge-number", "POST", "/admin/model/rollback/" + version, List.of(), null, false);
			}
			default -> new Attack("huge-number", "POST", "/admin/model/rollback/" + negativeLong(random), List.of(),
					null, false);
		};
	}

	/** Arrays and objects nested 2 to 200,000 deep, some unclosed. */
	private static Attack deepNesting(SplittableRandom random) {
		int d = logBetween(random, 2, 200_000);
		return switch (random.nextInt(4)) {
			case 0 -> Attack.json("deep-nesting", "POST", "/events", "[".repeat(d) + "]".repeat(d));
			case 1 -> Attack.json("deep-nesting", "POST", "/events",
					withField(EVENT, "context", "{\"a\":".repeat(d) + "1" + "}".repeat(d)));
			case 2 -> Attack.json("deep-nesting", "PUT", "/items/" + ITEM,
					"{\"category\":\"fz\",\"attributes\":" + "[".repeat(d));
			default -> Attack.json("deep-nesting", "POST", "/items",
					"[{\"itemId\":\"fz-i\",\"category\":\"fz\",\"tags\":" + "[".repeat(d) + "]".repeat(d) + "}]");
		};
	}

	/** A body of 1 to 1.5 MB, its length declared or chunked. */
	private static Attack oversizedBody(SplittableRandom random) {
		int size = between(random, 1024 * 1024 + 1, 1536 * 1024);
		boolean declared = random.nextBoolean();
		String path = pick(random, "/events", "/items");
		byte[] body = new byte[size];
		byte[] start = ("[" + EVENT + ",\"").getBytes(StandardCharsets.UTF_8);
		java.util.Arrays.fill(body, (byte) 'x');
		System.arraycopy(start, 0, body, 0, start.length);
		if (declared) {
			return new Attack("oversized-body", "POST", path, List.of("Content-Type: application/json"), body, true);
		}
		return new Attack("oversized-body", "POST", path,
				List.of("Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(body, 8192), false);
	}

	private static byte[] chunked(byte[] body, int chunk) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int at = 0; at < body.length; at += chunk) {
			int n = Math.min(chunk, body.length - at);
			out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, at, n);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	/** A batch of 1,001 to 1,300 valid events or items. */
	private static Attack oversizedBatch(SplittableRandom random) {
		int n = between(random, 1001, 1300);
		String path = pick(random, "/events", "/items");
		String element = path.equals("/events") ? EVENT : itemInBatch(ITEM, ITEM_BODY);
		return Attack.json("oversized-batch", "POST", path, batch(element, n, -1, null));
	}

	/** A bad id in a body field, a path or a query, escaped in JSON or raw. */
	private static Attack unicodeId(SplittableRandom random) {
		String id = badId(random);
		int where = between(random, 0, 7);
		boolean escaped = random.nextBoolean();
		String literal = escaped ? quote(id) : "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		return switch (where) {
			case 0 -> Attack.json("unicode-id", "POST", "/events",
					withField(EVENT, "userId", literal.replace("\n", "\\n").replace("\r", "\\r")));
			case 1 -> Attack.json("unicode-id", "POST", "/events", withField(EVENT, "itemId", quote(id)));
			case 2 -> Attack.json("unicode-id", "POST", "/events", withField(EVENT, "eventId", quote(id)));
			case 3 -> Attack.json("unicode-id", "PUT", "/items/" + encode(id), ITEM_BODY);
			case 4 -> Attack.json("unicode-id", "POST", "/items", "[" + itemInBatch(id, ITEM_BODY) + "]");
			case 5 -> Attack.get("unicode-id", "/users/" + encode(id));
			case 6 -> new Attack("unicode-id", "DELETE", "/items/" + encode(id), List.of(), null, false);
			default -> Attack.get("unicode-id", "/recommendations?userId=" + encode(id));
		};
	}

	private static final List<String> TRAVERSAL_PREFIXES = List.of("/items/../../", "/items/..%2F..%2F",
			"/users/%2e%2e/%2e%2e/", "/items/%252e%252e%252f", "/users/..;/..;/", "/items/%c0%ae%c0%ae/",
			"/items/....//....//", "/users/..%5c..%5c", "/items/%2E%2E%2F", "/static/../../../../", "//items//",
			"/items/.%2e/", "/users/%u002e%u002e/", "/items/%ef%bc%8f", "/users/%00/", "/items/\\..\\..\\");

	private static final List<String> TRAVERSAL_TARGETS = List.of("etc/passwd", "windows/win.ini", "WEB-INF/web.xml",
			"META-INF/MANIFEST.MF", "actuator/env", "actuator/heapdump", "proc/self/environ", "application.yml", "..",
			"%00", "x%00.json");

	private static final List<String> FIXED_PATHS = List.of("/WEB-INF/web.xml", "/META-INF/MANIFEST.MF",
			"/actuator/health", "/actuator/env", "/actuator/heapdump", "/recommendations/../actuator/health", "/error",
			"/error/x", "/items/", "/users/", "/items/%2F", "/users/..", "/items/.", "/recommendations/x",
			"/%2e%2e/%2e%2e/etc/passwd", "/items/fz-item/../../admin/model/freeze", "/events/../../", "/;/events",
			"/.;/admin");

	/**
	 * A traversal prefix and target with GET, DELETE or PUT, or a fixed sensitive path.
	 */
	private static Attack pathTraversal(SplittableRandom random) {
		if (random.nextBoolean()) {
			String prefix = pick(random, TRAVERSAL_PREFIXES);
			String target = pick(random, TRAVERSAL_TARGETS);
			String method = pick(random, "GET", "DELETE", "PUT");
			return method.equals("PUT") ? Attack.json("path-traversal", "PUT", prefix + target, "{\"category\":")
					: new Attack("path-traversal", method, prefix + target, List.of(), null, false);
		}
		return Attack.get("path-traversal", pick(random, FIXED_PATHS));
	}

	private static final Map<String, List<String>> BAD_PARAMETERS = badParameters();

	private static final List<String> BAD_PARAMETER_NAMES = List.copyOf(BAD_PARAMETERS.keySet());

	private static Map<String, List<String>> badParameters() {
		Map<String, List<String>> bad = new TreeMap<>();
		bad.put("count", List.of("0", "101", "-5", "abc", "", "1.0", "1e2"));
		bad.put("at", List.of("yesterday", "2026-01-01", "2026-01-01T00:00:00", "1700000000", "2026-02-30T00:00:00Z",
				"x".repeat(65), "2026-01-01T00:00:00+99:00"));
		bad.put("category", List.of("", " a", "a ", "a\u0007b", "a\nb", "x".repeat(129)));
		bad.put("exclude",
				List.of(",", "a,,b", "a b", String.join(",", java.util.Collections.nCopies(201, "i")), "i\u202e1"));
		bad.put("explain", List.of("yes", "1", "TRUE", "on", "null"));
		bad.put("userId", List.of("", "a b", "x".repeat(129), "u/1", "u1,u2"));
		return bad;
	}

	/** A bad recommendation parameter, a missing or broken userId, or a repeated one. */
	private static Attack badQuery(SplittableRandom random) {
		switch (random.nextInt(3)) {
			case 0 -> {
				String param = pick(random, BAD_PARAMETER_NAMES);
				int pickAt = between(random, 0, 100);
				boolean withUser = random.nextBoolean();
				List<String> values = BAD_PARAMETERS.get(param);
				String value = encode(values.get(pickAt % values.size()));
				String user = (withUser && !param.equals("userId")) ? "userId=" + USER + "&" : "";
				return Attack.get("bad-query", "/recommendations?" + user + param + "=" + value);
			}
			case 1 -> {
				String query = pick(random, "", "?", "?count=5", "?userid=" + USER, "?userId", "?&&&",
						"?user%00Id=" + USER, "?%ZZ=1", "?userId=%ZZ", "?userId=%", "?userId=%u0041");
				return Attack.get("bad-query", "/recommendations" + query);
			}
			default -> {
				int n = between(random, 2, 50);
				return Attack.get("bad-query",
						"/recommendations?" + String.join("&", java.util.Collections.nCopies(n, "userId=" + USER)));
			}
		}
	}

	/**
	 * A request that is refused whatever the headers do, so that any acceptance shows.
	 */
	private static final List<Attack> HEADER_BASES = List.of(
			Attack.json("header", "POST", "/events", withField(EVENT, "type", "\"like\"")),
			Attack.json("header", "POST", "/events", "{\"userId\":"),
			Attack.json("header", "PUT", "/items/" + ITEM, "{\"category\":1}"),
			Attack.get("header", "/recommendations?userId=" + USER + "&count=0"));

	private static final List<List<String>> HEADER_SETS = List.of(List.of("Content-Type: text/plain"),
			List.of("Content-Type: application/xml"), List.of("Content-Type: multipart/form-data; boundary=x"),
			List.of("Content-Type: application/json; charset=UTF-7"),
			List.of("Content-Type: application/json; charset=nonsense"),
			List.of("Content-Type: application/json; charset=\"\""), List.of("Content-Type: "),
			List.of("Content-Type: ;;;"), List.of("Content-Type: application/json;;boundary"),
			List.of("Content-Type: */*"), List.of("Content-Type: application/json", "Content-Type: text/plain"),
			List.of("Content-Type: application/json", "Accept: application/xml"),
			List.of("Content-Type: application/json", "Accept: text/html;q=abc"),
			List.of("Content-Type: application/json", "Accept: image/png"),
			List.of("Content-Type: application/json", "Accept: "),
			List.of("Content-Type: application/json", "Accept-Charset: ebcdic"),
			List.of("Content-Type: application/json", "Content-Encoding: gzip"),
			List.of("Content-Type: application/json", "Content-Encoding: br, deflate"),
			List.of("Content-Type: application/json", "X-Junk: " + "a".repeat(9_000)),
			List.of("Content-Type: application/json", "X-Api-Key: " + "k".repeat(2_000)),
			List.of("Content-Type: application/json", "Authorization: Bearer \u00ff\u00fe"),
			List.of("Content-Type: application/json", "Authorization: Basic !!!"),
			List.of("Content-Type: application/json", "X-Forwarded-For: 127.0.0.1, ::1, <script>"),
			List.of("Content-Type: application/json", "X-Forwarded-Host: evil.example"),
			List.of("Content-Type: application/json", "Expect: 100-continue"),
			List.of("Content-Type: application/json", "Expect: 42-nonsense"),
			List.of("Content-Type: application/json", "Range: bytes=0-1"),
			List.of("Content-Type: application/json", "If-None-Match: *"),
			List.of("Content-Type: application/json", "Bad Header: x"),
			List.of("Content-Type: application/json", ": empty-name"),
			List.of("Content-Type: application/json", "X-Bare-CR: a\rb"),
			List.of("Content-Type: application/json", "X-Nul: a\u0000b"),
			List.of("Content-Type: application/json", "Host: second.example"),
			List.of("Content-Type: application/json", "Content-Length: 5", "Content-Length: 6"),
			List.of("Content-Type: application/json", "Content-Length: -1"),
			List.of("Content-Type: application/json", "Content-Length: abc"),
			List.of("Content-Type: application/json", "Content-Length: 99999999999999999999"),
			List.of("Content-Type: application/json", "Transfer-Encoding: gzip, chunked"),
			List.of("Content-Type: application/json", "Transfer-Encoding: identity"),
			List.of("Content-Type: application/json", "Transfer-Encoding: chunked", "Content-Length: 3"));

	private static final List<String> BAD_CHUNKS = List.of("zz\r\n{}\r\n0\r\n\r\n", "5\r\n{\"a\"\r\n0\r\n\r\n",
			"-1\r\n\r\n", "ffffffffffffffff\r\nx\r\n", "2;ext=\"unterminated\r\n{}\r\n0\r\n\r\n",
			"0\r\nX-Trailer: a\r\n\r\n", "3\r\n{}\r\n0\r\n\r\n");

	/**
	 * A refused request with broken or unwelcome headers, 101 to 400 headers, broken
	 * chunks, or a Content-Length shorter than the body.
	 */
	private static Attack headerAbuse(SplittableRandom random) {
		switch (random.nextInt(4)) {
			case 0 -> {
				Attack attack = pick(random, HEADER_BASES);
				List<String> set = pick(random, HEADER_SETS);
				return attack.withHeaders("header", set,
						set.stream().noneMatch((h) -> h.startsWith("Content-Length") || h.startsWith("Transfer")));
			}
			case 1 -> {
				Attack attack = pick(random, HEADER_BASES);
				int n = between(random, 101, 400);
				List<String> set = new ArrayList<>(attack.headers());
				for (int i = 0; i < n; i++) {
					set.add("X-H" + i + ": v");
				}
				return attack.withHeaders("header", set, true);
			}
			case 2 -> {
				String body = pick(random, BAD_CHUNKS);
				return new Attack("header", "POST", "/events",
						List.of("Content-Type: application/json", "Transfer-Encoding: chunked"),
						body.getBytes(StandardCharsets.ISO_8859_1), false);
			}
			default -> {
				int n = between(random, 0, EVENT.length() - 1);
				return new Attack("header", "POST", "/events",
						List.of("Content-Type: application/json", "Content-Length: " + n),
						EVENT.getBytes(StandardCharsets.UTF_8), false);
			}
		}
	}

	private static final List<String> REQUEST_TARGETS = List.of(
			"/recommendations?userId=" + USER + "&count=0 HTTP/1.1\r\nX: y",
			"http://evil.example/recommendations?count=0", "*", "/recommendations?count=0#frag",
			"/recommendations?count=0 HTTP/1.0", "/recommendations?count=0\u0000", "/recomm\u00e9ndations",
			"/" + "a".repeat(10_000), "/recommendations?count=0&x=" + "b".repeat(10_000),
			"/users/<script>alert(1)</script>", "/users/{u:x}", "/items/a|b", "/items/a\"b");

	/** A wrong or unknown method on an API path, or a broken request target. */
	private static Attack wrongMethodOrPath(SplittableRandom random) {
		if (random.nextBoolean()) {
			String method = pick(random, "PATCH", "DELETE", "PUT", "TRACE", "BREW", "PROPFIND", "CONNECT", "M-SEARCH",
					"get");
			String path = pick(random, "/events", "/recommendations", "/users/" + USER, "/admin/model");
			if (method.equals("DELETE") && path.startsWith("/users/")) {
				// DELETE /users/{id} is the erasure, a valid request: the wrong one is
				// PUT
				method = "PUT";
			}
			return Attack.json("method", method, path, "{\"userId\":");
		}
		return Attack.get("method", pick(random, REQUEST_TARGETS));
	}

}
