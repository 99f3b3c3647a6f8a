package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.Impression;
import dev.kairos.learning.ModelState;
import dev.kairos.learning.ModelStore;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

/**
 * The shared model in Redis. All its keys share the hash tag {@code {model}} (one Cluster
 * slot), so that joining a reward to its impression and adding the observation to the
 * statistics is one atomic script; the schema version of the feature vector is part of
 * the names, so a new layout starts a new model instead of mixing with the old.
 *
 * <pre>
 * kairos:{model}:v1:stats         hash   n, b0..b31, a0..a527 (LinearStatistics packed order)
 * kairos:{model}:v1:version       string incremented by every update
 * kairos:{model}:v1:frozen        string present while learning is frozen
 * kairos:{model}:v1:pending       zset   recommendation id -&gt; end of its attribution window
 * kairos:{model}:v1:imp:REC       hash   item -&gt; "state;x0,...,x31" (state p = no feedback yet), ~policy,
 *                                        ~r:ITEM -&gt; why the item was shown (for the click metrics)
 * kairos:{model}:v1:exp:POLICY    hash   shown, clicked: what each policy served and what was clicked
 * kairos:{model}:v1:last:USER     hash   item -&gt; the latest recommendation that showed it
 * kairos:{model}:v1:snap:VERSION  hash   a saved copy of the statistics
 * kairos:{model}:v1:snaps         zset   saved snapshot versions
 * </pre>
 */
class RedisModelStore implements ModelStore {

	private static final LuaScripts.Script REWARD = LuaScripts.Script.load("model-reward");

	private static final LuaScripts.Script CLOSE = LuaScripts.Script.load("model-close");

	private static final LuaScripts.Script SNAPSHOT = LuaScripts.Script.load("model-snapshot");

	private static final LuaScripts.Script ROLLBACK = LuaScripts.Script.load("model-rollback");

	private static final int D = FeatureVector.DIMENSION;

	/**
	 * The impression hash's field naming the policy that served it (ids cannot contain
	 * '~').
	 */
	private static final String POLICY_FIELD = "~policy";

	/** Prefix of the impression hash's fields naming why each item was shown. */
	private static final String REASON_FIELD = "~r:";

	private final String namespace;

	private final String prefix;

	private final String stats;

	private final String version;

	private final String frozen;

	private final String pending;

	private final String snapshotIndex;

	private final String impression;

	private final String snapshotPrefix;

	private final RedisSession redis;

	private final Clock clock;

	RedisModelStore(RedisSession redis, Clock clock) {
		this(redis, clock, "");
	}

	/**
	 * @param namespace inserted after the schema version in every key, so that several
	 * models (tests, experiments) can share one Redis
	 */
	RedisModelStore(RedisSession redis, Clock clock, String namespace) {
		this.redis = redis;
		this.clock = clock;
		this.namespace = namespace;
		this.prefix = "kairos:{model}:v" + FeatureVector.SCHEMA_VERSION + ":" + namespace;
		this.stats = this.prefix + "stats";
		this.version = this.prefix + "version";
		this.frozen = this.prefix + "frozen";
		this.pending = this.prefix + "pending";
		this.snapshotIndex = this.prefix + "snaps";
		this.impression = this.prefix + "imp:";
		this.snapshotPrefix = this.prefix + "snap:";
	}

	String namespace() {
		return this.namespace;
	}

	private String last(String userId) {
		return this.prefix + "last:" + userId;
	}

	@Override
	public ModelState load() {
		List<Object> answers = this.redis.pipeline(
				(r) -> List.of(cast(r.hgetall(this.stats)), cast(r.get(this.version)), cast(r.exists(this.frozen))));
		@SuppressWarnings("unchecked")
		Map<String, String> fields = (Map<String, String>) answers.get(0);
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
		long version = (answers.get(1) != null) ? Long.parseLong((String) answers.get(1)) : 0;
		return new ModelState(version, LinearStatistics.fromPacked(D, packed), ((Long) answers.get(2)) > 0);
	}

	@Override
	public long version() {
		String version = this.redis.await(this.redis.commands().get(this.version));
		return (version != null) ? Long.parseLong(version) : 0;
	}

