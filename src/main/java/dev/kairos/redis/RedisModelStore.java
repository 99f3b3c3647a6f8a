package dev.kairos.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kairos.core.bandit.ArmStatistics;
import dev.kairos.core.eval.HoldoutGuard;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.GuardCheck;
import dev.kairos.learning.ModelDelta;
import dev.kairos.learning.ModelState;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.PolicySettings;
import dev.kairos.learning.PolicyState;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

/**
 * The shared model in Redis: bounded keys only (no slates: they are logged to Kafka and
 * joined in the worker). All its keys share the hash tag {@code {model}} (one Cluster
 * slot), so that merging a batch's delta with the check of its offset is one atomic
 * script; each worker merges once per partition and batch, so the slot is written a few
 * times a second, not per event. The schema version of the feature vector is part of the
 * names, so a new layout starts a new model instead of mixing with the old.
 *
 * <pre>
 * kairos:{model}:v1:stats         hash   n, b0..b31, a0..a527 (LinearStatistics packed order)
 * kairos:{model}:v1:version       string incremented by every update
 * kairos:{model}:v1:frozen        string present while learning is frozen
 * kairos:{model}:v1:merged        hash   partition of the observations log -&gt; last offset merged
 * kairos:{model}:v1:exp:POLICY    hash   shown, clicked: what each policy served and what was clicked
 * kairos:{model}:v1:snap:VERSION  hash   a saved copy of the statistics
 * kairos:{model}:v1:snaps         zset   saved snapshot versions
 * kairos:{model}:v1:decayed       string time of the last decay or drift reset (ms)
 * kairos:{model}:v1:holdout       list   "reward;x0,...,x31" of held-out items, newest first, capped
 * kairos:{model}:v1:guard         hash   the learning guard's last check
 * kairos:{model}:v1:disc:stats    hash   discounted-linucb's statistics (same fields; own half-life)
 * kairos:{model}:v1:disc:decayed  string time of their last decay (ms)
 * kairos:{model}:v1:win:HOUR      hash   sliding-window-linucb's statistics learned in one hour
 *                                        (epoch hours), expiring after the window
 * kairos:{model}:v1:raw:stats     hash   hybrid-linucb's shared statistics, never decayed
 * kairos:{model}:v1:items         hash   per item ID|n (pulls) and ID|r (reward sum): per-item policies
 * kairos:{model}:v1:itemsums      hash   per item ID|z0..ID|z31: sums of its feature vectors (hybrid)
 * kairos:{model}:v1:meta          hash   w:ALPHA (EXP3 log-weight), shown:ALPHA: the meta-bandit
 * </pre> The policies' own keys are written by the same merge (same offset guard) and
 * only for the policies served. The per-item hashes grow with the catalogue (two fields
 * per item shown, 32 more with hybrid LinUCB), in the one {@code {model}} slot.
 */
class RedisModelStore implements ModelStore {

	private static final LuaScripts.Script MERGE = LuaScripts.Script.load("model-merge");

	private static final LuaScripts.Script SNAPSHOT = LuaScripts.Script.load("model-snapshot");

	private static final LuaScripts.Script ROLLBACK = LuaScripts.Script.load("model-rollback");

	private static final LuaScripts.Script DECAY = LuaScripts.Script.load("model-decay");

	private static final LuaScripts.Script RESET = LuaScripts.Script.load("model-reset");

	/** The most held-out observations kept. */
	static final int HOLDOUT_LENGTH = 5_000;

	private static final int D = FeatureVector.DIMENSION;

	private final String namespace;

	private final String prefix;

	private final String stats;

	private final String version;

	private final String frozen;

	private final String merged;

	private final String snapshotIndex;

	private final String snapshotPrefix;

	private final String decayed;

	private final String holdout;

	private final String guard;

	private final String discounted;

	private final String discountedDecayed;

	private final String raw;

	private final String items;

	private final String itemSums;

	private final String meta;

	private final RedisSession redis;

