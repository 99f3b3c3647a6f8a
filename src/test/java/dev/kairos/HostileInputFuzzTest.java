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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
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
 * own connection. Every answer must be a 4xx problem document without internals, and no
 * request may change state: the end offsets of every Kafka topic and every Redis key's
 * value stay as they were. Prints the count of answers per status.
 */
class HostileInputFuzzTest {

	private static final int TRIES = 10_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String USER = "fz-user";

	private static final String ITEM = "fz-item";

	private static final Map<Integer, AtomicInteger> STATUSES = new TreeMap<>();

	private static final Map<String, AtomicInteger> KINDS = new TreeMap<>();

	private static final AtomicInteger SENT = new AtomicInteger();

	private static ConfigurableApplicationContext app;

	private static int port;

	private static Admin kafka;

	private static RedisClient redisClient;

	private static StatefulRedisConnection<byte[], byte[]> redis;

	private static State before;

	@BeforeContainer
	static void startKairos() {
		app = new SpringApplicationBuilder(KairosApplication.class)
			.properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
					// refused requests are expected here by the thousand
					"logging.level.org.springframework.web=ERROR", "logging.level.org.apache.coyote=ERROR",
					"logging.level.org.apache.tomcat=ERROR", "logging.level.org.apache.catalina=ERROR")
			.run();
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
		assertThat(http
			.post("/events",
					"{\"eventId\":\"fz-e1\",\"userId\":\"" + USER + "\",\"itemId\":\"" + ITEM
							+ "\",\"type\":\"click\"}")
			.status()).isEqualTo(202);
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

