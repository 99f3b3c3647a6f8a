package dev.kairos.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.kairos.core.ranking.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter Kairos publishes, declared here and nowhere else; the rest of the code
 * calls one method per thing that happened. Names follow {@code kairos.<noun>.<event>}
 * and are the contract with the Grafana dashboard and the metrics table of
 * docs/metrics.md. Tags take only values from small fixed sets (event types, policies
 * configured, reasons, outcomes, causes): a value outside its set is recorded as
 * {@code other}, so no request can grow the number of series. All meters with known tag
 * values are registered at start, so {@code /actuator/prometheus} lists every series from
 * the first scrape.
 */
public class KairosMetrics {

	public static final String EVENTS_ACCEPTED = "kairos.events.accepted";

	public static final String EVENTS_REJECTED = "kairos.events.rejected";

	public static final String EVENTS_PROCESSED = "kairos.events.processed";

	public static final String CONSUMER_LAG = "kairos.consumer.lag";

	public static final String EVENTS_FRESHNESS = "kairos.events.freshness";

	public static final String EVENTS_DEAD_LETTERED = "kairos.events.dead.lettered";

	public static final String MODEL_UPDATES = "kairos.model.updates";

	public static final String MODEL_VERSION = "kairos.model.version";

	public static final String CO_OCCURRENCE_LIFT = "kairos.ranking.co-occurrence-lift";

	public static final String MODEL_REFRESH_AGE = "kairos.model.refresh.age";

	public static final String RECOMMENDATIONS_ITEMS = "kairos.recommendations.items";

	public static final String RECOMMENDATIONS_CLICKS = "kairos.recommendations.clicks";

	public static final String EXPLORATION_SHARE = "kairos.recommendations.exploration.share";

	/**
	 * The propensity of each served item (the probability its policy had of putting it in
	 * its place), by policy and whether the policy was deterministic.
	 */
	public static final String RECOMMENDATIONS_PROPENSITY = "kairos.recommendations.propensity";

	/** Slates the meta-bandit served, by the exploration strength α it chose. */
	public static final String META_BANDIT_CHOICES = "kairos.policy.meta.choices";

	/** The meta-bandit's current probability of each α of its grid. */
	public static final String META_BANDIT_PROBABILITY = "kairos.policy.meta.probability";

	public static final String COLDSTART_SHARE = "kairos.recommendations.coldstart.share";

	public static final String RECOMMENDATIONS_DEGRADED = "kairos.recommendations.degraded";

	public static final String REDIS_ERRORS = "kairos.redis.errors";

	public static final String KAFKA_ERRORS = "kairos.kafka.errors";

	public static final String IMPRESSIONS_JOINED = "kairos.impressions.joined";

	/** The learning guard's last held-out AUC (NaN before it could judge). */
	public static final String GUARD_AUC = "kairos.model.guard.auc";

	/** The best recent snapshot's held-out AUC at the guard's last check. */
	public static final String GUARD_REFERENCE_AUC = "kairos.model.guard.reference.auc";

	/** How often the learning guard froze learning: alert on any increase. */
	public static final String GUARD_TRIPS = "kairos.model.guard.trips";

	/**
	 * Drift detections on the reward stream, by policy, segment and direction (worker).
	 */
	public static final String DRIFT_DETECTIONS = "kairos.drift.detections";

	/** The segments drift is watched in. */
	public static final Set<String> DRIFT_SEGMENTS = Set.of("new-user", "established-user");

	/** Which way the reward stream moved. */
	public static final Set<String> DRIFT_DIRECTIONS = Set.of("up", "down");

	/** Why {@code POST /events} refused a request. */
	public static final Set<String> REJECTION_REASONS = Set.of("invalid", "malformed", "too-large", "unavailable");

	/** What the worker made of an event. */
	public static final Set<String> PROCESSING_OUTCOMES = Set.of("applied", "duplicate", "replayed");

	/**
	 * Why a recommendation could not be served normally (today the only cause: the
	 * feature store was unreachable, answered 503).
	 */
	public static final Set<String> DEGRADATION_CAUSES = Set.of("store-unavailable");

	/** Which kind of Redis call failed. */
	public static final Set<String> REDIS_OPERATIONS = Set.of("command", "pipeline", "script");

	/**
	 * Whether the worker found the slate an impression event came from (its exposure
	 * counts as the slate recorded it) or not (it counts at the prior rate).
	 */
	public static final Set<String> SLATE_JOINS = Set.of("found", "missing");

	/** Which side of Kafka failed. */
	public static final Set<String> KAFKA_OPERATIONS = Set.of("produce", "consume");

	static final String OTHER = "other";

	/**
	 * The freshness histogram's buckets, from the event's acceptance to its Redis write.
	 */
	private static final Duration[] FRESHNESS_SLOS = { Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(30) };

	private final MeterRegistry registry;

