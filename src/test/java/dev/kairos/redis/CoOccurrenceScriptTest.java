package dev.kairos.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The co-occurrence lists kept in the worker's memory ({@link RedisCoOccurrenceLists}:
 * Space-Saving in Java, only the changed partners written, guarded by the list's version)
 * keep exactly the lists the scripts before them kept, on a real Redis: the script that
 * read the whole hash every call ({@code read-per-batch/co-occurrence.lua}) and the
 * sorted-set version before it (one {@code ZSCORE}/{@code ZADD} per pair, below as it
 * was). The same partners, the same log-sums to the bit, the same order for the readers,
 * through Space-Saving evictions with ties, and with two workers writing one list in
 * turn; a list an earlier version left as a sorted set is carried over on the first
 * write; a write sent twice counts once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class CoOccurrenceScriptTest {

	/** co-occurrence.lua as it was, on a sorted set: one pair after another. */
	static final String SORTED_SET_VERSION = """
			local cap = tonumber(ARGV[1])
			local function logaddexp(a, b)
			  local m = math.max(a, b)
			  return m + math.log(1 + math.exp(math.min(a, b) - m))
			end
			for i = 2, #ARGV, 2 do
			  local partner = ARGV[i]
			  local inc = tonumber(ARGV[i + 1])
			  local current = redis.call('ZSCORE', KEYS[1], partner)
			  local value
			  if current then
			    value = logaddexp(tonumber(current), inc)
			  elseif redis.call('ZCARD', KEYS[1]) < cap then
			    value = inc
			  else
			    local weakest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
			    redis.call('ZREM', KEYS[1], weakest[1])
			    value = logaddexp(tonumber(weakest[2]), inc)
			  end
			  redis.call('ZADD', KEYS[1], string.format('%.17g', value), partner)
			end
			return 0
			""";

	private static final LuaScripts.Script SCRIPT = LuaScripts.Script.load("co-occurrence");

	@Autowired
	private RedisSession session;

	@Test
	void listsKeptInMemoryAreTheListsTheScriptsKeptPairAfterPair() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String item = "co-" + run;
		String readPerBatch = "co-r-" + run;
		String sortedSet = RedisKeys.item(item) + ":reference";
		// two workers, each with its own memory, writing the one list in turn
		int cap = 6;
		RedisCoOccurrenceLists[] workers = { new RedisCoOccurrenceLists(this.session, cap, 100),
				new RedisCoOccurrenceLists(this.session, cap, 100) };
		SplittableRandom random = new SplittableRandom(11);
		// partners whose names tie in prefixes and lengths, increments from a few values
		// so that log-sums tie, and a cap that forces evictions
		String[] names = { "p1", "p10", "p2", "p100", "q", "p", "é", "e", "p11", "p3", "z9", "a", "ab", "b" };
		double[] increments = { Math.log(1), Math.log(1), Math.log(3), Math.log(0.5), 2.5 };
		int evictions = 0;
		int switches = 0;
		int last = 0;
		for (int call = 0; call < 200; call++) {
			List<RedisCoOccurrenceLists.Pair> pairs = new ArrayList<>();
			List<String> args = new ArrayList<>();
			args.add(Integer.toString(cap));
			for (int p = 1 + random.nextInt(12); p > 0; p--) {
				String name = names[random.nextInt(names.length)];
				double increment = increments[random.nextInt(increments.length)] + call * 0.001;
				pairs.add(new RedisCoOccurrenceLists.Pair(name, increment));
				args.add(name);
				args.add(Double.toString(increment));
			}
			// mostly the same worker for a while, as one partition's owner would be
			int worker = (random.nextInt(5) == 0) ? 1 - last : last;
			switches += (worker != last) ? 1 : 0;
			last = worker;
			long before = size(sortedSet);
			workers[worker].add(Map.of(item, pairs));
			this.session.run(PerEventFeatureStore.READ_PER_BATCH.<Long>call(ScriptOutputType.INTEGER,
					new String[] { RedisKeys.coClicked(readPerBatch), RedisKeys.coClickedSortedSet(readPerBatch) },
					args.toArray(String[]::new)));
			this.session.await(this.session.commands()
				.eval(SORTED_SET_VERSION, ScriptOutputType.INTEGER, new String[] { sortedSet },
						args.toArray(String[]::new)));
			evictions += (before == cap && size(sortedSet) == cap) ? 1 : 0;
			// in order, scores to the bit, and the hash as stored
			assertThat(new ArrayList<>(stored(item).entrySet())).as("after call %d", call)
				.containsExactlyElementsOf(referenceList(sortedSet).entrySet());
			assertThat(hash(item)).as("after call %d", call).isEqualTo(hash(readPerBatch));
		}
		assertThat(evictions).as("calls on a full list").isGreaterThan(50);
		assertThat(switches).as("turns of the other worker").isGreaterThan(20);
		assertThat(workers[0].cached() + workers[1].cached()).isPositive();
	}

	@Test
	void aSortedSetOfAnEarlierVersionIsCarriedOverOnTheFirstWrite() {
		String item = "co-" + UUID.randomUUID().toString().substring(0, 8);
		String old = RedisKeys.coClickedSortedSet(item);
		this.session.await(this.session.commands().zadd(old, 1.5, "x"));
		this.session.await(this.session.commands().zadd(old, 0.25, "y"));
		new RedisCoOccurrenceLists(this.session, 100, 10).add(Map.of(item,
				List.of(new RedisCoOccurrenceLists.Pair("y", 1.0), new RedisCoOccurrenceLists.Pair("z", 0.5))));
		Map<String, Double> got = stored(item);
		assertThat(got).containsOnlyKeys("x", "y", "z");
		assertThat(got.get("x")).isEqualTo(1.5);
		assertThat(got.get("y")).isEqualTo(logAddExp(0.25, 1.0));
		assertThat(got.get("z")).isEqualTo(0.5);
		assertThat(this.session.await(this.session.commands().exists(old))).isZero();
	}

	@Test
	void aWriteSentTwiceCountsOnceAndAnOutdatedOneNotAtAll() {
		String item = "co-" + UUID.randomUUID().toString().substring(0, 8);
		String[] keys = { RedisKeys.coClicked(item), RedisKeys.coClickedSortedSet(item),
				RedisKeys.coClickedVersion(item) };
		// version 0 (no list yet): set a, then the same call again (a client's retry)
		List<Object> first = run(keys, "0", "t1", "1", "a", "1.0");
		List<Object> again = run(keys, "0", "t1", "1", "a", "1.0");
		assertThat(first).containsExactly(1L, 1L);
		assertThat(again).containsExactly(1L, 1L);
		// another write from version 0 (a worker whose copy is old) writes nothing and
		// gets
		// the list as stored
		List<Object> outdated = run(keys, "0", "t2", "1", "b", "2.0");
		assertThat(outdated).containsExactly(0L, 1L, "a", "1");
		// from the current version: b set, a removed
		assertThat(run(keys, "1", "t3", "1", "b", "2.0", "a")).containsExactly(1L, 2L);
		assertThat(hash(item)).containsExactly(Map.entry("b", "2"));
	}

	private static double logAddExp(double a, double b) {
		double m = Math.max(a, b);
		return m + Math.log(1 + Math.exp(Math.min(a, b) - m));
	}

	private List<Object> run(String[] keys, String... argv) {
		return this.session.run(SCRIPT.<List<Object>>call(ScriptOutputType.MULTI, keys, argv));
	}

	private Map<String, String> hash(String item) {
		return this.session.await(this.session.commands().hgetall(RedisKeys.coClicked(item)));
	}

	private long size(String zset) {
		return this.session.await(this.session.commands().zcard(zset));
	}

	/** The hash's partners as the readers order them. */
	private Map<String, Double> stored(String item) {
		Map<String, Double> list = new LinkedHashMap<>();
		for (ScoredValue<String> v : RedisFeatureStore
			.strongest(this.session.await(this.session.commands().hgetall(RedisKeys.coClicked(item))), 1000)) {
			list.put(v.getValue(), v.getScore());
		}
		return list;
	}

	/** The sorted set's partners, strongest first, as ZREVRANGE gives them. */
	private Map<String, Double> referenceList(String zset) {
		Map<String, Double> list = new LinkedHashMap<>();
		for (ScoredValue<String> v : this.session.await(this.session.commands().zrevrangeWithScores(zset, 0, -1))) {
			list.put(v.getValue(), v.getScore());
		}
		return list;
	}

}