	@AfterContainer
	static void reportAndStop() throws IOException {
		try {
			StringBuilder report = new StringBuilder("Hostile input: " + SENT.get() + " requests\n  by status:");
			STATUSES.forEach((status, n) -> report.append(' ').append(status).append('=').append(n.get()));
			report.append("\n  by kind:");
			KINDS.forEach((kind, n) -> report.append(' ').append(kind).append('=').append(n.get()));
			System.out.println(report);
			FAILURES.forEach((key, message) -> System.out.println("FUZZ FAILURE " + abbreviate(message)));
			Files.createDirectories(Path.of("target"));
			Files.writeString(Path.of("target", "hostile-input-report.txt"), report + "\n");
			assertThat(SENT.get()).isGreaterThanOrEqualTo(TRIES);
			assertThat(STATUSES.keySet()).allMatch((status) -> status >= 400 && status < 500);
			assertUnchanged();
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

	private static final Map<String, String> FAILURES = new TreeMap<>();

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void hostileRequestsGetA4xxProblemDocumentAndChangeNothing(@ForAll("attacks") Attack attack) throws IOException {
		if (!EXPLORE) {
			check(attack);
			return;
		}
		try {
			check(attack);
		}
		catch (AssertionError | RuntimeException | IOException ex) {
			synchronized (FAILURES) {
				FAILURES.putIfAbsent(attack.kind() + " " + lastStatus, String.valueOf(ex.getMessage()));
			}
		}
	}

	private static volatile int lastStatus;

	private void check(Attack attack) throws IOException {
		lastStatus = 0;
		RawHttp.Answer answer = RawHttp.exchange(port, attack.bytes());
		lastStatus = answer.status();
		int sent = SENT.incrementAndGet();
		synchronized (STATUSES) {
			STATUSES.computeIfAbsent(answer.status(), (s) -> new AtomicInteger()).incrementAndGet();
			KINDS.computeIfAbsent(attack.kind(), (s) -> new AtomicInteger()).incrementAndGet();
		}
		String what = attack + " -> " + answer.status() + " " + answer.headers() + " " + abbreviate(answer.body());
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
		if (sent % 1_000 == 0) {
			assertUnchanged();
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	// ---------------------------------------------------------------- state

	/** What must not change: every topic's end offsets and every Redis key's value. */
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

	@Provide
	Arbitrary<Attack> attacks() {
		return Arbitraries.frequencyOf(Tuple.of(14, brokenJson()), Tuple.of(20, wrongTypes()),
				Tuple.of(6, hugeNumbers()), Tuple.of(4, deepNesting()), Tuple.of(1, oversizedBodies()),
				Tuple.of(1, oversizedBatches()), Tuple.of(14, unicodeIds()), Tuple.of(10, pathTraversal()),
				Tuple.of(12, badQueries()), Tuple.of(12, headerAbuse()), Tuple.of(6, wrongMethodsAndPaths()));
	}

	// ids

	private static Arbitrary<String> validIds() {
		return Arbitraries.strings()
			.withChars("abcxyzABC0129._:@-")
			.ofMinLength(1)
			.ofMaxLength(16)
			.map((s) -> "fz" + s);
	}

	/** Characters no id may hold, many of them look-alikes or invisible. */
	private static final List<String> BAD_ID_PARTS = List.of(" ", "/", "\\", "\u0000", "\u202e", "\u200b", "\u200d",
			"\ufeff", "\u0430", "\u0456", "\uff55", "\u00e9", "e\u0301", "\ud83d\ude00", "\ud800", "\udfff", "{", "}",
			"{u:x}", "<script>", "'", "\"", "%00", "%2e%2e", "../", "..\\", "\n", "\r\n", "\t", "*", "?", "#", "$", "%",
			"&", "+", ",", ";", "=", "|", "~", "`", "^", "[", "]", "(", ")", "!", "\u00a0", "\u2028", "\u0085",
			"\u1680", "kairos:{g}:pop\"", "\u0131", "\u212a");

	private static Arbitrary<String> badIds() {
		Arbitrary<String> withBadPart = Combinators
			.combine(validIds(), Arbitraries.of(BAD_ID_PARTS), Arbitraries.integers().between(0, 20))
			.as((id, part, at) -> {
				int i = Math.min(at, id.length());
				return id.substring(0, i) + part + id.substring(i);
			});
		Arbitrary<String> tooLong = Arbitraries.integers().between(129, 400).map((n) -> "a".repeat(n));
		return Arbitraries.frequencyOf(Tuple.of(8, withBadPart), Tuple.of(1, tooLong),
				Tuple.of(1, Arbitraries.just("")));
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
		m.put("category", List.of("null", "1", "[]", "{}", "\"\"", "\"a b\"", "\"c/3\"", "\"{c}\""));
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

	private static Arbitrary<Attack> brokenJson() {
		List<String> valid = List.of(EVENT, "[" + EVENT + "," + EVENT + "]", ITEM_BODY,
				"[" + itemInBatch("fz-i2", ITEM_BODY) + "]");
		Arbitrary<Attack> truncated = Combinators
			.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 999))
			.as((which, cut) -> {
				String body = valid.get(which);
				String prefix = body.substring(0, body.length() * cut / 1000);
				return switch (which) {
					case 0, 1 -> Attack.json("broken-json", "POST", "/events", prefix);
					case 2 -> Attack.json("broken-json", "PUT", "/items/" + ITEM, prefix);
					default -> Attack.json("broken-json", "POST", "/items", prefix);
				};
			});
		List<String> malformed = List.of("{'userId':'u'}", "{userId:\"u\"}", "{\"userId\":\"u\",}", "[" + EVENT + ",]",
				"{\"userId\":\"u\" \"itemId\":\"i\"}", "// comment\n" + EVENT, EVENT + "/* c */", "\u0000" + EVENT,
				"\ufeff\ufeff" + EVENT, "{\"userId\":\"\\x41\"}", "{\"userId\":\"\\u12\"}",
				"{\"userId\":\"" + "\u0001" + "\"}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":0x10}",
				"{\"a\":tru}", "{\"a\":nul}", "{\"a\":undefined}", EVENT + EVENT, EVENT + "]", "]" + EVENT,
				"{\"a\":\"unterminated", "\"", "}", "{{}}", "<event/>", "userId=u&itemId=i", "null", "true", "42",
				"\"string\"", "[]", "[null]", "[[]]", "[1,2,3]", "{}", "", " ", "\n\n");
		Arbitrary<Attack> templates = Combinators
			.combine(Arbitraries.of(malformed), Arbitraries.of("/events", "/items", "/items/" + ITEM))
			.as((body, path) -> Attack.json("broken-json", path.startsWith("/items/") ? "PUT" : "POST", path, body));
		Arbitrary<Attack> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(512).map((bytes) -> {
			bytes[0] = (byte) '#';
			return new Attack("broken-json", "POST", "/events", List.of("Content-Type: application/json"), bytes, true);
		});
		return Arbitraries.oneOf(truncated, templates, garbage);
	}

	private static Arbitrary<Attack> wrongTypes() {
		Map<String, List<String>> events = eventMutations();
		Map<String, List<String>> items = itemMutations();
		Arbitrary<Attack> oneEvent = Arbitraries.of(events.keySet())
			.flatMap((field) -> Arbitraries.of(events.get(field))
				.map((value) -> Attack.json("wrong-type", "POST", "/events", withField(EVENT, field, value))));
		Arbitrary<Attack> inBatch = Combinators
			.combine(Arbitraries.of(events.keySet()), Arbitraries.integers().between(1, 30),
					Arbitraries.integers().between(0, 29), Arbitraries.integers().between(0, 100))
			.as((field, size, at, pick) -> {
				List<String> values = events.get(field);
				String bad = withField(EVENT, field, values.get(pick % values.size()));
				return Attack.json("wrong-type", "POST", "/events", batch(EVENT, size, at % size, bad));
			});
		Arbitrary<Attack> oneItem = Arbitraries.of(items.keySet())
			.flatMap((field) -> Arbitraries.of(items.get(field))
				.map((value) -> Attack.json("wrong-type", "PUT", "/items/" + ITEM,
						withField(ITEM_BODY, field, value))));
		Arbitrary<Attack> itemBatch = Combinators
			.combine(Arbitraries.of(items.keySet()), Arbitraries.integers().between(1, 10),
					Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 100))
			.as((field, size, at, pick) -> {
				List<String> values = items.get(field);
				String good = itemInBatch(ITEM, ITEM_BODY);
				String bad = itemInBatch(ITEM, withField(ITEM_BODY, field, values.get(pick % values.size())));
				return Attack.json("wrong-type", "POST", "/items", batch(good, size, at % size, bad));
			});
		Arbitrary<Attack> itemIdInBatch = Arbitraries.of("null", "1", "[]", "{}", "\"\"", "\"a/b\"")
			.map((id) -> Attack.json("wrong-type", "POST", "/items",
					"[{\"itemId\":" + id + "," + ITEM_BODY.substring(1) + "]"));
		return Arbitraries.oneOf(oneEvent, inBatch, oneItem, itemBatch, itemIdInBatch);
	}

	private static Arbitrary<Attack> hugeNumbers() {
		Arbitrary<Attack> values = Arbitraries.of(NON_FINITE)
			.map((v) -> Attack.json("huge-number", "POST", "/events", withField(EVENT, "value", v)));
		Arbitrary<Attack> counts = Arbitraries
			.of("0", "101", "-1", "-0", "99999999999999999999", "2147483648", "-2147483649", "1e3", "1.5", "NaN",
					"Infinity", "0x10", "", "%20", "1%00", "10%2C5", "\u0661")
			.map((c) -> Attack.get("huge-number", "/recommendations?userId=" + USER + "&count=" + encode(c)));
		Arbitrary<Attack> versions = Arbitraries
			.of("99999999999999999999999", "1e3", "NaN", "-", "0x1", "1.0", "%00", "9223372036854775808")
			.map((v) -> new Attack("huge-number", "POST", "/admin/model/rollback/" + v, List.of(), null, false));
		Arbitrary<Attack> negativeVersions = Arbitraries.longs()
			.between(Long.MIN_VALUE, -1)
			.map((v) -> new Attack("huge-number", "POST", "/admin/model/rollback/" + v, List.of(), null, false));
		return Arbitraries.oneOf(values, counts, versions, negativeVersions);
	}

	private static Arbitrary<Attack> deepNesting() {
		Arbitrary<Integer> depth = Arbitraries.integers().between(2, 200_000).shrinkTowards(2);
		Arbitrary<Attack> arrays = depth
			.map((d) -> Attack.json("deep-nesting", "POST", "/events", "[".repeat(d) + "]".repeat(d)));
		Arbitrary<Attack> objects = depth.map((d) -> Attack.json("deep-nesting", "POST", "/events",
				withField(EVENT, "context", "{\"a\":".repeat(d) + "1" + "}".repeat(d))));
		Arbitrary<Attack> unclosed = depth.map((d) -> Attack.json("deep-nesting", "PUT", "/items/" + ITEM,
				"{\"category\":\"fz\",\"attributes\":" + "[".repeat(d)));
		Arbitrary<Attack> tags = depth.map((d) -> Attack.json("deep-nesting", "POST", "/items",
				"[{\"itemId\":\"fz-i\",\"category\":\"fz\",\"tags\":" + "[".repeat(d) + "]".repeat(d) + "}]"));
		return Arbitraries.oneOf(arrays, objects, unclosed, tags);
	}

	private static Arbitrary<Attack> oversizedBodies() {
		return Combinators
			.combine(Arbitraries.integers().between(1024 * 1024 + 1, 1536 * 1024), Arbitraries.of(true, false),
					Arbitraries.of("/events", "/items"))
			.as((size, declared, path) -> {
				byte[] body = new byte[size];
				byte[] start = ("[" + EVENT + ",\"").getBytes(StandardCharsets.UTF_8);
				java.util.Arrays.fill(body, (byte) 'x');
				System.arraycopy(start, 0, body, 0, start.length);
				if (declared) {
					return new Attack("oversized-body", "POST", path, List.of("Content-Type: application/json"), body,
							true);
				}
				return new Attack("oversized-body", "POST", path,
						List.of("Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(body, 8192),
						false);
			});
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

	private static Arbitrary<Attack> oversizedBatches() {
		return Arbitraries.integers()
			.between(1001, 1300)
			.flatMap((n) -> Arbitraries.of("/events", "/items").map((p) -> {
				String element = p.equals("/events") ? EVENT : itemInBatch(ITEM, ITEM_BODY);
				return Attack.json("oversized-batch", "POST", p, batch(element, n, -1, null));
			}));
	}

	private static Arbitrary<Attack> unicodeIds() {
		return Combinators.combine(badIds(), Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
			.as((id, where, escaped) -> {
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
			});
	}

	private static Arbitrary<Attack> pathTraversal() {
		List<String> prefixes = List.of("/items/../../", "/items/..%2F..%2F", "/users/%2e%2e/%2e%2e/",
				"/items/%252e%252e%252f", "/users/..;/..;/", "/items/%c0%ae%c0%ae/", "/items/....//....//",
				"/users/..%5c..%5c", "/items/%2E%2E%2F", "/static/../../../../", "//items//", "/items/.%2e/",
				"/users/%u002e%u002e/", "/items/%ef%bc%8f", "/users/%00/", "/items/\\..\\..\\");
		List<String> targets = List.of("etc/passwd", "windows/win.ini", "WEB-INF/web.xml", "META-INF/MANIFEST.MF",
				"actuator/env", "actuator/heapdump", "proc/self/environ", "application.yml", "..", "%00", "x%00.json");
		Arbitrary<Attack> traversal = Combinators
			.combine(Arbitraries.of(prefixes), Arbitraries.of(targets), Arbitraries.of("GET", "DELETE", "PUT"))
			.as((prefix, target, method) -> method.equals("PUT")
					? Attack.json("path-traversal", "PUT", prefix + target, "{\"category\":")
					: new Attack("path-traversal", method, prefix + target, List.of(), null, false));
		Arbitrary<Attack> fixed = Arbitraries
			.of("/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/actuator/health", "/actuator/env", "/actuator/heapdump",
					"/recommendations/../actuator/health", "/error", "/error/x", "/items/", "/users/", "/items/%2F",
					"/users/..", "/items/.", "/recommendations/x", "/%2e%2e/%2e%2e/etc/passwd",
					"/items/fz-item/../../admin/model/freeze", "/events/../../", "/;/events", "/.;/admin")
			.map((path) -> Attack.get("path-traversal", path));
		return Arbitraries.oneOf(traversal, fixed);
	}

	private static Arbitrary<Attack> badQueries() {
		Map<String, List<String>> bad = new TreeMap<>();
		bad.put("count", List.of("0", "101", "-5", "abc", "", "1.0", "1e2"));
		bad.put("at", List.of("yesterday", "2026-01-01", "2026-01-01T00:00:00", "1700000000", "2026-02-30T00:00:00Z",
				"x".repeat(65), "2026-01-01T00:00:00+99:00"));
		bad.put("category", List.of("", "a b", "c/3", "{c}", "x".repeat(129), "\u0430"));
		bad.put("exclude",
				List.of(",", "a,,b", "a b", String.join(",", java.util.Collections.nCopies(201, "i")), "i\u202e1"));
		bad.put("explain", List.of("yes", "1", "TRUE", "on", "null"));
		bad.put("userId", List.of("", "a b", "x".repeat(129), "u/1", "u1,u2"));
		Arbitrary<Attack> oneBad = Combinators
			.combine(Arbitraries.of(bad.keySet()), Arbitraries.integers().between(0, 100), Arbitraries.of(true, false))
			.as((param, pick, withUser) -> {
				List<String> values = bad.get(param);
				String value = encode(values.get(pick % values.size()));
				String user = (withUser && !param.equals("userId")) ? "userId=" + USER + "&" : "";
				return Attack.get("bad-query", "/recommendations?" + user + param + "=" + value);
			});
		Arbitrary<Attack> noUser = Arbitraries
			.of("", "?", "?count=5", "?userid=" + USER, "?userId", "?&&&", "?user%00Id=" + USER, "?%ZZ=1",
					"?userId=%ZZ", "?userId=%", "?userId=%u0041")
			.map((q) -> Attack.get("bad-query", "/recommendations" + q));
		Arbitrary<Attack> duplicated = Arbitraries.integers()
			.between(2, 50)
			.map((n) -> Attack.get("bad-query",
					"/recommendations?" + String.join("&", java.util.Collections.nCopies(n, "userId=" + USER))));
		return Arbitraries.oneOf(oneBad, noUser, duplicated);
	}

	private static Arbitrary<Attack> headerAbuse() {
		// a request that is refused whatever the headers do, so that any acceptance shows
		Arbitrary<Attack> base = Arbitraries.of(
				Attack.json("header", "POST", "/events", withField(EVENT, "type", "\"like\"")),
				Attack.json("header", "POST", "/events", "{\"userId\":"),
				Attack.json("header", "PUT", "/items/" + ITEM, "{\"category\":1}"),
				Attack.get("header", "/recommendations?userId=" + USER + "&count=0"));
		List<List<String>> headerSets = List.of(List.of("Content-Type: text/plain"),
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
		Arbitrary<Attack> headers = Combinators.combine(base, Arbitraries.of(headerSets))
			.as((attack, set) -> attack.withHeaders("header", set,
					set.stream().noneMatch((h) -> h.startsWith("Content-Length") || h.startsWith("Transfer"))));
		Arbitrary<Attack> many = Combinators.combine(base, Arbitraries.integers().between(101, 400)).as((attack, n) -> {
			List<String> set = new ArrayList<>(attack.headers());
			for (int i = 0; i < n; i++) {
				set.add("X-H" + i + ": v");
			}
			return attack.withHeaders("header", set, true);
		});
		Arbitrary<Attack> badChunks = Arbitraries
			.of("zz\r\n{}\r\n0\r\n\r\n", "5\r\n{\"a\"\r\n0\r\n\r\n", "-1\r\n\r\n", "ffffffffffffffff\r\nx\r\n",
					"2;ext=\"unterminated\r\n{}\r\n0\r\n\r\n", "0\r\nX-Trailer: a\r\n\r\n", "3\r\n{}\r\n0\r\n\r\n")
			.map((body) -> new Attack("header", "POST", "/events",
					List.of("Content-Type: application/json", "Transfer-Encoding: chunked"),
					body.getBytes(StandardCharsets.ISO_8859_1), false));
		Arbitrary<Attack> shortLength = Arbitraries.integers()
			.between(0, EVENT.length() - 1)
			.map((n) -> new Attack("header", "POST", "/events",
					List.of("Content-Type: application/json", "Content-Length: " + n),
					EVENT.getBytes(StandardCharsets.UTF_8), false));
		return Arbitraries.oneOf(headers, many, badChunks, shortLength);
	}

	private static Arbitrary<Attack> wrongMethodsAndPaths() {
		Arbitrary<Attack> methods = Combinators
			.combine(
					Arbitraries.of("PATCH", "DELETE", "PUT", "TRACE", "BREW", "PROPFIND", "CONNECT", "M-SEARCH", "get"),
					Arbitraries.of("/events", "/recommendations", "/users/" + USER, "/admin/model"))
			.as((method, path) -> Attack.json("method", method, path, "{\"userId\":"));
		Arbitrary<Attack> lines = Arbitraries
			.of("/recommendations?userId=" + USER + "&count=0 HTTP/1.1\r\nX: y",
					"http://evil.example/recommendations?count=0", "*", "/recommendations?count=0#frag",
					"/recommendations?count=0 HTTP/1.0", "/recommendations?count=0\u0000", "/recomm\u00e9ndations",
					"/" + "a".repeat(10_000), "/recommendations?count=0&x=" + "b".repeat(10_000),
					"/users/<script>alert(1)</script>", "/users/{u:x}", "/items/a|b", "/items/a\"b")
			.map((target) -> Attack.get("method", target));
		return Arbitraries.oneOf(methods, lines);
	}

}
