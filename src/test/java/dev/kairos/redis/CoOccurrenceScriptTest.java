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
 * The co-occurrence lists' script ({@code co-occurrence.lua}: a hash read once and
 * written once per call) keeps exactly the lists the sorted-set version kept (one
 * {@code ZSCORE}/{@code ZADD} per pair, below as it was), on a real Redis: the same
 * partners, the same log-sums to the bit, the same order for the readers, through
 * Space-Saving evictions with ties; and a list an earlier version left as a sorted set is
 * carried over on the first write.
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
	void theHashKeepsWhatTheSortedSetKeptPairAfterPair() {
		String item = "co-" + UUID.randomUUID().toString().substring(0, 8);
		String reference = RedisKeys.item(item) + ":reference";
		SplittableRandom random = new SplittableRandom(11);
		// partners whose names tie in prefixes and lengths, increments from a few values
		// so that log-sums tie, and a cap that forces evictions
		String[] names = { "p1", "p10", "p2", "p100", "q", "p", "é", "e", "p11", "p3", "z9", "a", "ab", "b" };
		double[] increments = { Math.log(1), Math.log(1), Math.log(3), Math.log(0.5), 2.5 };
		int cap = 6;
		int evictions = 0;
		for (int call = 0; call < 150; call++) {
			List<String> args = new ArrayList<>();
			args.add(Integer.toString(cap));
			int pairs = 1 + random.nextInt(12);
			for (int p = 0; p < pairs; p++) {
				args.add(names[random.nextInt(names.length)]);
				args.add(Double.toString(increments[random.nextInt(increments.length)] + call * 0.001));
			}
			String[] argv = args.toArray(String[]::new);
			long before = size(reference);
			run(new String[] { RedisKeys.coClicked(item), RedisKeys.coClickedSortedSet(item) }, argv);
			this.session.await(this.session.commands()
				.eval(SORTED_SET_VERSION, ScriptOutputType.INTEGER, new String[] { reference }, argv));
			evictions += (before == cap && size(reference) == cap) ? 1 : 0;
			// in order, scores to the bit
			assertThat(new ArrayList<>(stored(item).entrySet())).as("after call %d", call)
				.containsExactlyElementsOf(referenceList(reference).entrySet());
		}
		assertThat(evictions).as("calls on a full list").isGreaterThan(50);
	}

	@Test
	void aSortedSetOfAnEarlierVersionIsCarriedOverOnTheFirstWrite() {
		String item = "co-" + UUID.randomUUID().toString().substring(0, 8);
		String old = RedisKeys.coClickedSortedSet(item);
		this.session.await(this.session.commands().zadd(old, 1.5, "x"));
		this.session.await(this.session.commands().zadd(old, 0.25, "y"));
		run(new String[] { RedisKeys.coClicked(item), old }, "100", "y", "1.0", "z", "0.5");
		Map<String, Double> got = stored(item);
		assertThat(got).containsOnlyKeys("x", "y", "z");
		assertThat(got.get("x")).isEqualTo(1.5);
		assertThat(got.get("y")).isEqualTo(logAddExp(0.25, 1.0));
		assertThat(got.get("z")).isEqualTo(0.5);
		assertThat(this.session.await(this.session.commands().exists(old))).isZero();
	}

	private static double logAddExp(double a, double b) {
		double m = Math.max(a, b);
		return m + Math.log(1 + Math.exp(Math.min(a, b) - m));
	}

	private void run(String[] keys, String... argv) {
		this.session.scripts(List.of(SCRIPT), (r) -> List.of(SCRIPT.run(r, ScriptOutputType.INTEGER, keys, argv)));
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