	RedisModelStore(RedisSession redis) {
		this(redis, "");
	}

	/**
	 * @param namespace inserted after the schema version in every key, so that several
	 * models (tests, experiments) can share one Redis
	 */
	RedisModelStore(RedisSession redis, String namespace) {
		this.redis = redis;
		this.namespace = namespace;
		this.prefix = "kairos:{model}:v" + FeatureVector.SCHEMA_VERSION + ":" + namespace;
		this.stats = this.prefix + "stats";
		this.version = this.prefix + "version";
		this.frozen = this.prefix + "frozen";
		this.merged = this.prefix + "merged";
		this.snapshotIndex = this.prefix + "snaps";
		this.snapshotPrefix = this.prefix + "snap:";
		this.decayed = this.prefix + "decayed";
		this.holdout = this.prefix + "holdout";
		this.guard = this.prefix + "guard";
		this.discounted = this.prefix + "disc:stats";
		this.discountedDecayed = this.prefix + "disc:decayed";
		this.raw = this.prefix + "raw:stats";
		this.items = this.prefix + "items";
		this.itemSums = this.prefix + "itemsums";
		this.meta = this.prefix + "meta";
	}

	private String window(long hour) {
		return this.prefix + "win:" + hour;
	}

	String namespace() {
		return this.namespace;
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
		return LinearStatistics.fromPacked(D, packed(fields));
	}

	private static double[] packed(Map<String, String> fields) {
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
		return packed;
	}

	@Override
	public long version() {
		String version = this.redis.await(this.redis.commands().get(this.version));
		return (version != null) ? Long.parseLong(version) : 0;
	}

	@Override
	public Map<Integer, Long> mergedOffsets(Collection<Integer> partitions) {
		List<Integer> ordered = new ArrayList<>(partitions);
		Map<Integer, Long> offsets = new HashMap<>();
		if (ordered.isEmpty()) {
			return offsets;
		}
		String[] fields = ordered.stream().map(String::valueOf).toArray(String[]::new);
		List<KeyValue<String, String>> values = this.redis.await(this.redis.commands().hmget(this.merged, fields));
		for (int i = 0; i < ordered.size(); i++) {
			KeyValue<String, String> value = values.get(i);
			offsets.put(ordered.get(i), value.hasValue() ? Long.parseLong(value.getValue()) : -1L);
		}
		return offsets;
	}

	/**
	 * One script: the changed statistics (cells that are 0 in the delta are not sent),
	 * the counts per policy and the held-out items.
	 */
	@Override
	public boolean merge(int partition, long after, long last, ModelDelta delta) {
		if (delta.dimension() != D) {
			throw new IllegalArgumentException("a delta of dimension " + delta.dimension() + " for a model of " + D);
		}
		List<String> keys = new ArrayList<>(List.of(this.stats, this.version, this.frozen, this.merged, this.holdout));
		List<String> args = new ArrayList<>(List.of(Integer.toString(partition), Long.toString(after),
				Long.toString(last), Integer.toString(HOLDOUT_LENGTH)));
		List<String> cells = new ArrayList<>();
		if (delta.learns()) {
			double[] packed = delta.packed();
			for (int k = 0; k < packed.length; k++) {
				if (packed[k] != 0) {
					cells.add(field(k));
					cells.add(Double.toString(packed[k]));
				}
			}
		}
		// copies of the statistics: the other linear policies' own sums
		List<String> copies = new ArrayList<>();
		List<String> expiries = new ArrayList<>();
		PolicySettings policies = delta.policies();
		if (policies != null) {
			if (policies.serves("discounted-linucb")) {
				copies.add(this.discounted);
				expiries.add("0");
			}
			if (policies.serves("sliding-window-linucb")) {
				long hour = System.currentTimeMillis() / 3_600_000L;
				copies.add(window(hour));
				expiries.add(Long.toString((policies.windowHours() + 1) * 3_600L));
			}
			if (policies.serves("hybrid-linucb")) {
				copies.add(this.raw);
				expiries.add("0");
			}
		}
		keys.addAll(copies);
		Map<String, Map<String, String>> extras = extras(delta);
		args.add(Integer.toString(cells.size() / 2));
		args.add(Integer.toString(copies.size()));
		args.add(Integer.toString(delta.counts().size()));
		args.add(Integer.toString(extras.size()));
		args.addAll(cells);
		args.addAll(expiries);
		delta.counts().forEach((policy, c) -> {
			keys.add(this.prefix + "exp:" + policy);
			args.add(Long.toString(c[0]));
			args.add(Long.toString(c[1]));
		});
		extras.forEach((key, fields) -> {
			keys.add(key);
			args.add(Integer.toString(fields.size()));
			fields.forEach((field, increment) -> {
				args.add(field);
				args.add(increment);
			});
		});
		for (HoldoutGuard.Observation o : delta.heldOut()) {
			args.add(o.reward() + ";" + csv(o.x()));
		}
		Long merged = this.redis
			.run(MERGE.<Long>call(ScriptOutputType.INTEGER, keys.toArray(String[]::new), args.toArray(String[]::new)));
		return merged == 1;
	}

