package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import dev.kairos.core.eval.HoldoutGuard;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.events.InteractionEvent;
import dev.kairos.features.ImpressionExposures;
import dev.kairos.learning.GuardCheck;
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
 *                                        ~holdout (present: a held-out slate, kept out of the model)
 *                                        ~r:ITEM -&gt; why the item was shown (for the click metrics)
 * kairos:{model}:v1:exp:POLICY    hash   shown, clicked: what each policy served and what was clicked
 * kairos:{model}:v1:last:USER     hash   item -&gt; the latest recommendation that showed it
 * kairos:{model}:v1:snap:VERSION  hash   a saved copy of the statistics
 * kairos:{model}:v1:snaps         zset   saved snapshot versions
 * kairos:{model}:v1:decayed       string time of the last decay (ms)
 * kairos:{model}:v1:holdout       list   "reward;x0,...,x31" of held-out items, newest first, capped
 * kairos:{model}:v1:guard         hash   the learning guard's last check
 * </pre>
 */
class RedisModelStore implements ModelStore, ImpressionExposures {

	private static final LuaScripts.Script REWARD = LuaScripts.Script.load("model-reward");

	private static final LuaScripts.Script CLOSE = LuaScripts.Script.load("model-close");

	private static final LuaScripts.Script SNAPSHOT = LuaScripts.Script.load("model-snapshot");

	private static final LuaScripts.Script ROLLBACK = LuaScripts.Script.load("model-rollback");

	private static final LuaScripts.Script DECAY = LuaScripts.Script.load("model-decay");

	/** The most held-out observations kept. */
	static final int HOLDOUT_LENGTH = 5_000;

	private static final String HOLDOUT_FIELD = "~holdout";

	private static final int D = FeatureVector.DIMENSION;

	/**
	 * The impression hash's field naming the policy that served it (ids cannot contain
	 * '~').
	 */
	private static final String POLICY_FIELD = "~policy";

	/** Prefix of the impression hash's fields naming why each item was shown. */
	private static final String REASON_FIELD = "~r:";

	/**
	 * Prefix of the impression hash's fields holding each item's exposure,
	 * "discount,item,user".
	 */
	private static final String EXPOSURE_FIELD = "~e:";

	private final String namespace;

	private final String prefix;

	private final String stats;

	private final String version;

	private final String frozen;

	private final String pending;

	private final String snapshotIndex;

	private final String impression;

	private final String snapshotPrefix;

	private final String decayed;

	private final String holdout;

