package dev.kairos.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.kairos.events.EventType;
import dev.kairos.features.EventEffect;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore.Outcome;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-key scripts ({@code user-events.lua}, {@code item-events.lua}: one call per
 * user and per item of a batch) leave Redis exactly as the per-event scripts did (one
 * call per event each, {@link PerEventFeatureStore}), on a real Redis: the same random
 * log, in the same batches, with redeliveries after simulated crashes, client event ids
 * repeated within the deduplication window, events out of time order and of equal times,
 * unknown and inactive items, and caps small enough that the recent, consumed and skipped
 * items are trimmed. The two runs use two namespaces of ids; every key of each (the
 * users' features, counts, interests, offsets, clocks, recent, consumed and skipped
 * items, event ids and duplicates; the items' counts and scores; the ranked lists, the
 * category indexes, the co-occurrence lists and the global clock) is compared, values as
 * stored (to the bit), and each event's outcome too. The reference's co-occurrence lists
 * are written by the script that read each list whole every batch
 * ({@link PerEventFeatureStore#addPairs}); the store's are kept in its memory and written
 * as the partners that changed. The same machinery checks that trimming once per call
 * matches trimming after every event under tight windows and caps, and that every command
 * of the worker delivered twice leaves every key and count as once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"kairos.features.recent-items=5", "kairos.features.consumed-items=4" })
class BatchedFeatureScriptsTest {

	private static final int USERS = 40;

	private static final int ITEMS = 30;

	private static final int PARTITIONS = 3;

	@Autowired
	private RedisSession session;

	@Autowired
	private FeatureSettings settings;

	@Autowired
	private RedisSnapshotChanges changes;

	/** An event of the log, before its ids are given a namespace. */
	private record Logged(int user, int item, EventType type, String eventId, int partition, long offset,
			long timestampMillis, long acceptedMillis, Map<String, String> context) {

		EventEffect effect(String ns, FeatureSettings settings) {
			double weight = settings.weight(this.type);
			return new EventEffect(ns + "u" + this.user, ns + "i" + this.item, this.type, this.eventId, this.partition,
					this.offset, this.timestampMillis, this.acceptedMillis, weight, this.type.consumes(), weight > 0,
					this.context);
		}

	}

	@Test
	void perKeyScriptsLeaveEveryKeyAsThePerEventScriptsDid() {
		String run = UUID.randomUUID().toString().substring(0, 6);
		// two namespaces of the same length, so that encoded values line up
		String old = "qa" + run + "-";
		String now = "qb" + run + "-";
		List<List<Logged>> batches = batches(new SplittableRandom(5), Shape.DEFAULT);
		catalogue(old);
		catalogue(now);

		Map<String, String> population0 = population();
		List<List<Outcome>> oldOutcomes = applyAll(new PerEventFeatureStore(this.session, this.settings, this.changes),
				old, batches);
		Map<String, String> population1 = population();
		List<List<Outcome>> newOutcomes = applyAll(new RedisFeatureStore(this.session, this.settings, this.changes),
				now, batches);
		Map<String, String> population2 = population();

		assertThat(newOutcomes).isEqualTo(oldOutcomes);
		Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
		oldOutcomes.forEach((batch) -> batch.forEach((o) -> tally.merge(o, 1, Integer::sum)));
		assertThat(tally.getOrDefault(Outcome.REPLAYED, 0)).as("replayed records").isGreaterThan(300);
		assertThat(tally.getOrDefault(Outcome.DUPLICATE, 0)).as("duplicates").isGreaterThan(50);
		assertThat(tally.getOrDefault(Outcome.APPLIED, 0)).as("applied").isGreaterThan(2000);

		Map<String, String> before = dump(old);
		Map<String, String> after = dump(now);
		assertThat(before.keySet()).as("keys").hasSizeGreaterThan(4 * USERS);
		// the lists kept in the worker carry a version (which the script that read them
		// whole did not): one per list
		Map<String, String> versions = new TreeMap<>(after);
		versions.keySet().removeIf((key) -> !key.endsWith(":coov"));
		after.keySet().removeAll(versions.keySet());
		assertThat(versions.keySet()).as("versions")
			.hasSize((int) before.keySet().stream().filter((key) -> key.endsWith(":cooc")).count());
		assertThat(after).containsExactlyInAnyOrderEntriesOf(before);
		// the co-occurrence lists, the category indexes and the ranked lists are among
		// them
		assertThat(before.keySet()).anyMatch((key) -> key.endsWith(":cooc"))
			.anyMatch((key) -> key.endsWith(":fans"))
			.anyMatch((key) -> key.startsWith("kairos:{c:N") && key.endsWith(":pop"));
		assertThat(before.get("kairos:{g}:pop")).contains("Ni0@");
		// the recent items were trimmed to their cap, and some events had a context
		assertThat(before).containsKey("kairos:{u:Nu0}:recent");
		assertThat(before.get("kairos:{u:Nu0}:recent").split(" ")).as("type, 5 items, ttl").hasSize(7);
		assertThat(before.get("kairos:{u:Nu0}")).contains("cx=");
		// the population's clicks grew by the same count in both runs
		assertThat(delta(population1, population2, "clicks")).isEqualTo(delta(population0, population1, "clicks"))
			.isPositive();
		// the users' consumptions and repeats (equal in both runs, above) reached the
		// population once, redelivered batches included
		long consumptions = 0;
		long repeats = 0;
		for (int u = 0; u < USERS; u++) {
			Map<String, String> user = this.session
				.await(this.session.commands().hgetall(RedisKeys.user(now + "u" + u)));
			consumptions += Long.parseLong(user.getOrDefault("consumptions", "0"));
			repeats += Long.parseLong(user.getOrDefault("repeats", "0"));
		}
		assertThat(repeats).as("repeat consumptions").isPositive().isLessThan(consumptions);
		assertThat(delta(population1, population2, "consumptions")).isEqualTo(consumptions);
		assertThat(delta(population1, population2, "repeats")).isEqualTo(repeats);
	}