	/** The policies' own hashes and their increments (non-zero ones only). */
	private Map<String, Map<String, String>> extras(ModelDelta delta) {
		Map<String, Map<String, String>> extras = new java.util.LinkedHashMap<>();
		Map<String, String> items = new java.util.LinkedHashMap<>();
		delta.items().forEach((id, c) -> {
			if (c[0] != 0) {
				items.put(id + "|n", Double.toString(c[0]));
			}
			if (c[1] != 0) {
				items.put(id + "|r", Double.toString(c[1]));
			}
		});
		if (!items.isEmpty()) {
			extras.put(this.items, items);
		}
		Map<String, String> sums = new java.util.LinkedHashMap<>();
		delta.itemFeatureSums().forEach((id, z) -> {
			for (int j = 0; j < z.length; j++) {
				if (z[j] != 0) {
					sums.put(id + "|z" + j, Double.toString(z[j]));
				}
			}
		});
		if (!sums.isEmpty()) {
			extras.put(this.itemSums, sums);
		}
		Map<String, String> meta = new java.util.LinkedHashMap<>();
		delta.meta().forEach((alpha, m) -> {
			if (m[0] != 0) {
				meta.put("shown:" + alpha, Double.toString(m[0]));
			}
			if (m[1] != 0) {
				meta.put("w:" + alpha, Double.toString(m[1]));
			}
		});
		if (!meta.isEmpty()) {
			extras.put(this.meta, meta);
		}
		return extras;
	}