	private final Set<String> eventTypes;

	private final Set<String> policies;

	private final Set<String> reasons;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, DistributionSummary> propensities = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

	private final Timer freshness;

	private final Counter deadLettered;

	/** The guard's last AUCs: the model's, the reference's. */
	private final double[] guard = { Double.NaN, Double.NaN };

	private final Counter guardTrips;

	private final RecentShare exploration;

	private final RecentShare coldStart;

	/**
	 * @param registry where the meters go
	 * @param eventTypes the event types' wire names
	 * @param policies the policies that may serve (others are tagged {@code other})
	 * @param nowMillis the clock of the recent-window shares
	 */
	public KairosMetrics(MeterRegistry registry, Collection<String> eventTypes, Collection<String> policies,
			LongSupplier nowMillis) {
		this.registry = registry;
		this.eventTypes = Set.copyOf(eventTypes);
		this.policies = Set.copyOf(policies);
		this.reasons = new TreeSet<>();
		for (Reason reason : Reason.values()) {
			this.reasons.add(reason.wireName());
		}
		this.exploration = new RecentShare(60, nowMillis);
		this.coldStart = new RecentShare(60, nowMillis);
		this.freshness = Timer.builder(EVENTS_FRESHNESS)
			.description("Time from an event's acceptance by POST /events to its write to the feature store")
			.serviceLevelObjectives(FRESHNESS_SLOS)
			.register(registry);
		this.deadLettered = Counter.builder(EVENTS_DEAD_LETTERED)
			.description("Event records sent to the dead-letter topic")
			.register(registry);
		this.guardTrips = Counter.builder(GUARD_TRIPS)
			.description("Times the learning guard froze learning (held-out AUC fell below a snapshot's)")
			.register(registry);
		Gauge.builder(GUARD_AUC, this.guard, (g) -> g[0])
			.description("Held-out AUC of the current model at the guard's last check")
			.register(registry);
		Gauge.builder(GUARD_REFERENCE_AUC, this.guard, (g) -> g[1])
			.description("Held-out AUC of the best recent snapshot at the guard's last check")
			.register(registry);
		Gauge.builder(EXPLORATION_SHARE, this.exploration, RecentShare::share)
			.description("Share of the items served in the last minute whose reason is explore")
			.register(registry);
		Gauge.builder(COLDSTART_SHARE, this.coldStart, RecentShare::share)
			.description("Share of the recommendation requests in the last minute from users with no history")
			.register(registry);
		this.eventTypes.forEach((type) -> counter(EVENTS_ACCEPTED, "type", type));
		REJECTION_REASONS.forEach((reason) -> counter(EVENTS_REJECTED, "reason", reason));
		PROCESSING_OUTCOMES.forEach((outcome) -> counter(EVENTS_PROCESSED, "outcome", outcome));
		DEGRADATION_CAUSES.forEach((cause) -> counter(RECOMMENDATIONS_DEGRADED, "cause", cause));
		REDIS_OPERATIONS.forEach((operation) -> counter(REDIS_ERRORS, "operation", operation));
		KAFKA_OPERATIONS.forEach((operation) -> counter(KAFKA_ERRORS, "operation", operation));
		SLATE_JOINS.forEach((slate) -> counter(IMPRESSIONS_JOINED, "slate", slate));
		for (String policy : this.policies) {
			counter(MODEL_UPDATES, "policy", policy);
			for (String segment : DRIFT_SEGMENTS) {
				for (String direction : DRIFT_DIRECTIONS) {
					driftCounter(policy, segment, direction);
				}
			}
			for (String reason : this.reasons) {
				counter2(RECOMMENDATIONS_ITEMS, policy, reason);
				counter2(RECOMMENDATIONS_CLICKS, policy, reason);
			}
		}
	}

	/**
	 * Events acknowledged by the event log, by type ({@code POST /events} answered 202).
	 */
	public void accepted(String type, int count) {
		counter(EVENTS_ACCEPTED, "type", bounded(type, this.eventTypes)).increment(count);
	}

	/** A {@code POST /events} refused: invalid, malformed, too-large or unavailable. */
	public void rejected(String reason) {
		counter(EVENTS_REJECTED, "reason", bounded(reason, REJECTION_REASONS)).increment();
	}

	/** Events the worker read from the log: applied, duplicate or replayed. */
	public void processed(String outcome, int count) {
		counter(EVENTS_PROCESSED, "outcome", bounded(outcome, PROCESSING_OUTCOMES)).increment(count);
	}

	/** An event reached the feature store: records the time since it was accepted. */
	public void fresh(long acceptedAtMillis, long writtenAtMillis) {
		this.freshness.record(Math.max(0, writtenAtMillis - acceptedAtMillis), TimeUnit.MILLISECONDS);
	}