	/**
	 * The sorted sets trimmed once per call ({@code user-events.lua}) as after every
	 * event: a deduplication window of two minutes with accept times out of order by up
	 * to three windows (so an id comes again within one call after its window passed, and
	 * an id is added below the window's bound of an earlier event), few event ids, large
	 * batches, and one or two consumed items kept (so an item consumed earlier in a call
	 * was trimmed by the time it is consumed again). Compared key by key and outcome by
	 * outcome as above.
	 */
	@Test
	void setsTrimmedOncePerCallAsAfterEveryEvent() {
		String run = UUID.randomUUID().toString().substring(0, 6);
		String old = "qc" + run + "-";
		String now = "qd" + run + "-";
		FeatureSettings s = this.settings;
		Duration window = Duration.ofMinutes(2);
		FeatureSettings tight = new FeatureSettings(s.popularity(), s.trending(), s.interest(), s.viewWeight(),
				s.clickWeight(), s.purchaseWeight(), s.ctr(), 3, 2, s.userTtl(), window, s.clock(), s.zone(),
				s.clockImpressionReward());
		Shape shape = new Shape(3000, 12, 3 * window.toMillis(), 900);
		List<List<Logged>> batches = batches(new SplittableRandom(11), shape);
		catalogue(old);
		catalogue(now);

		List<List<Outcome>> oldOutcomes = applyAll(new PerEventFeatureStore(this.session, tight, this.changes), old,
				batches, tight);
		List<List<Outcome>> newOutcomes = applyAll(new RedisFeatureStore(this.session, tight, this.changes), now,
				batches, tight);

		assertThat(newOutcomes).isEqualTo(oldOutcomes);
		Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
		oldOutcomes.forEach((batch) -> batch.forEach((o) -> tally.merge(o, 1, Integer::sum)));
		assertThat(tally.getOrDefault(Outcome.DUPLICATE, 0)).as("duplicates").isGreaterThan(100);
		// the cases a trim within the call decides: per user and batch, an id seen again
		// after its window passed, one added below an earlier event's window bound, and
		// an item consumed again after more than the cap of other items
		int idsExpired = 0;
		int idsBelowBound = 0;
		int consumedAgain = 0;
		for (List<Logged> batch : batches) {
			Map<Integer, List<Logged>> byUser = new TreeMap<>();
			batch.forEach((e) -> byUser.computeIfAbsent(e.user(), (u) -> new ArrayList<>()).add(e));
			for (List<Logged> events : byUser.values()) {
				long highest = Long.MIN_VALUE;
				Map<String, Long> seen = new java.util.HashMap<>();
				List<Integer> consumed = new ArrayList<>();
				for (Logged e : events) {
					if (e.eventId() != null) {
						Long before = seen.put(e.eventId(), e.acceptedMillis());
						idsExpired += (before != null && e.acceptedMillis() - window.toMillis() > before) ? 1 : 0;
						idsBelowBound += (e.acceptedMillis() < highest - window.toMillis()) ? 1 : 0;
						highest = Math.max(highest, e.acceptedMillis());
					}
					if (e.type().consumes()) {
						int at = consumed.lastIndexOf(e.item());
						consumedAgain += (at >= 0 && consumed.size() - at > tight.consumedItems()) ? 1 : 0;
						consumed.add(e.item());
					}
				}
			}
		}
		assertThat(idsExpired).as("ids again after their window, in one call").isGreaterThan(20);
		assertThat(idsBelowBound).as("ids added below an earlier bound, in one call").isGreaterThan(20);
		assertThat(consumedAgain).as("items consumed again after the cap of others, in one call").isGreaterThan(20);

		Map<String, String> before = dump(old);
		Map<String, String> after = dump(now);
		after.keySet().removeIf((key) -> key.endsWith(":coov"));
		assertThat(before.keySet()).as("keys").hasSizeGreaterThan(4 * USERS);
		assertThat(after).containsExactlyInAnyOrderEntriesOf(before);
		assertThat(before.keySet()).anyMatch((key) -> key.endsWith(":eids")).anyMatch((key) -> key.endsWith(":dups"));
	}