	private final String guard;

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
		this.decayed = this.prefix + "decayed";
		this.holdout = this.prefix + "holdout";
		this.guard = this.prefix + "guard";
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
		long version = (answers.get(1) != null) ? Long.parseLong((String) answers.get(1)) : 0;
		return new ModelState(version, statistics(fields), ((Long) answers.get(2)) > 0);
	}

	private static LinearStatistics statistics(Map<String, String> fields) {
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
			if (item.exposure() != null) {
				Exposure e = item.exposure();
				items.put(EXPOSURE_FIELD + item.itemId(), e.discount() + "," + e.item() + "," + e.user());
			}
			latest.put(item.itemId(), impression.recommendationId());
		}
		if (items.isEmpty()) {
			return;
		}
		items.put(POLICY_FIELD, impression.policy());
		if (impression.holdout()) {
			items.put(HOLDOUT_FIELD, "1");
		}
		String counts = this.prefix + "exp:" + impression.policy();
		long windowEnd = this.clock.millis() + attributionWindow.toMillis();
		long keep = attributionWindow.plusHours(1).toSeconds();
		this.redis.pipeline((r) -> List.of(cast(r.hset(key, items)), cast(r.expire(key, keep)),
				cast(r.zadd(this.pending, windowEnd, impression.recommendationId())),
				cast(r.hset(last(impression.userId()), latest)),
				cast(r.hincrby(counts, "shown", impression.items().size())),
				cast(r.expire(last(impression.userId()), attributionWindow.toSeconds() + 1))));
	}

	/**
	 * The slate each (user, item) answers: the one named, else the user's latest slate
	 * that showed the item (one pipelined round trip, if any names none); {@code null}
	 * where there is none.
	 */
	private String[] slates(int n, IntFunction<String> user, IntFunction<String> item, IntFunction<String> named) {
		String[] recommendations = new String[n];
		List<Integer> unnamed = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			recommendations[i] = named.apply(i);
			if (recommendations[i] == null) {
				unnamed.add(i);
			}
		}
		if (!unnamed.isEmpty()) {
			List<String> latest = this.redis.pipeline((r) -> {
				List<RedisFuture<String>> futures = new ArrayList<>(unnamed.size());
				for (int i : unnamed) {
					futures.add(r.hget(last(user.apply(i)), item.apply(i)));
				}
				return futures;
			});
			for (int u = 0; u < unnamed.size(); u++) {
				recommendations[unnamed.get(u)] = latest.get(u);
			}
		}
		return recommendations;
	}

	/** The indices whose slate was found. */
	private static List<Integer> found(String[] recommendations) {
		List<Integer> found = new ArrayList<>();
		for (int i = 0; i < recommendations.length; i++) {
			if (recommendations[i] != null) {
				found.add(i);
			}
		}
		return found;
	}

	/**
	 * Two pipelined round trips: the latest slates of the impressions that name none,
	 * then the exposures.
	 */
	@Override
	public List<Exposure> of(List<InteractionEvent> impressions) {
		String[] recommendations = slates(impressions.size(), (i) -> impressions.get(i).userId(),
				(i) -> impressions.get(i).itemId(), (i) -> impressions.get(i).recommendationId());
		List<Integer> joined = found(recommendations);
		List<Exposure> exposures = new ArrayList<>(Collections.nCopies(impressions.size(), (Exposure) null));
		if (joined.isEmpty()) {
			this.redis.metrics().impressionsJoined(0, impressions.size());
			return exposures;
		}
		List<String> stored = this.redis.pipeline((r) -> {
			List<RedisFuture<String>> futures = new ArrayList<>(joined.size());
			for (int i : joined) {
				futures.add(r.hget(this.impression + recommendations[i], EXPOSURE_FIELD + impressions.get(i).itemId()));
			}
			return futures;
		});
		int found = 0;
		for (int j = 0; j < joined.size(); j++) {
			String value = stored.get(j);
			if (value != null) {
				found++;
				String[] parts = value.split(",");
				exposures.set(joined.get(j), new Exposure(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
						Double.parseDouble(parts[2])));
			}
		}
		this.redis.metrics().impressionsJoined(found, impressions.size() - found);
		return exposures;
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
		return credited(result);
	}

	/**
	 * The batch in two pipelined round trips: the latest slates of the feedback that
	 * names none, then the scripts, in the batch's order (all keys share {@code {model}},
	 * so they run on one node in the order sent).
	 */
	@Override
	public List<Boolean> rewards(List<Feedback> feedback) {
		for (Feedback f : feedback) {
			if (!Double.isFinite(f.reward())) {
				throw new IllegalArgumentException("reward must be finite: " + f.reward());
			}
		}
		String[] recommendations = slates(feedback.size(), (i) -> feedback.get(i).userId(),
				(i) -> feedback.get(i).itemId(), (i) -> feedback.get(i).recommendationId());
		List<Integer> joined = found(recommendations);
		List<Boolean> changed = new ArrayList<>(Collections.nCopies(feedback.size(), false));
		if (joined.isEmpty()) {
			return changed;
		}
		List<List<Object>> results = this.redis.scripts(List.of(REWARD), (r) -> {
			List<RedisFuture<List<Object>>> futures = new ArrayList<>(joined.size());
			for (int i : joined) {
				Feedback f = feedback.get(i);
				String[] keys = { this.impression + recommendations[i], this.stats, this.version, this.frozen };
				futures.add(REWARD.run(r, ScriptOutputType.MULTI, keys, f.itemId(), Double.toString(f.reward()),
						Integer.toString(D), this.prefix + "exp:", REASON_FIELD));
			}
			return futures;
		});
		for (int j = 0; j < joined.size(); j++) {
			changed.set(joined.get(j), credited(results.get(j)));
		}
		return changed;
	}

	/** Counts a reward script's result in the metrics; whether the model changed. */
	private boolean credited(List<Object> result) {
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
		String[] keys = { this.pending, this.stats, this.version, this.frozen, this.holdout };
		List<Object> result = this.redis.scripts(List.of(CLOSE),
				(r) -> List.of(CLOSE.<List<Object>>run(r, ScriptOutputType.MULTI, keys, Long.toString(nowMillis),
						Integer.toString(limit), Integer.toString(D), this.impression,
						Integer.toString(HOLDOUT_LENGTH))))
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

	@Override
	public Optional<LinearStatistics> snapshotStatistics(long snapshotVersion) {
		Map<String, String> fields = this.redis
			.await(this.redis.commands().hgetall(this.snapshotPrefix + snapshotVersion));
		return fields.isEmpty() ? Optional.empty() : Optional.of(statistics(fields));
	}

	@Override
	public double decay(long nowMillis, Duration halfLife, Duration minInterval) {
		if (halfLife.isNegative() || halfLife.isZero()) {
			throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
		}
		String factor = this.redis.scripts(List.of(DECAY),
				(r) -> List.of(DECAY.<String>run(r, ScriptOutputType.VALUE,
						new String[] { this.stats, this.version, this.decayed, this.frozen }, Long.toString(nowMillis),
						Long.toString(halfLife.toMillis()), Long.toString(minInterval.toMillis()))))
			.get(0);
		return Double.parseDouble(factor);
	}

	@Override
	public List<HoldoutGuard.Observation> heldOut(int limit) {
		List<String> entries = this.redis.await(this.redis.commands().lrange(this.holdout, 0, limit - 1));
		List<HoldoutGuard.Observation> observations = new ArrayList<>(entries.size());
		for (String entry : entries) {
			int sep = entry.indexOf(';');
			String[] cells = entry.substring(sep + 1).split(",");
			if (cells.length != D) {
				continue;
			}
			double[] x = new double[D];
			for (int i = 0; i < D; i++) {
				x[i] = Double.parseDouble(cells[i]);
			}
			observations.add(new HoldoutGuard.Observation(x, Double.parseDouble(entry.substring(0, sep))));
		}
		return observations;
	}

	@Override
	public void guardCheck(GuardCheck check) {
		HoldoutGuard.Verdict v = check.verdict();
		Map<String, String> fields = new HashMap<>();
		fields.put("checkedAt", check.checkedAt().toString());
		fields.put("modelVersion", Long.toString(check.modelVersion()));
		fields.put("referenceVersion", Long.toString(check.referenceVersion()));
		fields.put("observations", Integer.toString(v.observations()));
		fields.put("positives", Integer.toString(v.positives()));
		fields.put("auc", Double.toString(v.auc()));
		fields.put("referenceAuc", Double.toString(v.referenceAuc()));
		fields.put("tripped", Boolean.toString(v.tripped()));
		fields.put("froze", Boolean.toString(check.froze()));
		this.redis.await(this.redis.commands().hset(this.guard, fields));
	}

	@Override
	public Optional<GuardCheck> guardCheck() {
		Map<String, String> f = this.redis.await(this.redis.commands().hgetall(this.guard));
		if (f.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new GuardCheck(Instant.parse(f.get("checkedAt")), Long.parseLong(f.get("modelVersion")),
				Long.parseLong(f.get("referenceVersion")),
				new HoldoutGuard.Verdict(Integer.parseInt(f.get("observations")), Integer.parseInt(f.get("positives")),
						Double.parseDouble(f.get("auc")), Double.parseDouble(f.get("referenceAuc")),
						Boolean.parseBoolean(f.get("tripped"))),
				Boolean.parseBoolean(f.get("froze"))));
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> cast(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

}