	@Override
	public void remember(Impression impression, Duration attributionWindow) {
		String key = this.impression + impression.recommendationId();
		Map<String, String> items = new HashMap<>();
		Map<String, String> latest = new HashMap<>();
		for (Impression.ShownItem item : impression.items()) {
			items.put(item.itemId(), "p;" + csv(item.features()));
			items.put(REASON_FIELD + item.itemId(), item.reason());
			latest.put(item.itemId(), impression.recommendationId());
		}
		if (items.isEmpty()) {
			return;
		}
		items.put(POLICY_FIELD, impression.policy());
		String counts = this.prefix + "exp:" + impression.policy();
		long windowEnd = this.clock.millis() + attributionWindow.toMillis();
		long keep = attributionWindow.plusHours(1).toSeconds();
		this.redis.pipeline((r) -> List.of(cast(r.hset(key, items)), cast(r.expire(key, keep)),
				cast(r.zadd(this.pending, windowEnd, impression.recommendationId())),
				cast(r.hset(last(impression.userId()), latest)),
				cast(r.hincrby(counts, "shown", impression.items().size())),
				cast(r.expire(last(impression.userId()), attributionWindow.toSeconds() + 1))));
	}

	private static String csv(double[] x) {
		StringBuilder text = new StringBuilder(x.length * 8);
		for (int i = 0; i < x.length; i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append((x[i] == 0) ? "0" : Double.toString(x[i]));
		}
		return text.toString();
	}

	@Override
	public boolean reward(String userId, String itemId, String recommendationId, double reward) {
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite: " + reward);
		}
		String recommendation = recommendationId;
		if (recommendation == null) {
			recommendation = this.redis.await(this.redis.commands().hget(last(userId), itemId));
			if (recommendation == null) {
				return false;
			}
		}
		String[] keys = { this.impression + recommendation, this.stats, this.version, this.frozen };
		List<Object> result = this.redis
			.scripts(List.of(REWARD),
					(r) -> List.of(REWARD.<List<Object>>run(r, ScriptOutputType.MULTI, keys, itemId,
							Double.toString(reward), Integer.toString(D), this.prefix + "exp:", REASON_FIELD)))
			.get(0);
		boolean changed = ((Long) result.get(0)) == 1;
		String policy = (String) result.get(1);
		String clickReason = (String) result.get(2);
		if (changed) {
			this.redis.metrics().modelUpdated(policy);
		}
		if (!clickReason.isEmpty()) {
			this.redis.metrics().clicked(policy, clickReason);
		}
		return changed;
	}

	@Override
	public int closeExpired(long nowMillis, int limit) {
		String[] keys = { this.pending, this.stats, this.version, this.frozen };
		List<Object> result = this.redis
			.scripts(List.of(CLOSE), (r) -> List.of(CLOSE.<List<Object>>run(r, ScriptOutputType.MULTI, keys,
					Long.toString(nowMillis), Integer.toString(limit), Integer.toString(D), this.impression)))
			.get(0);
		return ((Long) result.get(0)).intValue();
	}

	@Override
	public PolicyCounts counts(String policy) {
		Map<String, String> counts = this.redis.await(this.redis.commands().hgetall(this.prefix + "exp:" + policy));
		return new PolicyCounts(Long.parseLong(counts.getOrDefault("shown", "0")),
				Long.parseLong(counts.getOrDefault("clicked", "0")));
	}

	@Override
	public void freeze(boolean frozen) {
		if (frozen) {
			this.redis.await(this.redis.commands().set(this.frozen, "1"));
		}
		else {
			this.redis.await(this.redis.commands().del(this.frozen));
		}
	}

	@Override
	public long snapshot() {
		return this.redis
			.scripts(List.of(SNAPSHOT),
					(r) -> List.of(SNAPSHOT.<Long>run(r, ScriptOutputType.INTEGER,
							new String[] { this.stats, this.version, this.snapshotIndex }, this.snapshotPrefix)))
			.get(0);
	}

	@Override
	public List<Long> snapshots() {
		List<String> versions = this.redis.await(this.redis.commands().zrevrange(this.snapshotIndex, 0, -1));
		List<Long> result = new ArrayList<>(versions.size());
		versions.forEach((v) -> result.add(Long.parseLong(v)));
		return result;
	}

	@Override
	public boolean rollback(long snapshotVersion) {
		Long version = this.redis.scripts(List.of(ROLLBACK),
				(r) -> List.of(ROLLBACK.<Long>run(r, ScriptOutputType.INTEGER,
						new String[] { this.stats, this.version, this.snapshotIndex }, this.snapshotPrefix,
						Long.toString(snapshotVersion))))
			.get(0);
		return version >= 0;
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> cast(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

}