	/**
	 * Every command the worker sends delivered twice, as when the session issues a
	 * pipeline of scripts again after {@code NOSCRIPT} or Lettuce sends the commands in
	 * flight again after it reconnects: the batches leave every key as when each command
	 * arrived once, and the population's counts (clicks, consumptions, repeats) and the
	 * global Interest Clock grow by the same amounts. The second delivery follows the
	 * first at once, on the same connection.
	 */
	@Test
	void writesDeliveredTwiceCountOnce() {
		String run = UUID.randomUUID().toString().substring(0, 6);
		String once = "qe" + run + "-";
		String twice = "qf" + run + "-";
		List<List<Logged>> batches = batches(new SplittableRandom(23), new Shape(1500, 300, 0, 300));
		catalogue(once);
		catalogue(twice);
		RedisSession doubled = new RedisSession(deliveredTwice(this.session.commands()), Duration.ofSeconds(30),
				this.session.metrics());

		Map<String, String> population0 = population();
		List<List<Outcome>> onceOutcomes = applyAll(new RedisFeatureStore(this.session, this.settings, this.changes),
				once, batches);
		Map<String, String> population1 = population();
		List<List<Outcome>> twiceOutcomes = applyAll(new RedisFeatureStore(doubled, this.settings, this.changes), twice,
				batches);
		Map<String, String> population2 = population();

		assertThat(twiceOutcomes).isEqualTo(onceOutcomes);
		for (String field : List.of("clicks", "consumptions", "repeats")) {
			assertThat(delta(population1, population2, field)).as(field)
				.isEqualTo(delta(population0, population1, field))
				.isPositive();
		}
		Map<String, String> before = dump(once);
		Map<String, String> after = dump(twice);
		// the lists' versions carry each worker's write tokens
		before.keySet().removeIf((key) -> key.endsWith(":coov"));
		after.keySet().removeIf((key) -> key.endsWith(":coov"));
		assertThat(before.keySet()).as("keys").hasSizeGreaterThan(4 * USERS);
		assertThat(before.get(RedisKeys.globalClock())).as("the global clock").contains("|");
		assertThat(after).containsExactlyInAnyOrderEntriesOf(before);
	}

