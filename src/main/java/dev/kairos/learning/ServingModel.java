package dev.kairos.learning;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kairos.core.bandit.ArmStatistics;
import dev.kairos.core.bandit.ItemArms;
import dev.kairos.core.bandit.ServedBdes;
import dev.kairos.core.bandit.ServedBernoulliThompson;
import dev.kairos.core.bandit.ServedEpsilonGreedy;
import dev.kairos.core.bandit.ServedHybridLinUcb;
import dev.kairos.core.bandit.ServedLinUcb;
import dev.kairos.core.bandit.ServedLinearThompson;
import dev.kairos.core.bandit.ServedMetaBandit;
import dev.kairos.core.bandit.ServedSoftmax;
import dev.kairos.core.bandit.ServedUcb1;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model serving uses: the shared statistics' posterior at one version
 * ({@link RidgePosterior}: θ, A⁻¹ and the Cholesky factor computed once per version) and
 * every served policy built from it and from the policies' own stored state
 * ({@link PolicyState}), rebuilt off the request path by {@link #refresh()} when the
 * stored version moves, and swapped in atomically. Scoring reads one immutable posterior
 * and takes no lock, so any number of requests score at once.
 */
public class ServingModel {

	private static final Logger log = LoggerFactory.getLogger(ServingModel.class);

	private final ModelReader store;

	private final LearningSettings settings;

	private final PolicySettings policies;

	private volatile Version current;

	/**
	 * The model at one stored version: immutable, safe to share between threads.
	 *
	 * @param posterior the shared ridge posterior
	 * @param version the stored version it was built from, -1 before the first load
	 * @param loadedAtMillis when it was built (epoch millis), 0 if never
	 * @param alpha LinUCB's α, also linear Thompson sampling's posterior scale v
	 * @param policies every served policy at this version, by name
	 * @param state the policies' own stored state it was built from
	 */
	public record Version(RidgePosterior posterior, long version, long loadedAtMillis, double alpha,
			Map<String, ServingPolicy> policies, PolicyState state) {

		public Version {
			policies = Map.copyOf(policies);
		}

		/** How many rewards the model learned from. */
		public long rewards() {
			return this.posterior.count();
		}

		/**
		 * The named policy at this version.
		 * @throws IllegalArgumentException if it is not served
		 */
		public ServingPolicy policy(String name) {
			ServingPolicy policy = this.policies.get(name);
			if (policy == null) {
				throw new IllegalArgumentException("no served policy named " + name);
			}
			return policy;
		}

	}

	/**
	 * How a policy is built from a version's state: one entry per name in
	 * {@link #BUILDERS}, so that a new policy is one more entry.
	 */
	@FunctionalInterface
	interface Builder {

		ServingPolicy build(RidgePosterior shared, PolicyState state, PolicySettings settings);

	}

	/** The builders of the policies Kairos can serve, by name. */
	static final Map<String, Builder> BUILDERS = builders();

	private static Map<String, Builder> builders() {
		Map<String, Builder> b = new LinkedHashMap<>();
		b.put("linucb", (shared, state, s) -> new ServedLinUcb("linucb", shared, s.alpha()));
		b.put("linear-thompson", (shared, state, s) -> new ServedLinearThompson(shared, s.alpha()));
		b.put("hybrid-linucb", (shared, state, s) -> new ServedHybridLinUcb(orEmpty(state.undecayed()),
				hybridItems(state), s.lambda(), s.alpha()));
		b.put("discounted-linucb", (shared, state, s) -> new ServedLinUcb("discounted-linucb",
				RidgePosterior.of(orEmpty(state.discounted()), s.lambda()), s.alpha()));
		b.put("sliding-window-linucb", (shared, state, s) -> new ServedLinUcb("sliding-window-linucb",
				RidgePosterior.of(orEmpty(state.window()), s.lambda()), s.alpha()));
		b.put("ucb1", (shared, state, s) -> new ServedUcb1(arms(state, s), s.ucb1Scale()));
		b.put("epsilon-greedy", (shared, state, s) -> new ServedEpsilonGreedy(arms(state, s), s.epsilon()));
		b.put("softmax", (shared, state, s) -> new ServedSoftmax(arms(state, s), s.softmaxTemperature()));
		b.put("bernoulli-thompson", (shared, state, s) -> new ServedBernoulliThompson(arms(state, s)));
		b.put("bdes", (shared, state, s) -> new ServedBdes(shared, s.lambda(), s.bdesMinAlpha(), s.bdesMaxAlpha()));
		b.put("meta-bandit", (shared, state, s) -> {
			double[] grid = s.metaGrid();
			double[] weights = new double[grid.length];
			for (int j = 0; j < grid.length; j++) {
				weights[j] = state.metaLogWeights().getOrDefault(ServedMetaBandit.key(grid[j]), 0.0);
			}
			return new ServedMetaBandit(shared, grid, weights, s.metaGamma());
		});
		// without the towers, which the request path adds
		// (recommendations.NeuralLinearScorer)
		b.put("neural-linear", (shared, state, s) -> new ServedLinearThompson(shared, s.alpha()));
		b.put("popularity",
				(shared, state, s) -> ServingPolicy.of("popularity", (x) -> Recommender.Terms.none(x.length)));
		return java.util.Collections.unmodifiableMap(b);
	}

	private static LinearStatistics orEmpty(LinearStatistics statistics) {
		return (statistics != null) ? statistics : LinearStatistics.empty(FeatureVector.DIMENSION);
	}

	private static ItemArms arms(PolicyState state, PolicySettings settings) {
		return new ItemArms(state.items(), settings.itemPriorStrength());
	}

	private static Map<String, ServedHybridLinUcb.ItemStatistics> hybridItems(PolicyState state) {
		Map<String, ServedHybridLinUcb.ItemStatistics> items = new HashMap<>();
		state.itemFeatureSums().forEach((id, sum) -> {
			ArmStatistics arm = state.items().getOrDefault(id, ArmStatistics.EMPTY);
			items.put(id, new ServedHybridLinUcb.ItemStatistics(arm.pulls(), arm.rewardSum(), sum));
		});
		return items;
	}

	/**
	 * The named policy built as serving builds it, from a shared posterior and the
	 * policies' own state (for replaying the request path in process).
	 * @throws IllegalArgumentException if no policy has that name
	 */
	public static ServingPolicy policy(String name, RidgePosterior shared, PolicyState state, PolicySettings settings) {
		Builder builder = BUILDERS.get(name);
		if (builder == null) {
			throw new IllegalArgumentException("no policy named " + name + "; valid: " + BUILDERS.keySet());
		}
		return builder.build(shared, state, settings);
	}

	/** The names of the policies Kairos can serve. */
	public static java.util.Set<String> names() {
		return BUILDERS.keySet();
	}

	public ServingModel(ModelReader store, LearningSettings settings) {
		this(store, settings,
				PolicySettings.defaults(java.util.Set.of(settings.policy()), settings.alpha(), settings.lambda()));
	}

	public ServingModel(ModelReader store, LearningSettings settings, PolicySettings policies) {
		this.store = store;
		this.settings = settings;
		this.policies = policies;
		this.current = build(LinearStatistics.empty(FeatureVector.DIMENSION), PolicyState.EMPTY, -1, 0);
	}

	private Version build(LinearStatistics statistics, PolicyState state, long version, long loadedAt) {
		RidgePosterior shared = RidgePosterior.of(statistics, this.settings.lambda());
		Map<String, ServingPolicy> served = new HashMap<>();
		for (String name : this.policies.served()) {
			Builder builder = BUILDERS.get(name);
			if (builder == null) {
				throw new IllegalArgumentException("no policy named " + name + "; valid: " + BUILDERS.keySet());
			}
			served.put(name, builder.build(shared, state, this.policies));
		}
		return new Version(shared, version, loadedAt, this.settings.alpha(), served, state);
	}

	/** The policies served and their parameters. */
	public PolicySettings policies() {
		return this.policies;
	}

	/**
	 * Rebuilds the posterior if the stored version moved (O(d³) once per version, off the
	 * request path); returns whether it did.
	 */
	public boolean refresh() {
		long version = this.store.version();
		if (version == this.current.version()) {
			return false;
		}
		ModelState state = this.store.load();
		PolicyState stored = this.policies.ownState() ? this.store.policyState(this.policies) : PolicyState.EMPTY;
		PolicyState policyState = (stored != null) ? stored : PolicyState.EMPTY;
		this.current = build(state.statistics(), policyState, state.version(), System.currentTimeMillis());
		log.debug("Serving model version {} ({} rewards)", state.version(), state.statistics().count());
		return true;
	}

	/** The model being served. */
	public Version current() {
		return this.current;
	}

	/** The version being served. */
	public long version() {
		return Math.max(0, this.current.version());
	}

	/** When the serving copy was last rebuilt (epoch millis), 0 if never. */
	public long loadedAtMillis() {
		return this.current.loadedAtMillis();
	}

}