	/**
	 * The worker's lag in records, summed over the partitions it holds (a group's lag is
	 * the sum over its members).
	 */
	public void consumerLag(String group, long records) {
		this.lag.computeIfAbsent(group, (g) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder(CONSUMER_LAG, value, AtomicLong::get)
				.description("Records of the events topic not yet read by this worker, summed over its partitions")
				.tag("group", g)
				.register(this.registry);
			return value;
		}).set(records);
	}

	/**
	 * A lag read when scraped, for a consumer this class does not poll (the slate join's
	 * Kafka Streams threads): records not yet read, summed over the partitions it holds.
	 */
	public void consumerLag(String group, java.util.function.LongSupplier records) {
		// held strongly: nothing else keeps the supplier alive
		Gauge.builder(CONSUMER_LAG, records, (r) -> r.getAsLong())
			.strongReference(true)
			.description("Records of the input topics not yet read by this worker, summed over its partitions")
			.tag("group", group)
			.register(this.registry);
	}

	/** A record was sent to the dead-letter topic. */
	public void deadLettered() {
		this.deadLettered.increment();
	}

	/**
	 * The learning guard checked the model.
	 * @param auc the model's held-out AUC (NaN if there was too little data)
	 * @param referenceAuc the reference snapshot's
	 * @param froze whether the check froze learning
	 */
	public void guardChecked(double auc, double referenceAuc, boolean froze) {
		synchronized (this.guard) {
			this.guard[0] = auc;
			this.guard[1] = referenceAuc;
		}
		if (froze) {
			this.guardTrips.increment();
		}
	}

	/** Feedback changed the shared model (a reward applied), by the serving policy. */
	public void modelUpdated(String policy) {
		modelUpdated(policy, 1);
	}

	/**
	 * Observations changed the shared model (items shown, rewards raised, unseen items
	 * withdrawn), by the serving policy.
	 */
	public void modelUpdated(String policy, long observations) {
		counter(MODEL_UPDATES, "policy", bounded(policy, this.policies)).increment(observations);
	}

	/**
	 * Publishes the serving model's version and the seconds since serving last reloaded
	 * it.
	 * @param version the version being served
	 * @param loadedAtMillis when it was loaded (epoch millis), 0 if never
	 * @param nowMillis the clock
	 */
	public void servingModel(LongSupplier version, LongSupplier loadedAtMillis, LongSupplier nowMillis) {
		Gauge.builder(MODEL_VERSION, version, (v) -> (double) v.getAsLong())
			.description("Version of the model serving uses")
			.strongReference(true)
			.register(this.registry);
		Gauge.builder(MODEL_REFRESH_AGE, loadedAtMillis, (loaded) -> {
			long at = loaded.getAsLong();
			return (at == 0) ? Double.NaN : (nowMillis.getAsLong() - at) / 1000.0;
		})
			.description("Seconds since serving last reloaded the model")
			.baseUnit("seconds")
			.strongReference(true)
			.register(this.registry);
	}

	/**
	 * Publishes the co-occurrence lift's weight that serving ranks with (learned from the
	 * served items' rewards, or fixed).
	 */
	public void coOccurrenceLift(java.util.function.DoubleSupplier weight) {
		Gauge.builder(CO_OCCURRENCE_LIFT, weight, java.util.function.DoubleSupplier::getAsDouble)
			.description("Weight w of the co-occurrence lift 1 + w·affinity that serving ranks with")
			.strongReference(true)
			.register(this.registry);
	}

	/**
	 * A slate was served.
	 * @param policy the policy that ranked it
	 * @param reasons each item's reason, in slate order
	 * @param coldStart whether the user had no history
	 */
	public void served(String policy, List<String> reasons, boolean coldStart) {
		String p = bounded(policy, this.policies);
		long explored = 0;
		for (String reason : reasons) {
			String r = bounded(reason, this.reasons);
			counter2(RECOMMENDATIONS_ITEMS, p, r).increment();
			if (Reason.EXPLORE.wireName().equals(r)) {
				explored++;
			}
		}
		this.exploration.record(explored, reasons.size());
		this.coldStart.record(coldStart ? 1 : 0, 1);
	}

	/**
	 * The propensities of a served slate's items.
	 * @param policy the policy that chose it
	 * @param deterministic whether it chose without randomness
	 * @param propensities per place
	 */
	public void propensities(String policy, boolean deterministic, double[] propensities) {
		String p = bounded(policy, this.policies);
		DistributionSummary summary = this.propensities.computeIfAbsent(p + '|' + deterministic,
				(k) -> DistributionSummary.builder(RECOMMENDATIONS_PROPENSITY)
					.description("Propensity of each served item: the probability its policy had of putting it "
							+ "in its place")
					.tag("policy", p)
					.tag("deterministic", Boolean.toString(deterministic))
					.serviceLevelObjectives(0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0)
					.register(this.registry));
		for (double propensity : propensities) {
			summary.record(propensity);
		}
	}

	/**
	 * The meta-bandit served a slate with one α of its grid.
	 * @param alpha the α's grid key (one of a configured, bounded grid)
	 */
	public void metaBanditChose(String alpha) {
		counter(META_BANDIT_CHOICES, "alpha", alpha).increment();
	}

	/**
	 * Registers the gauges of the meta-bandit's probability of each α of its grid.
	 * @param probabilities reads the current probability of an α key
	 */
	public void metaBandit(List<String> alphas, java.util.function.ToDoubleFunction<String> probabilities) {
		for (String alpha : alphas) {
			Gauge.builder(META_BANDIT_PROBABILITY, () -> probabilities.applyAsDouble(alpha))
				.description("The meta-bandit's current probability of choosing this exploration strength")
				.tag("alpha", alpha)
				.register(this.registry);
			counter(META_BANDIT_CHOICES, "alpha", alpha);
		}
	}

	/** A shown item got its first positive feedback. */
	public void clicked(String policy, String reason) {
		counter2(RECOMMENDATIONS_CLICKS, bounded(policy, this.policies), bounded(reason, this.reasons)).increment();
	}

	/** A recommendation could not be served normally: store-unavailable. */
	public void degraded(String cause) {
		counter(RECOMMENDATIONS_DEGRADED, "cause", bounded(cause, DEGRADATION_CAUSES)).increment();
	}

	/** A Redis call failed or timed out: command, pipeline or script. */
	public void redisError(String operation) {
		counter(REDIS_ERRORS, "operation", bounded(operation, REDIS_OPERATIONS)).increment();
	}

	/**
	 * Impression events joined to their slates: found, or missing (no slate named or
	 * latest for the user and item, or its attribution window closed).
	 */
	public void impressionsJoined(int found, int missing) {
		counter(IMPRESSIONS_JOINED, "slate", "found").increment(found);
		counter(IMPRESSIONS_JOINED, "slate", "missing").increment(missing);
	}

	/**
	 * Drift was detected on the reward stream of a policy and segment.
	 * @param direction {@code up} or {@code down}
	 */
	public void driftDetected(String policy, String segment, String direction) {
		driftCounter(bounded(policy, this.policies), bounded(segment, DRIFT_SEGMENTS),
				bounded(direction, DRIFT_DIRECTIONS))
			.increment();
	}

	private Counter driftCounter(String policy, String segment, String direction) {
		return this.counters.computeIfAbsent(DRIFT_DETECTIONS + '|' + policy + '|' + segment + '|' + direction,
				(k) -> Counter.builder(DRIFT_DETECTIONS)
					.description("Drift detections on the reward stream, by policy, segment and direction")
					.tag("policy", policy)
					.tag("segment", segment)
					.tag("direction", direction)
					.register(this.registry));
	}

	/** A Kafka send or a record's processing failed: produce or consume. */
	public void kafkaError(String operation) {
		counter(KAFKA_ERRORS, "operation", bounded(operation, KAFKA_OPERATIONS)).increment();
	}

	private static String bounded(String value, Set<String> allowed) {
		return (value != null && allowed.contains(value)) ? value : OTHER;
	}

	private Counter counter(String name, String tag, String value) {
		return this.counters.computeIfAbsent(name + '|' + value,
				(k) -> Counter.builder(name).description(description(name)).tag(tag, value).register(this.registry));
	}

	private Counter counter2(String name, String policy, String reason) {
		return this.counters.computeIfAbsent(name + '|' + policy + '|' + reason,
				(k) -> Counter.builder(name)
					.description(description(name))
					.tag("policy", policy)
					.tag("reason", reason)
					.register(this.registry));
	}

	private static String description(String name) {
		return switch (name) {
			case EVENTS_ACCEPTED -> "Events acknowledged by Kafka and answered 202, by type";
			case EVENTS_REJECTED -> "POST /events requests refused, by reason";
			case EVENTS_PROCESSED -> "Events the worker read, by outcome";
			case MODEL_UPDATES -> "Rewards applied to the shared model, by the policy that served the slate";
			case RECOMMENDATIONS_ITEMS -> "Items served, by policy and reason";
			case RECOMMENDATIONS_CLICKS -> "Served items with positive feedback, by policy and reason";
			case RECOMMENDATIONS_DEGRADED -> "Recommendation requests that could not be served normally, by cause";
			case REDIS_ERRORS -> "Failed or timed-out Redis calls, by operation";
			case KAFKA_ERRORS -> "Failed Kafka sends and record processing attempts, by operation";
			case IMPRESSIONS_JOINED ->
				"Impression events the worker joined to the slate that showed them, or could not";
			case META_BANDIT_CHOICES -> "Slates the meta-bandit served, by the exploration strength it chose";
			default -> null;
		};
	}

}