	/**
	 * Redis loses its scripts in the middle of a pipeline (as a restart or a failover
	 * does, or a Cluster node that never had them): the calls sent before ran, the ones
	 * after are refused with {@code NOSCRIPT}. Only the refused calls are issued again,
	 * so each event's outcome is the one it had (applied now, not a replay of itself),
	 * and the batches leave every key and count as without the loss.
	 */
	@Test
	void scriptsLostInThePipelineRunEachCallOnce() {
		String run = UUID.randomUUID().toString().substring(0, 6);
		String once = "qg" + run + "-";
		String lost = "qh" + run + "-";
		List<List<Logged>> batches = batches(new SplittableRandom(29), new Shape(1500, 300, 0, 120));
		catalogue(once);
		catalogue(lost);
		AtomicInteger countdown = new AtomicInteger();
		AtomicInteger flushes = new AtomicInteger();
		RedisClusterAsyncCommands<String, String> commands = this.session.commands();
		// the script cache emptied before one script call of each batch (the calls issued
		// again are not counted down)
		RedisSession losing = new RedisSession(intercepted(commands, (method) -> {
			if (method.getName().equals("evalsha") && countdown.decrementAndGet() == 0) {
				commands.scriptFlush();
				flushes.incrementAndGet();
			}
		}, false), Duration.ofSeconds(30), this.session.metrics());

		Map<String, String> population0 = population();
		List<List<Outcome>> onceOutcomes = applyAll(new RedisFeatureStore(this.session, this.settings, this.changes),
				once, batches);
		Map<String, String> population1 = population();
		RedisFeatureStore losingStore = new RedisFeatureStore(losing, this.settings, this.changes);
		List<List<Outcome>> lostOutcomes = new ArrayList<>();
		for (int b = 0; b < batches.size(); b++) {
			// in the users', the items' or the lists' calls
			countdown.set(1 + b % 9);
			lostOutcomes
				.add(losingStore.apply(batches.get(b).stream().map((e) -> e.effect(lost, this.settings)).toList()));
		}
		Map<String, String> population2 = population();

		assertThat(flushes.get()).as("script caches emptied").isGreaterThan(10);
		assertThat(lostOutcomes).isEqualTo(onceOutcomes);
		for (String field : List.of("clicks", "consumptions", "repeats")) {
			assertThat(delta(population1, population2, field)).as(field)
				.isEqualTo(delta(population0, population1, field))
				.isPositive();
		}
		Map<String, String> before = dump(once);
		Map<String, String> after = dump(lost);
		before.keySet().removeIf((key) -> key.endsWith(":coov"));
		after.keySet().removeIf((key) -> key.endsWith(":coov"));
		assertThat(after).containsExactlyInAnyOrderEntriesOf(before);
	}

	/**
	 * Commands that send each command returning a future twice, one after the other, and
	 * answer the first's future.
	 */
	private static RedisClusterAsyncCommands<String, String> deliveredTwice(
			RedisClusterAsyncCommands<String, String> commands) {
		return intercepted(commands, (method) -> {
		}, true);
	}