	@Override
	public PolicyState policyState(PolicySettings policies) {
		boolean discounted = policies.serves("discounted-linucb");
		boolean window = policies.serves("sliding-window-linucb");
		boolean hybrid = policies.serves("hybrid-linucb");
		boolean perItem = policies.perItem();
		boolean meta = policies.serves("meta-bandit");
		long hour = System.currentTimeMillis() / 3_600_000L;
		int hours = window ? policies.windowHours() : 0;
		List<Object> answers = this.redis.pipeline((r) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>();
			futures.add(cast(discounted ? r.hgetall(this.discounted) : r.echo("")));
			futures.add(cast(hybrid ? r.hgetall(this.raw) : r.echo("")));
			futures.add(cast(perItem ? r.hgetall(this.items) : r.echo("")));
			futures.add(cast(hybrid ? r.hgetall(this.itemSums) : r.echo("")));
			futures.add(cast(meta ? r.hgetall(this.meta) : r.echo("")));
			for (int h = 0; h < hours; h++) {
				futures.add(cast(r.hgetall(window(hour - h))));
			}
			return futures;
		});
		LinearStatistics windowStatistics = null;
		if (window) {
			// summed as stored, then read: one hour's count may be negative (items shown
			// in the hour before and withdrawn in this one)
			double[] sum = new double[LinearStatistics.packedLength(D)];
			for (int h = 0; h < hours; h++) {
				double[] packed = packed(hash(answers.get(5 + h)));
				for (int k = 0; k < sum.length; k++) {
					sum[k] += packed[k];
				}
			}
			sum[0] = Math.max(0, sum[0]);
			windowStatistics = LinearStatistics.fromPacked(D, sum);
		}
		Map<String, ArmStatistics> arms = new HashMap<>();
		if (perItem) {
			Map<String, double[]> sums = new HashMap<>();
			hash(answers.get(2)).forEach((field, value) -> {
				int sep = field.lastIndexOf('|');
				double[] c = sums.computeIfAbsent(field.substring(0, sep), (k) -> new double[2]);
				c[field.endsWith("|n") ? 0 : 1] = Double.parseDouble(value);
			});
			sums.forEach((id, c) -> {
				long pulls = Math.max(0, Math.round(c[0]));
				double reward = Math.max(0, c[1]);
				arms.put(id, new ArmStatistics(pulls, reward, reward));
			});
		}
		Map<String, double[]> featureSums = new HashMap<>();
		if (hybrid) {
			hash(answers.get(3)).forEach((field, value) -> {
				int sep = field.lastIndexOf("|z");
				featureSums.computeIfAbsent(field.substring(0, sep), (k) -> new double[D])[Integer
					.parseInt(field.substring(sep + 2))] = Double.parseDouble(value);
			});
		}
		Map<String, Double> weights = new HashMap<>();
		Map<String, Long> shown = new HashMap<>();
		if (meta) {
			hash(answers.get(4)).forEach((field, value) -> {
				if (field.startsWith("w:")) {
					weights.put(field.substring(2), Double.parseDouble(value));
				}
				else if (field.startsWith("shown:")) {
					shown.put(field.substring(6), Math.round(Double.parseDouble(value)));
				}
			});
		}
		return new PolicyState(discounted ? statistics(hash(answers.get(0))) : null, windowStatistics,
				hybrid ? statistics(hash(answers.get(1))) : null, arms, featureSums, weights, shown);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> hash(Object answer) {
		return (answer instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
	}

	@Override
	public double decayDiscounted(long nowMillis, Duration halfLife, Duration minInterval) {
		if (halfLife.isNegative() || halfLife.isZero()) {
			throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
		}
		String factor = this.redis.run(DECAY.<String>call(ScriptOutputType.VALUE,
				new String[] { this.discounted, this.version, this.discountedDecayed, this.frozen },
				Long.toString(nowMillis), Long.toString(halfLife.toMillis()), Long.toString(minInterval.toMillis())));
		return Double.parseDouble(factor);
	}

	/** The statistics hash's field of a packed index. */
	private static String field(int k) {
		if (k == 0) {
			return "n";
		}
		return (k <= D) ? "b" + (k - 1) : "a" + (k - 1 - D);
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
		return this.redis.run(SNAPSHOT.<Long>call(ScriptOutputType.INTEGER,
				new String[] { this.stats, this.version, this.snapshotIndex }, this.snapshotPrefix));
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
		Long version = this.redis.run(ROLLBACK.<Long>call(ScriptOutputType.INTEGER,
				new String[] { this.stats, this.version, this.snapshotIndex }, this.snapshotPrefix,
				Long.toString(snapshotVersion)));
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
		String factor = this.redis.run(DECAY.<String>call(ScriptOutputType.VALUE,
				new String[] { this.stats, this.version, this.decayed, this.frozen }, Long.toString(nowMillis),
				Long.toString(halfLife.toMillis()), Long.toString(minInterval.toMillis())));
		return Double.parseDouble(factor);
	}

	@Override
	public boolean reset(long nowMillis) {
		Long deleted = this.redis.run(RESET.<Long>call(ScriptOutputType.INTEGER,
				new String[] { this.stats, this.version, this.decayed, this.frozen }, Long.toString(nowMillis)));
		return deleted >= 0;
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
