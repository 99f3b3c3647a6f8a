package dev.kairos.bench.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.kairos.config.KairosConfiguration;
import dev.kairos.config.EmbeddingProperties;
import dev.kairos.config.KairosProperties;
import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.interestclock.GlobalClockMasses;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.ItemCatalogue;
import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.ExposureConstraints;
import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.RepeatConsumption;
import dev.kairos.core.ranking.ServingPolicy;
import dev.kairos.core.ranking.SlateRanker.RankedItem;
import dev.kairos.core.ranking.TopK;
import dev.kairos.core.ranking.UserState;
import dev.kairos.core.bandit.ArmStatistics;
import dev.kairos.core.bandit.ServedMetaBandit;
import dev.kairos.core.drift.DriftResponse;
import dev.kairos.core.drift.RewardStreams;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.features.FeatureSettings;
import dev.kairos.learning.DriftWatch;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.PolicySettings;
import dev.kairos.learning.PolicyState;
import dev.kairos.learning.ServingModel;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * "kairos-sandbox": the service's request path in memory. The real {@link Recommender}
 * (candidates, signals, feature vectors, {@code SlateRanker}) with the settings the
 * service builds from its properties ({@link KairosConfiguration}, the defaults unless
 * overridden), over a {@link CandidateSource} and {@link UserState}s kept here as the
 * worker keeps them in Redis: per item its counts, exposure, decayed popularity and
 * trend, and its co-occurrence list (the user's latest positive items of the last 24
 * hours, forward-decayed, 100 partners by Space-Saving); per user the counts, decayed
 * category interests, recent items, the newest consumed and skipped items (as many of
 * each as {@code kairos.features.consumed-items}, as the store caps them), the Interest
 * Clock and the lift's clicks and exposures per category × block of hours; the global
 * clock and the population's clicks and exposure; the ranked lists (popular, trending,
 * new, least shown, overall and per category) recomputed from the items as the serving
 * snapshot does. The policy is {@code kairos.ranking.policy} (LinUCB by default), built
 * as serving builds it ({@link ServingModel#policy}) from the ridge statistics of every
 * served item (reward 0 at serve time, raised by the first feedback, as the worker's
 * slate join learns) and from the policies' own state kept as the worker keeps it: per
 * item its pulls, rewards and (hybrid LinUCB) feature sums, the discounted copy (decayed
 * by the world's time, every minute of it, with {@code discounted-half-life}), the
 * sliding window's sums per hour of the world's time, the meta-bandit's log-weights
 * credited for the α that served each slate. The service's worker decays and windows by
 * its own clock; here the world's time stands for it (in a fast simulation over HTTP the
 * worker's clock hardly moves). Propensities are not estimated (no Monte Carlo draws):
 * nothing here reads them. The exposure constraints of {@code kairos.fairness.*} apply as
 * when serving; with {@code kairos.fairness.item-attribute} set, every item has that
 * attribute with one of {@value #PROVIDERS} values, {@code p0}…, the categories dealt out
 * to them in the order they first appear (a provider owns every {@value #PROVIDERS}th
 * category), and the learner counts its slots per value and for new items
 * ({@link #shares()}).
 *
 * <p>
 * Exposures are counted as the service counts them: each served item's (the item's, the
 * user's for its category and block, the population's, with its place, lift and rate) at
 * serve time; when the event time passes the slate's time plus the attribution window,
 * those of the items of a slate whose client reported impressions, but not of them, are
 * taken back. The {@code Recommender} is told each slate served, as the service tells it,
 * and counts the exposure the lists do not show yet ({@code PendingExposures}). An
 * impression the client reports counts as an impression (the item's and the user's
 * impression counts, the Interest Clock's small negative) and, of no slate served here,
 * adds the exposure of the top place at the prior rate. So a client that posts only
 * clicks teaches the rates and the lift what the user passed over, but not the impression
 * counts (the least-shown lists) or the clock. Feedback names its slate by recommendation
 * id, or is joined to the user's latest open slate that showed the item (the replays'
 * events name none), as the worker's slate join does. Each served item's expectation and
 * affinity, and the rewards on it, add up to the population's {@link AffinityLift} (the
 * learned co-occurrence lift), taken back with the item's exposure.
 *
 * <p>
 * What it leaves out: Kafka, Redis and HTTP; the {@code similar-to} features'
 * co-occurrence log-sums ({@link CandidateSource#coOccurrences} is left at its default,
 * none: with them small-popular falls just below the ε-greedy counts, 0.554 against
 * 0.556, and the fast test's bar fails; for the lead to decide); the snapshot's and the
 * model's refresh delays (the lists, the items' counts and the global clock are rebuilt
 * every {@link #REFRESH_SLATES} slates, 20 unless the system property
 * {@code kairos.sandbox.refresh} says otherwise, the model as often: over HTTP the delay
 * in slates is the request rate times the pipeline's lag, and with a slate of one it
 * decided the result until the ranking counted its own serves, {@code PendingExposures});
 * the model's hold-out; the request's optional category and exclusions. Deterministic for
 * a seed.
 *
 * <p>
 * Time, as the worker treats it, in the world's time: at each rebuild the shared model's
 * statistics (A and b, not the count of rewards) decay with
 * {@code kairos.learning.decay-half-life}, and the reward stream since the last rebuild
 * (per policy and segment: impressions at serve time, first positives as they come) is
 * fed to the worker's drift detector ({@code core.drift.RewardStreams}, the settings of
 * {@code kairos.learning.drift.*}), whose detections get the worker's response
 * ({@code core.drift.DriftResponse}: a shorter half-life for a while, or the evidence
 * forgotten). The worker decays by its own clock, in which a simulated run over HTTP
 * lasts minutes; here the world's days pass. {@link #driftLog()} and
 * {@link #driftDetections()} say what the detector was fed and found.
 *
 * <p>
 * With {@code embeddings.enabled=true} it trains the two-tower model as the worker's
 * {@code TowerLearning} does: a {@link TowerTrainer} built from the same
 * {@code kairos.embeddings.*} properties, every item registered with its category (what a
 * client's {@code PUT /items} gives it here) when added, each served slate's items made
 * the user's shown items, clicks and purchases learned as positives against them, views
 * joining the recent items, skips learned as negatives; its snapshot is taken when the
 * lists are rebuilt (the worker publishes every {@code publish-interval}) and read by the
 * {@code Recommender} for retrieval and the {@code two-tower} feature. The trainer keeps
 * no neural-linear layer: the sandbox's policy is LinUCB, which does not read it.
 */
final class SandboxLearner implements Learner {

	/** Slates between two rebuilds of the lists, the global clock and the model. */
	static final int REFRESH_SLATES = Integer.getInteger("kairos.sandbox.refresh", 20);

	/**
	 * With how many of the user's latest positive items a positive item pairs: 10, as the
	 * worker, unless the system property {@code kairos.sandbox.co-partners} says
	 * otherwise (for a diagnosis).
	 */
	static final int CO_PARTNERS = Integer.getInteger("kairos.sandbox.co-partners", 10);

	/**
	 * How far back a positive item pairs with the user's latest ones: 24 hours, as the
	 * worker, unless the system property {@code kairos.sandbox.co-window-hours} says
	 * otherwise (for a diagnosis: on Online Retail a window of 100,000 hours gives the
	 * same figure with the defaults, and a lower one with the learned lift and 10 seeds).
	 */
	static final long CO_WINDOW_MILLIS = Long.getLong("kairos.sandbox.co-window-hours", 24) * 3_600_000L;

	static final int CO_CAP = 100;

	/** How many values the sandbox's item attribute has. */
	static final int PROVIDERS = 4;

	private final String name;

	private final FeatureSettings features;

	private final Recommender recommender;

	private final LearningSettings learning;

	private final int listLength;

	private final SplittableRandom random;

	private final GlobalClockMasses globalMasses;

	private final Map<String, MutableItem> items = new LinkedHashMap<>();

	private final Map<String, MutableUser> users = new HashMap<>();

	private final Map<String, Double> globalClock = new HashMap<>();

	private final Map<String, Map<String, Double>> coOccurrence = new HashMap<>();

	private final Map<String, Served> served = new LinkedHashMap<>();

	private final int dimension = FeatureVector.DIMENSION;

	private final double[] a = new double[this.dimension * this.dimension];

	private final double[] b = new double[this.dimension];

	private long observations;

	private long populationClicks;

	/** The population's consumptions and repeats, as the worker counts them. */
	private RepeatConsumption.Counts repeatCounts = RepeatConsumption.Counts.NONE;

	private double populationExposure;

	private AffinityLift affinityLift = AffinityLift.NONE;

	/** The latest open slate that showed the item to the user, by user and item. */
	private final Map<String, String> latestSlates = new HashMap<>();

	private long slates;

	private Source source;

	private RidgePosterior posterior;

	/** The two-tower trainer, or {@code null} with embeddings off. */
	private final TowerTrainer towers;

	/** The towers' snapshot served, or {@code null}. */
	private TowerSnapshot towerSnapshot;

	private final PolicySettings policies;

	private final String policyName;

	private ServingPolicy policy;

	/**
	 * Per item: pulls (shown less withdrawn) and reward sum, for the per-item policies.
	 */
	private final Map<String, double[]> arms = new HashMap<>();

	/** Per item: the sum of its feature vectors (hybrid LinUCB). */
	private final Map<String, double[]> featureSums = new HashMap<>();

	/**
	 * Hybrid LinUCB's shared statistics, A, b and n packed, never decayed nor reset (the
	 * worker's {@code raw:stats}): its per-item feature sums are never decayed either,
	 * and a decayed A less their outer products need not be positive definite.
	 */
	private final double[] undecayed = new double[this.dimension * this.dimension + this.dimension + 1];

	/** Discounted LinUCB's copy: A, b and n packed, and when it was last decayed. */
	private final double[] discounted = new double[this.dimension * this.dimension + this.dimension + 1];

	private long discountedAt = Long.MIN_VALUE;

	/** Sliding-window LinUCB's sums per hour of the world's time (A, b, n packed). */
	private final TreeMap<Long, double[]> window = new TreeMap<>();

	private final Map<String, Double> metaLogWeights = new HashMap<>();

	private final Map<String, Long> metaShown = new HashMap<>();

	private final ExposureConstraints constraints;

	/** The audited item attribute, or empty. */
	private final String attribute;

	private final Map<String, Integer> categoryOrder = new HashMap<>();

	/** Slots served: all, of new items, per value of the attribute. */
	private long slots;

	private long newSlots;

	private final Map<String, Long> valueSlots = new TreeMap<>();

	/** The model's half-life ({@code kairos.learning.decay-half-life}; zero: none). */
	private final java.time.Duration decayHalfLife;

	/** The event time of the model's last decay. */
	private long decayedAt = Long.MIN_VALUE;

	/** The worker's drift detector: its streams and its response. */
	private final RewardStreams driftStreams;

	/** The last slate's whole decision, for {@link ReplayDiagnosis}. */
	private Recommender.Slate lastSlate;

	private long lastAt;

	private final DriftResponse driftResponse;

	/**
	 * The reward stream since the last model rebuild, per stream (policy and segment):
	 * impressions, first positives, and (as doubles) the policy's expected rewards of the
	 * impressions.
	 */
	private final Map<String, double[]> driftBatch = new TreeMap<>();

	private final List<DriftBatch> driftLog = new ArrayList<>();

	private final List<DriftDetection> driftDetections = new ArrayList<>();

	/**
	 * A batch of one reward stream as the detector was fed it.
	 *
	 * @param slate the slates served when it was fed
	 * @param stream the stream (policy and segment)
	 * @param impressions impressions served since the last batch
	 * @param positives first positives since the last batch
	 * @param expected the sum of the policy's expected rewards of the impressions
	 */
	record DriftBatch(long slate, String stream, long impressions, long positives, double expected) {
	}

	/**
	 * A detection.
	 *
	 * @param slate the slates served when it was detected
	 * @param change what changed
	 */
	record DriftDetection(long slate, RewardStreams.Change change) {
	}

	SandboxLearner(long seed) {
		this("kairos-sandbox", seed, Map.of());
	}

	/**
	 * @param overrides properties under {@code kairos.} to set (e.g.
	 * {@code ranking.item-exploration=0.5}), for trying a setting in process
	 */
	SandboxLearner(String name, long seed, Map<String, String> overrides) {
		this.name = name;
		Map<String, String> properties = new HashMap<>();
		overrides.forEach((k, v) -> properties.put("kairos." + k, v));
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		KairosProperties p = binder.bindOrCreate("kairos", KairosProperties.class);
		EmbeddingProperties e = binder.bindOrCreate("kairos.embeddings", EmbeddingProperties.class);
		this.towers = e.enabled()
				? new TowerTrainer(new TwoTowerModel(e.modelParameters()), e.maxUsers(), e.shownPerUser()) : null;
		KairosConfiguration configuration = new KairosConfiguration();
		this.features = configuration.featureSettings(p);
		this.recommender = configuration.recommender(configuration.slateRanker(p), this.features, p);
		this.learning = configuration.learningSettings(p);
		this.listLength = p.recommendations().candidatesPerSource();
		this.random = new SplittableRandom(seed + 1);
		InterestClockParameters c = this.features.clock();
		this.globalMasses = new GlobalClockMasses(
				new InterestClockParameters(c.sigmaHours(), c.halfLife(), 1, 1, 4096));
		this.posterior = RidgePosterior.empty(this.dimension, this.learning.lambda());
		this.policies = configuration.policySettings(p);
		this.policyName = p.ranking().policy();
		this.policy = ServingModel.policy(this.policyName, this.posterior, PolicyState.EMPTY, this.policies);
		this.constraints = configuration.exposureConstraints(p);
		this.attribute = p.fairness().itemAttribute().strip();
		this.decayHalfLife = p.learning().decayHalfLife();
		DriftWatch.Settings drift = configuration.driftSettings(p);
		this.driftStreams = new RewardStreams(drift.sensitivity());
		this.driftResponse = new DriftResponse(drift.responseSettings());
	}

	/** The last slate's whole decision (every candidate's signals and terms). */
	Recommender.Slate lastSlate() {
		return this.lastSlate;
	}

	/** The last slate's time. */
	long lastAt() {
		return this.lastAt;
	}

	/** The candidate source the last slate was ranked from. */
	CandidateSource lastSource() {
		return this.source;
	}

	/** The user's recent items, most recent first, as their state reads them. */
	List<String> userRecentItems(String userId) {
		MutableUser user = this.users.get(userId);
		return (user != null) ? user.state().recentItems() : List.of();
	}

	/** An item's co-occurrence partners and their decayed log-sums (none: empty). */
	Map<String, Double> partnerLogSums(String itemId) {
		return this.coOccurrence.getOrDefault(itemId, Map.of());
	}

	/** The decay of popularity and co-occurrence. */
	ForwardDecay popularityDecay() {
		return this.features.popularity();
	}

	/** The service's recommender this learner serves with. */
	Recommender recommender() {
		return this.recommender;
	}

	/** The batches the drift detector was fed, in order. */
	List<DriftBatch> driftLog() {
		return this.driftLog;
	}

	/** The drift detector's detections, in order. */
	List<DriftDetection> driftDetections() {
		return this.driftDetections;
	}

	/**
	 * The shares of the slots served: {@code new} (new items, as the ranking reads them)
	 * and {@code <attribute>=<value>} per value of the audited attribute.
	 */
	Map<String, Double> shares() {
		Map<String, Double> shares = new java.util.LinkedHashMap<>();
		shares.put(ExposureConstraints.NEW_ITEMS, (this.slots > 0) ? (double) this.newSlots / this.slots : 0);
		this.valueSlots.forEach((value, n) -> shares.put(this.attribute + '=' + value, (double) n / this.slots));
		return shares;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void addItems(List<Item> added) {
		for (Item item : added) {
			this.categoryOrder.putIfAbsent(item.category(), this.categoryOrder.size());
			ItemDescription description = this.attribute.isEmpty() ? ItemDescription.EMPTY
					: new ItemDescription(List.of(), Map.of(),
							Map.of(this.attribute, "p" + this.categoryOrder.get(item.category()) % PROVIDERS));
			this.items.putIfAbsent(item.itemId(), new MutableItem(item.itemId(), item.category(),
					(item.createdAt() != null) ? item.createdAt().toEpochMilli() : Long.MIN_VALUE, description));
			if (this.towers != null && !this.towers.knows(item.itemId())) {
				this.towers.register(item.itemId(), item.category(), List.of(), Map.of(), Map.of());
			}
		}
		this.source = null;
	}

	// ---------------------------------------------------------------- serving

	@Override
	public Slate recommend(Request request) {
		long at = request.at().toEpochMilli();
		closeSlates(at);
		if (this.source == null || this.slates % REFRESH_SLATES == 0) {
			if (this.towers != null) {
				this.towerSnapshot = this.towers.snapshot(this.slates, (itemId) -> true);
			}
			this.source = new Source(at);
			watchDrift(at);
			decay(at);
			LinearStatistics shared = LinearStatistics.of(this.dimension, this.a, this.b, this.observations);
			this.posterior = RidgePosterior.of(shared, this.learning.lambda());
			this.policy = ServingModel.policy(this.policyName, this.posterior, policyState(shared, at), this.policies);
		}
		MutableUser user = this.users.get(request.userId());
		UserState state = (user != null) ? user.state() : unknown();
		Recommender.Slate slate = this.recommender.recommend(
				new Recommender.Request(request.count(), at,
						InterestClock.hourOfDay(request.at(), this.features.zone()), null, Set.of()),
				state, this.source, this.policy, this.random, 0, this.constraints);
		this.recommender.served(slate.items(), this.source);
		this.lastSlate = slate;
		this.lastAt = at;
		String id = this.name + "-" + (++this.slates);
		Served s = new Served(request.userId(), at, new LinkedHashMap<>(), new HashSet<>(), slate.variant());
		double base = this.source.baseRate();
		for (int p = 0; p < slate.items().size(); p++) {
			RankedItem r = slate.items().get(p);
			this.slots++;
			this.newSlots += slate.candidates().get(r.index()).isNew() ? 1 : 0;
			String value = slate.candidates().get(r.index()).description().strings().get(this.attribute);
			if (value != null) {
				this.valueSlots.merge(value, 1L, Long::sum);
			}
			Exposure exposure = Exposure.of(p, base, r.lift(), r.itemRate(), slate.affinity(r.index()));
			double[] x = slate.features()[r.index()];
			String stream = this.policyName + '|' + DriftWatch.segment(r.reason().wireName());
			s.items().put(r.itemId(), new ShownItem(exposure, x, stream));
			this.latestSlates.put(slateKey(request.userId(), r.itemId()), id);
			this.affinityLift = this.affinityLift.plus(exposure.affinityLift(1));
			double[] streamBatch = this.driftBatch.computeIfAbsent(stream, (k) -> new double[3]);
			streamBatch[0]++;
			streamBatch[2] += r.expectedReward();
			// the served item counts at once: its exposures, and a model observation of
			// reward 0
			exposure(request.userId(), r.itemId(), at, exposure, 1);
			observe(r.itemId(), x, 0, 1, at, s.variant());
		}
		this.served.put(id, s);
		if (this.towers != null) {
			this.towers.served(request.userId(), List.copyOf(s.items().keySet()));
		}
		return new Slate(id, List.copyOf(s.items().keySet()));
	}

	private static String slateKey(String userId, String itemId) {
		return userId + '\u0000' + itemId;
	}

	private static UserState unknown() {
		return new UserState(false, 0, 0, 0, Map.of(), List.of(), Set.of(), null, Map.of(), Map.of());
	}

	/**
	 * Closes the slates whose attribution window ended by {@code now}: withdraws the
	 * served items a client that reported impressions of the slate did not report.
	 */
	private void closeSlates(long now) {
		long window = this.learning.attributionWindow().toMillis();
		var it = this.served.entrySet().iterator();
		while (it.hasNext()) {
			Map.Entry<String, Served> entry = it.next();
			Served s = entry.getValue();
			if (s.at() + window > now) {
				break;
			}
			for (String itemId : s.items().keySet()) {
				this.latestSlates.remove(slateKey(s.userId(), itemId), entry.getKey());
			}
			if (!s.reported().isEmpty()) {
				s.items().forEach((itemId, shown) -> {
					if (!s.reported().contains(itemId)) {
						exposure(s.userId(), itemId, s.at(), shown.exposure(), -1);
						this.affinityLift = this.affinityLift.plus(shown.exposure().affinityLift(-1));
						observe(itemId, shown.x(), 0, -1, now, s.variant());
					}
				});
			}
			it.remove();
		}
	}

	/**
	 * An observation, as the worker merges it: into the shared statistics and the served
	 * policy's own state.
	 */
	private void observe(String itemId, double[] x, double reward, int sign, long at, String variant) {
		int d = this.dimension;
		for (int i = 0; i < d; i++) {
			if (sign != 0) {
				for (int j = 0; j < d; j++) {
					this.a[i * d + j] += sign * x[i] * x[j];
				}
			}
			this.b[i] += reward * x[i];
		}
		this.observations += sign;
		if (this.policies.perItem()) {
			double[] arm = this.arms.computeIfAbsent(itemId, (k) -> new double[2]);
			arm[0] += sign;
			arm[1] += reward;
			if (sign != 0 && this.policies.serves("hybrid-linucb")) {
				double[] sum = this.featureSums.computeIfAbsent(itemId, (k) -> new double[d]);
				for (int i = 0; i < d; i++) {
					sum[i] += sign * x[i];
				}
			}
		}
		if (this.policies.serves("hybrid-linucb")) {
			addPacked(this.undecayed, x, reward, sign);
		}
		if (this.policies.serves("discounted-linucb")) {
			decayDiscounted(at);
			addPacked(this.discounted, x, reward, sign);
		}
		if (this.policies.serves("sliding-window-linucb")) {
			addPacked(this.window.computeIfAbsent(Math.floorDiv(at, 3_600_000L), (h) -> new double[d * d + d + 1]), x,
					reward, sign);
		}
		if (this.policies.serves("meta-bandit")) {
			ServedMetaBandit.Choice choice = ServedMetaBandit.parse(variant);
			if (choice != null) {
				this.metaShown.merge(choice.alphaKey(), (long) sign, Long::sum);
				if (reward > 0) {
					this.metaLogWeights.merge(choice.alphaKey(), ServedMetaBandit.credit(reward, choice.probability(),
							this.policies.metaGamma(), this.policies.metaAlphas().size()), Double::sum);
				}
			}
		}
	}

	private void addPacked(double[] packed, double[] x, double reward, int sign) {
		int d = this.dimension;
		for (int i = 0; i < d; i++) {
			if (sign != 0) {
				for (int j = 0; j < d; j++) {
					packed[i * d + j] += sign * x[i] * x[j];
				}
			}
			packed[d * d + i] += reward * x[i];
		}
		packed[d * d + d] += sign;
	}

	/**
	 * Feeds the reward stream since the last rebuild to the drift detector, as the worker
	 * feeds it each merged batch, and responds to its detections as the worker does:
	 * faster decay from now ({@link DriftResponse}), or the model's evidence forgotten.
	 */
	private void watchDrift(long at) {
		boolean reset = false;
		for (Map.Entry<String, double[]> e : this.driftBatch.entrySet()) {
			double[] counts = e.getValue();
			this.driftLog.add(new DriftBatch(this.slates, e.getKey(), (long) counts[0], (long) counts[1], counts[2]));
			for (RewardStreams.Change change : this.driftStreams.add(e.getKey(), (long) counts[0], (long) counts[1])) {
				this.driftDetections.add(new DriftDetection(this.slates, change));
				reset |= this.driftResponse.detected(at);
			}
		}
		this.driftBatch.clear();
		if (reset) {
			// as the worker's reset (model-reset.lua): A and b to zero, the count of
			// rewards kept, the decay's clock restarted
			scale(0);
			this.decayedAt = at;
		}
	}

	/**
	 * The worker's periodic decay of the shared model (A and b, not the count of
	 * rewards), by the world's time, with the half-life the drift response gives now.
	 */
	private void decay(long at) {
		if (this.decayedAt == Long.MIN_VALUE) {
			this.decayedAt = at;
			return;
		}
		double factor = DriftResponse.factor(at - this.decayedAt, this.driftResponse.halfLife(at, this.decayHalfLife));
		this.decayedAt = at;
		if (factor != 1) {
			scale(factor);
		}
	}

	private void scale(double factor) {
		for (int i = 0; i < this.a.length; i++) {
			this.a[i] *= factor;
		}
		for (int i = 0; i < this.b.length; i++) {
			this.b[i] *= factor;
		}
	}

	/** Discounted LinUCB's decay, by whole minutes of the world's time. */
	private void decayDiscounted(long at) {
		if (this.discountedAt == Long.MIN_VALUE) {
			this.discountedAt = at;
			return;
		}
		long minutes = (at - this.discountedAt) / 60_000L;
		if (minutes <= 0) {
			return;
		}
		double factor = Math.pow(0.5, minutes * 60_000.0 / this.policies.discountedHalfLife().toMillis());
		for (int i = 0; i < this.discounted.length; i++) {
			this.discounted[i] *= factor;
		}
		this.discountedAt += minutes * 60_000L;
	}

	/** The policies' own state as serving reads it, at {@code at}. */
	private PolicyState policyState(LinearStatistics shared, long at) {
		int d = this.dimension;
		LinearStatistics discountedStatistics = null;
		if (this.policies.serves("discounted-linucb")) {
			decayDiscounted(at);
			discountedStatistics = unpack(this.discounted);
		}
		LinearStatistics windowStatistics = null;
		if (this.policies.serves("sliding-window-linucb")) {
			long hour = Math.floorDiv(at, 3_600_000L);
			this.window.headMap(hour - this.policies.windowHours() + 1).clear();
			double[] sum = new double[d * d + d + 1];
			for (double[] h : this.window.values()) {
				for (int i = 0; i < sum.length; i++) {
					sum[i] += h[i];
				}
			}
			windowStatistics = unpack(sum);
		}
		Map<String, ArmStatistics> items = new HashMap<>();
		this.arms.forEach((id, arm) -> items.put(id,
				new ArmStatistics(Math.max(0, Math.round(arm[0])), Math.max(0, arm[1]), Math.max(0, arm[1]))));
		Map<String, double[]> sums = new HashMap<>();
		this.featureSums.forEach((id, sum) -> sums.put(id, sum.clone()));
		LinearStatistics undecayedStatistics = this.policies.serves("hybrid-linucb") ? unpack(this.undecayed) : shared;
		return new PolicyState(discountedStatistics, windowStatistics, undecayedStatistics, items, sums,
				Map.copyOf(this.metaLogWeights), Map.copyOf(this.metaShown));
	}

	private LinearStatistics unpack(double[] packed) {
		int d = this.dimension;
		double[] a = java.util.Arrays.copyOfRange(packed, 0, d * d);
		double[] b = java.util.Arrays.copyOfRange(packed, d * d, d * d + d);
		return LinearStatistics.of(d, a, b, Math.max(0, Math.round(packed[d * d + d])));
	}

	// ---------------------------------------------------------------- feedback

	@Override
	public void observe(List<Event> events) {
		for (Event event : events) {
			// as the worker's slate join: by the recommendation id, else the user's
			// latest
			// open slate that showed the item
			String slateId = (event.recommendationId() != null) ? event.recommendationId()
					: this.latestSlates.get(slateKey(event.userId(), event.itemId()));
			Served slate = (slateId != null) ? this.served.get(slateId) : null;
			ShownItem shown = (slate != null) ? slate.items().get(event.itemId()) : null;
			long ts = event.timestamp().toEpochMilli();
			if (event.type() == EventType.IMPRESSION) {
				if (shown != null) {
					// its exposure was counted when served
					slate.reported().add(event.itemId());
				}
				else {
					double prior = this.features.ctr().priorRate();
					exposure(event.userId(), event.itemId(), ts, Exposure.of(0, prior, 1, prior), 1);
				}
				impression(event.userId(), event.itemId(), ts);
				if (this.towers != null) {
					this.towers.impression(event.userId(), event.itemId());
				}
				continue;
			}
			if (shown != null) {
				Double reward = this.learning.reward(dev.kairos.events.EventType.valueOf(event.type().name()));
				if (reward != null && reward > shown.reward) {
					if (reward > 0 && shown.reward <= 0) {
						// a first positive, as the slate join marks it for the detector
						this.driftBatch.computeIfAbsent(shown.stream, (k) -> new double[3])[1]++;
					}
					observe(event.itemId(), shown.x(), reward - shown.reward, 0, ts, slate.variant());
					this.affinityLift = this.affinityLift.reward(reward - shown.reward, shown.exposure().affinity());
					shown.reward = reward;
				}
			}
			apply(event.userId(), event.itemId(), event.type(), ts);
			train(event, ts);
		}
	}

	/** What the worker's {@code TowerLearning} does with an event. */
	private void train(Event event, long ts) {
		if (this.towers == null) {
			return;
		}
		switch (event.type()) {
			case CLICK, PURCHASE -> this.towers.positive(event.userId(), event.itemId(), hour(ts));
			case VIEW -> this.towers.viewed(event.userId(), event.itemId());
			case SKIP -> this.towers.skipped(event.userId(), event.itemId(), hour(ts));
			default -> {
			}
		}
	}

	/**
	 * What a showing adds to the item's, the user's and the population's exposures
	 * ({@code sign} −1 takes it back), counted from the slate log by the worker.
	 */
	private void exposure(String userId, String itemId, long ts, Exposure exposure, int sign) {
		MutableItem item = this.items.get(itemId);
		if (item == null) {
			return;
		}
		MutableUser user = user(userId);
		item.exposure += sign * exposure.item();
		user.clockExposures.merge(item.category + ":" + UserState.hourBlock(hour(ts)), sign * exposure.user(),
				Double::sum);
		this.populationExposure += sign * exposure.discount();
	}

	/** A client's impression event: counted for user and item, and in the clock. */
	private void impression(String userId, String itemId, long ts) {
		MutableItem item = this.items.get(itemId);
		MutableUser user = user(userId);
		user.known = true;
		user.impressions++;
		if (item == null) {
			return;
		}
		item.impressions++;
		clock(user, item.category, hour(ts), this.features.clockReward(dev.kairos.events.EventType.IMPRESSION), ts);
	}

	/** A view, click, purchase or skip, as the worker applies it. */
	private void apply(String userId, String itemId, EventType type, long ts) {
		MutableItem item = this.items.get(itemId);
		MutableUser user = user(userId);
		user.known = true;
		dev.kairos.events.EventType wire = dev.kairos.events.EventType.valueOf(type.name());
		double weight = this.features.weight(wire);
		user.events++;
		if (type == EventType.CLICK) {
			user.clicks++;
			this.populationClicks++;
		}
		if (type.consumes()) {
			// the worker's count (user-events.lua): a repeat if consumed at another time
			RepeatConsumption.Counts counted = RepeatConsumption.Counts.of(user.consumed.get(itemId), ts);
			user.repeatCounts = user.repeatCounts.plus(counted);
			this.repeatCounts = this.repeatCounts.plus(counted);
			user.consumed.merge(itemId, ts, Math::max);
		}
		if (type == EventType.SKIP) {
			user.skipped.merge(itemId, ts, Math::max);
		}
		if (item == null) {
			return;
		}
		double hour = hour(ts);
		if (type.consumes()) {
			user.blockClicks.merge(item.category + ":" + UserState.hourBlock(hour), 1L, Long::sum);
			item.clicks += (type == EventType.CLICK) ? 1 : 0;
		}
		clock(user, item.category, hour, this.features.clockReward(wire), ts);
		if (weight > 0) {
			user.interests.merge(item.category, this.features.interest().add(ForwardDecay.EMPTY, weight, ts),
					ForwardDecay::merge);
			user.recent.merge(itemId, ts, Math::max);
			item.popularity = this.features.popularity().add(item.popularity, weight, ts);
			item.trending = this.features.trending().add(item.trending, weight, ts);
			coOccur(user, itemId, weight, ts);
		}
	}

	private void coOccur(MutableUser user, String itemId, double weight, long ts) {
		double increment = this.features.popularity().add(ForwardDecay.EMPTY, weight, ts);
		List<Map.Entry<String, Long>> latest = TopK.of(
				user.recent.entrySet()
					.stream()
					.filter((e) -> e.getValue() <= ts && e.getValue() >= ts - CO_WINDOW_MILLIS)
					.toList(),
				CO_PARTNERS, Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
					.thenComparing(Map.Entry.comparingByKey()));
		for (Map.Entry<String, Long> partner : latest) {
			if (!partner.getKey().equals(itemId)) {
				addPartner(itemId, partner.getKey(), increment);
				addPartner(partner.getKey(), itemId, increment);
			}
		}
	}

	private void addPartner(String item, String partner, double increment) {
		Map<String, Double> list = this.coOccurrence.computeIfAbsent(item, (k) -> new HashMap<>());
		Double current = list.get(partner);
		if (current != null) {
			list.put(partner, ForwardDecay.merge(current, increment));
		}
		else if (list.size() < CO_CAP) {
			list.put(partner, increment);
		}
		else {
			Map.Entry<String, Double> weakest = list.entrySet()
				.stream()
				.min(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
				.orElseThrow();
			list.remove(weakest.getKey());
			list.put(partner, ForwardDecay.merge(weakest.getValue(), increment));
		}
	}

	private void clock(MutableUser user, String category, double hour, double reward, long ts) {
		if (reward == 0) {
			return;
		}
		user.clock.update(category, hour, reward, Math.max(user.clock.lastUpdateMillis(), ts));
		this.globalClock.merge(GlobalClockMasses.field(category, hour), this.globalMasses.mass(reward, ts),
				Double::sum);
	}

	private double hour(long ts) {
		return InterestClock.hourOfDay(Instant.ofEpochMilli(ts), this.features.zone());
	}

	private MutableUser user(String userId) {
		return this.users.computeIfAbsent(userId, (u) -> new MutableUser(new InterestClock(this.features.clock())));
	}

	// ---------------------------------------------------------------- state

	private static final class MutableItem {

		final String itemId;

		final String category;

		final long createdAt;

		long clicks;

		long impressions;

		double exposure;

		double popularity = ForwardDecay.EMPTY;

		double trending = ForwardDecay.EMPTY;

		final ItemDescription description;

		MutableItem(String itemId, String category, long createdAt, ItemDescription description) {
			this.itemId = itemId;
			this.category = category;
			this.createdAt = createdAt;
			this.description = description;
		}

		CatalogueItem snapshot() {
			return new CatalogueItem(this.itemId, this.category, this.createdAt, this.clicks,
					Math.max(0, this.impressions), Math.max(0, this.exposure), this.popularity, this.trending,
					this.description);
		}

	}

	private final class MutableUser {

		boolean known;

		long events;

		long clicks;

		long impressions;

		final Map<String, Double> interests = new HashMap<>();

		final Map<String, Long> recent = new HashMap<>();

		/**
		 * Clicked or bought items, with their latest time (the store keeps the newest).
		 */
		final Map<String, Long> consumed = new HashMap<>();

		/** Skipped items, with their latest time (kept as the consumed ones). */
		final Map<String, Long> skipped = new HashMap<>();

		final InterestClock clock;

		final Map<String, Long> blockClicks = new HashMap<>();

		final Map<String, Double> clockExposures = new HashMap<>();

		RepeatConsumption.Counts repeatCounts = RepeatConsumption.Counts.NONE;

		MutableUser(InterestClock clock) {
			this.clock = clock;
		}

		Set<String> consumedItems() {
			Set<String> items = new HashSet<>();
			newest(this.consumed, items);
			return Set.copyOf(newest(this.skipped, items));
		}

		UserState state() {
			List<String> recentFirst = TopK
				.of(this.recent.entrySet(), SandboxLearner.this.features.recentItems(),
						Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
							.thenComparing(Map.Entry.comparingByKey()))
				.stream()
				.map(Map.Entry::getKey)
				.toList();
			Map<String, Double> exposures = new HashMap<>();
			this.clockExposures.forEach((k, v) -> exposures.put(k, Math.max(0, v)));
			// the newest clicked or bought items, most recent first, less the skipped
			// ones, as the store reads them
			Set<String> skippedNow = newest(this.skipped, new HashSet<>());
			List<String> consumedFirst = TopK
				.of(this.consumed.entrySet(), SandboxLearner.this.features.consumedItems(),
						Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
							.thenComparing(Map.Entry.comparingByKey()))
				.stream()
				.map(Map.Entry::getKey)
				.filter((id) -> !skippedNow.contains(id))
				.toList();
			return new UserState(this.known, this.events + Math.max(0, this.impressions), this.clicks,
					Math.max(0, this.impressions), Map.copyOf(this.interests), recentFirst, consumedItems(), this.clock,
					Map.copyOf(this.blockClicks), exposures, consumedFirst, this.repeatCounts);
		}

	}

	/**
	 * The newest clicked or bought items and the newest skipped ones, as many of each as
	 * the store keeps ({@code kairos.features.consumed-items}): an item bought before the
	 * newest of a heavy buyer's purchases is no longer excluded, as in the service.
	 */
	private Set<String> newest(Map<String, Long> items, Set<String> into) {
		into.addAll(TopK
			.of(items.entrySet(), this.features.consumedItems(),
					Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
						.thenComparing(Map.Entry.comparingByKey()))
			.stream()
			.map(Map.Entry::getKey)
			.toList());
		return into;
	}

	/** A served slate: per item its exposure, features and reward so far. */
	private record Served(String userId, long at, Map<String, ShownItem> items, Set<String> reported, String variant) {
	}

	private static final class ShownItem {

		final Exposure exposure;

		final double[] x;

		/** The drift detector's stream it belongs to. */
		final String stream;

		double reward;

		ShownItem(Exposure exposure, double[] x, String stream) {
			this.exposure = exposure;
			this.x = x;
			this.stream = stream;
		}

		Exposure exposure() {
			return this.exposure;
		}

		double[] x() {
			return this.x;
		}

	}

	/** The shared state as the serving snapshot holds it, as of one time. */
	private final class Source implements CandidateSource {

		private final ItemCatalogue catalogue;

		private final InterestClock clock;

		private final ClockIntensity intensity;

		private final double baseRate;

		private final AffinityLift lift = SandboxLearner.this.affinityLift;

		private final RepeatConsumption.Counts repeats = SandboxLearner.this.repeatCounts;

		Source(long at) {
			ItemCatalogue.Builder builder = ItemCatalogue.builder();
			List<CatalogueItem> all = new ArrayList<>();
			Map<String, List<CatalogueItem>> byCategory = new HashMap<>();
			for (MutableItem item : SandboxLearner.this.items.values()) {
				CatalogueItem c = item.snapshot();
				builder.item(c);
				all.add(c);
				byCategory.computeIfAbsent(c.category(), (k) -> new ArrayList<>()).add(c);
			}
			addLists(builder, null, all);
			byCategory.forEach((category, members) -> addLists(builder, category, members));
			this.catalogue = builder.build();
			this.clock = SandboxLearner.this.globalMasses.clock(SandboxLearner.this.globalClock, at);
			this.intensity = ClockIntensity.of(this.clock);
			FeatureSettings f = SandboxLearner.this.features;
			this.baseRate = (Math.max(0, SandboxLearner.this.populationClicks)
					+ f.ctr().priorRate() * f.ctr().priorStrength())
					/ (Math.max(0, SandboxLearner.this.populationExposure) + f.ctr().priorStrength());
		}

		private void addLists(ItemCatalogue.Builder builder, String scope,
				java.util.Collection<CatalogueItem> members) {
			int n = SandboxLearner.this.listLength;
			Comparator<CatalogueItem> byId = Comparator.comparing(CatalogueItem::itemId);
			put(builder, ListKind.POPULAR, scope, TopK.of(
					members.stream().filter((i) -> i.popularityLogSum() != ForwardDecay.EMPTY).toList(), n,
					Comparator.comparingDouble(CatalogueItem::popularityLogSum).reversed().thenComparing(byId)));
			put(builder, ListKind.TRENDING, scope,
					TopK.of(members.stream().filter((i) -> i.trendingLogSum() != ForwardDecay.EMPTY).toList(), n,
							Comparator.comparingDouble(CatalogueItem::trendingLogSum).reversed().thenComparing(byId)));
			put(builder, ListKind.NEW, scope, TopK.of(members, n,
					Comparator.comparingLong(CatalogueItem::createdAtMillis).reversed().thenComparing(byId)));
			put(builder, ListKind.LEAST_SHOWN, scope,
					TopK.of(members, n, Comparator.comparingDouble(CatalogueItem::exposure).thenComparing(byId)));
		}

		private void put(ItemCatalogue.Builder builder, ListKind kind, String scope, List<CatalogueItem> members) {
			builder.list(kind, scope, members.stream().map(CatalogueItem::itemId).toList());
		}

		@Override
		public ItemCatalogue catalogue() {
			return this.catalogue;
		}

		/**
		 * The co-clicked items of the sandbox's co-occurrence counts as they stand at the
		 * request (not as of the catalogue's refresh).
		 */
		@Override
		public int[] coClicked(int slot) {
			Map<String, Double> partners = SandboxLearner.this.coOccurrence.get(this.catalogue.item(slot).itemId());
			if (partners == null) {
				return new int[0];
			}
			return this.catalogue
				.slotsOf(
						TopK.of(partners.entrySet(), SandboxLearner.this.listLength,
								Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
									.thenComparing(Map.Entry.comparingByKey()))
							.stream()
							.map(Map.Entry::getKey)
							.toList());
		}

		@Override
		public Set<String> clockCategories() {
			return this.clock.categories();
		}

		@Override
		public ClockIntensity globalIntensity() {
			return this.intensity;
		}

		@Override
		public AffinityLift affinityLift() {
			return this.lift;
		}

		@Override
		public RepeatConsumption.Counts repeatCounts() {
			return this.repeats;
		}

		@Override
		public double baseRate() {
			return this.baseRate;
		}

		@Override
		public TowerSnapshot towers() {
			return SandboxLearner.this.towerSnapshot;
		}

	}

}