	/**
	 * Commands that call {@code before} ahead of each command, and send each command
	 * returning a future a second time if {@code twice}.
	 */
	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<String, String> intercepted(
			RedisClusterAsyncCommands<String, String> commands, Consumer<Method> before, boolean twice) {
		return (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(
				BatchedFeatureScriptsTest.class.getClassLoader(), new Class<?>[] { RedisClusterAsyncCommands.class },
				(proxy, method, args) -> {
					try {
						before.accept(method);
						Object answer = method.invoke(commands, args);
						if (twice && answer instanceof RedisFuture<?>) {
							method.invoke(commands, args);
						}
						return answer;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/**
	 * How a random log is made: how many events, how many distinct client event ids, how
	 * far back an accept time may fall (out of order), the largest batch.
	 */
	private record Shape(int events, int eventIds, long acceptedJitterMillis, int maxBatch) {

		static final Shape DEFAULT = new Shape(4000, 300, 0, 400);

	}

	/**
	 * A log of events over {@value #PARTITIONS} partitions (a user's events in one), cut
	 * into batches of random size, some of which a crash redelivers from an earlier
	 * offset.
	 */
	private static List<List<Logged>> batches(SplittableRandom random, Shape shape) {
		long base = 1_780_000_000_000L;
		long[] offsets = new long[PARTITIONS];
		long[] lastTime = new long[USERS];
		List<Logged> log = new ArrayList<>();
		EventType[] types = EventType.values();
		String[] devices = { "ios", "android", "web" };
		for (int i = 0; i < shape.events(); i++) {
			// a few users and items take most events
			int user = random.nextInt(1 + random.nextInt(USERS));
			int item = random.nextInt(1 + random.nextInt(ITEMS));
			int partition = user % PARTITIONS;
			// out of order by up to two days, or at the user's last time (a basket)
			long time = (lastTime[user] != 0 && random.nextInt(5) == 0) ? lastTime[user]
					: base + i * 60_000L - random.nextLong(2 * 86_400_000L);
			lastTime[user] = time;
			String eventId = (random.nextInt(3) == 0) ? "e" + random.nextInt(shape.eventIds()) : null;
			long accepted = base + i * 1_000L - ((shape.acceptedJitterMillis() > 0 && random.nextInt(4) == 0)
					? random.nextLong(shape.acceptedJitterMillis()) : 0);
			Map<String, String> context = (random.nextInt(4) == 0) ? Map.of("device", devices[random.nextInt(3)])
					: Map.of();
			log.add(new Logged(user, item, types[random.nextInt(types.length)], eventId, partition,
					offsets[partition]++, time, accepted, context));
		}
		List<List<Logged>> batches = new ArrayList<>();
		int next = 0;
		while (next < log.size()) {
			// a crash: the records since an earlier commit come again
			int from = (random.nextInt(4) == 0) ? Math.max(0, next - random.nextInt(1, 400)) : next;
			int to = Math.min(log.size(), next + 1 + random.nextInt(shape.maxBatch()));
			batches.add(List.copyOf(log.subList(from, to)));
			next = to;
		}
		return batches;
	}

	/**
	 * The items: most active in one of six categories, a few inactive, two unknown (no
	 * hash).
	 */
	private void catalogue(String ns) {
		for (int i = 0; i < ITEMS - 2; i++) {
			this.session.await(this.session.commands()
				.hset(RedisKeys.item(ns + "i" + i), Map.of("c", ns + "c" + (i % 6), "a", (i < ITEMS - 5) ? "1" : "0")));
		}
	}

	private List<List<Outcome>> applyAll(RedisFeatureStore store, String ns, List<List<Logged>> batches) {
		return applyAll(store, ns, batches, this.settings);
	}

	private List<List<Outcome>> applyAll(RedisFeatureStore store, String ns, List<List<Logged>> batches,
			FeatureSettings settings) {
		List<List<Outcome>> outcomes = new ArrayList<>();
		for (List<Logged> batch : batches) {
			outcomes.add(store.apply(batch.stream().map((e) -> e.effect(ns, settings)).toList()));
		}
		return outcomes;
	}

	private Map<String, String> population() {
		return this.session.await(this.session.commands().hgetall(RedisKeys.population()));
	}

	private static long delta(Map<String, String> from, Map<String, String> to, String field) {
		return Long.parseLong(to.getOrDefault(field, "0")) - Long.parseLong(from.getOrDefault(field, "0"));
	}

	/**
	 * Every key of a namespace, and what the shared keys (the global ranked lists and
	 * clock) hold of it, with the namespace replaced by {@code N}: per key its type, its
	 * content as stored and whether it expires.
	 */
	private Map<String, String> dump(String ns) {
		Map<String, String> dump = new TreeMap<>();
		List<String> keys = new ArrayList<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.session
				.await(this.session.commands().scan(cursor, ScanArgs.Builder.matches("*" + ns + "*").limit(1000)));
			keys.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		keys.addAll(List.of("kairos:{g}:pop", "kairos:{g}:trend", RedisKeys.globalClock()));
		for (String key : keys) {
			String type = this.session.await(this.session.commands().type(key));
			StringBuilder content = new StringBuilder(type);
			switch (type) {
				case "hash" ->
					new TreeMap<>(this.session.await(this.session.commands().hgetall(key))).forEach((field, value) -> {
						if (key.contains(ns) || field.contains(ns)) {
							content.append(' ').append(field).append('=').append(value);
						}
					});
				case "zset" -> {
					for (ScoredValue<String> v : this.session
						.await(this.session.commands().zrangeWithScores(key, 0, -1))) {
						if (key.contains(ns) || v.getValue().contains(ns)) {
							content.append(' ')
								.append(v.getValue())
								.append('@')
								.append(Double.doubleToRawLongBits(v.getScore()));
						}
					}
				}
				case "string" -> {
					String value = this.session.await(this.session.commands().get(key));
					// a user's clock: base64 of a binary value naming categories, here in
					// hex
					content.append(' ')
						.append(key.endsWith(":clock") ? HexFormat.of()
							.formatHex(new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1)
								.replace(ns, "N")
								.getBytes(StandardCharsets.ISO_8859_1)) : value);
				}
				default -> content.append(" unexpected");
			}
			if (key.contains(ns)) {
				content.append((this.session.await(this.session.commands().ttl(key)) > 0) ? " expires" : " kept");
			}
			dump.put(key.replace(ns, "N"), content.toString().replace(ns, "N"));
		}
		return dump;
	}

}
