package dev.kairos.bench.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The benchmark's own view of Redis, over Lettuce (the client Kairos uses): INFO figures,
 * per-key memory, and the physical floor — one round trip, and one pipelined batch of the
 * same reads the request path makes.
 */
final class RedisProbe implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisCommands<String, String> sync;

	RedisProbe(String host, int port) {
		this.client = RedisClient
			.create(RedisURI.builder().withHost(host).withPort(port).withTimeout(Duration.ofSeconds(30)).build());
		this.connection = this.client.connect();
		this.sync = this.connection.sync();
	}

	RedisCommands<String, String> commands() {
		return this.sync;
	}

	String version() {
		return infoField(this.sync.info("server"), "redis_version");
	}

	long usedMemory() {
		return Long.parseLong(infoField(this.sync.info("memory"), "used_memory"));
	}

	long totalCommands() {
		return Long.parseLong(infoField(this.sync.info("stats"), "total_commands_processed"));
	}

	Map<String, Long> commandCalls() {
		return commandCalls(this.sync.info("commandstats"));
	}

	/** The summed {@code MEMORY USAGE} of keys (missing keys count 0). */
	long memoryUsage(List<String> keys) {
		long total = 0;
		for (String key : keys) {
			Long bytes = this.sync.memoryUsage(key);
			total += (bytes != null) ? bytes : 0;
		}
		return total;
	}

	/** Keys of one kind: how many there are, and the mean MEMORY USAGE of a sample. */
	record KeyFamily(long count, double meanBytes) {
	}

	/**
	 * Scans the keys matching {@code pattern} and groups them by the first of
	 * {@code markers} each contains; for each group, the count and the mean size of up to
	 * {@code sample} keys.
	 */
	Map<String, KeyFamily> keyFamilies(String pattern, List<String> markers, int sample) {
		Map<String, Long> counts = new LinkedHashMap<>();
		Map<String, List<String>> samples = new LinkedHashMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.sync.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
			for (String key : page.getKeys()) {
				for (String marker : markers) {
					if (key.contains(marker)) {
						counts.merge(marker, 1L, Long::sum);
						List<String> some = samples.computeIfAbsent(marker, (m) -> new ArrayList<>());
						if (some.size() < sample) {
							some.add(key);
						}
						break;
					}
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		Map<String, KeyFamily> families = new LinkedHashMap<>();
		for (String marker : markers) {
			List<String> some = samples.getOrDefault(marker, List.of());
			families.put(marker, new KeyFamily(counts.getOrDefault(marker, 0L),
					some.isEmpty() ? Double.NaN : memoryUsage(some) / (double) some.size()));
		}
		return families;
	}

	/** Round trips of PING, one at a time. */
	Latencies pings(int n) {
		Latencies latencies = new Latencies();
		for (int i = 0; i < n; i++) {
			long start = System.nanoTime();
			this.sync.ping();
			latencies.recordNanos(System.nanoTime() - start);
		}
		return latencies;
	}

	/**
	 * {@code n} pipelines, each of one {@code HMGET} of {@code fields} per key, written
	 * in one flush and awaited together (what the request path does for its candidates).
	 */
	Latencies pipelines(int n, List<String> keys, String... fields) {
		Latencies latencies = new Latencies();
		try (StatefulRedisConnection<String, String> pipelined = this.client.connect()) {
			RedisAsyncCommands<String, String> async = pipelined.async();
			pipelined.setAutoFlushCommands(false);
			for (int i = 0; i < n; i++) {
				long start = System.nanoTime();
				List<RedisFuture<?>> futures = new ArrayList<>(keys.size());
				for (String key : keys) {
					futures.add(async.hmget(key, fields));
				}
				pipelined.flushCommands();
				if (!LettuceFutures.awaitAll(30, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]))) {
					throw new IllegalStateException("pipeline timed out");
				}
				latencies.recordNanos(System.nanoTime() - start);
			}
		}
		return latencies;
	}

	/** {@code calls} per command from {@code INFO commandstats}. */
	static Map<String, Long> commandCalls(String commandstats) {
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : commandstats.split("\r?\n")) {
			if (!line.startsWith("cmdstat_")) {
				continue;
			}
			int colon = line.indexOf(':');
			String command = line.substring("cmdstat_".length(), colon);
			for (String part : line.substring(colon + 1).split(",")) {
				if (part.startsWith("calls=")) {
					calls.put(command, Long.parseLong(part.substring("calls=".length())));
				}
			}
		}
		return calls;
	}

	/** Per command, how many more calls {@code after} has than {@code before}. */
	static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new LinkedHashMap<>();
		after.forEach((command, calls) -> {
			long d = calls - before.getOrDefault(command, 0L);
			if (d > 0) {
				delta.put(command, d);
			}
		});
		return delta;
	}

	/** One {@code field:value} of an INFO section (null when absent). */
	static String infoField(String info, String field) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
