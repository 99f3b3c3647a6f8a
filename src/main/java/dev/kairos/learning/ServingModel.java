package dev.kairos.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.LinUcb;
import dev.kairos.core.bandit.LinearThompson;
import dev.kairos.core.bandit.Slate;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model serving uses: a copy of the shared statistics, rebuilt whenever the stored
 * version moves (checked every {@link LearningSettings#refreshInterval()}), so that an
 * update reaches serving within about that interval. Scoring is serialised on the current
 * copy; a refresh builds a new copy and swaps it in, so requests never wait for a
 * rebuild.
 */
public class ServingModel {

	private static final Logger log = LoggerFactory.getLogger(ServingModel.class);

	private final ModelStore store;

	private final LearningSettings settings;

	private final long seed;

	private volatile Current current;

	/**
	 * The policies restored at a version: they share one set of ridge statistics and
	 * differ only in how they choose.
	 */
	private record Current(Map<String, BanditPolicy> policies, long version, long rewards, long loadedAtMillis) {
	}

	/**
	 * The policy's terms per candidate, and the model's coefficients θ (for
	 * explanations).
	 */
	public record Scores(double[] expectedReward, double[] explorationBonus, double[] theta, long version,
			long rewards) {
	}

	public ServingModel(ModelStore store, LearningSettings settings, long seed) {
		this.store = store;
		this.settings = settings;
		this.seed = seed;
		this.current = new Current(newPolicies(LinearStatistics.empty(FeatureVector.DIMENSION)), -1, 0, 0);
	}

	/** Reloads the model if its stored version moved; returns whether it did. */
	public boolean refresh() {
		long version = this.store.version();
		if (version == this.current.version()) {
			return false;
		}
		ModelState state = this.store.load();
		LinearStatistics statistics = state.statistics();
		this.current = new Current(newPolicies(statistics), state.version(), statistics.count(),
				System.currentTimeMillis());
		log.debug("Serving model version {} ({} rewards)", state.version(), statistics.count());
		return true;
	}

	/** The version being served. */
	public long version() {
		return Math.max(0, this.current.version());
	}

	/** When the serving copy was last rebuilt (epoch millis), 0 if never. */
	public long loadedAtMillis() {
		return this.current.loadedAtMillis();
	}

	/** The named policy's expected reward and exploration bonus for each vector. */
	public Scores score(String policyName, List<String> ids, double[][] x) {
		Current model = this.current;
		BanditPolicy policy = model.policies().get(policyName);
		if (policy == null) {
			throw new IllegalArgumentException("no learning policy named " + policyName);
		}
		List<Arm> arms = new ArrayList<>(x.length);
		for (int i = 0; i < x.length; i++) {
			arms.add(new Arm(ids.get(i), x[i]));
		}
		double[] mean = new double[x.length];
		double[] bonus = new double[x.length];
		double[] theta = new double[FeatureVector.DIMENSION];
		if (!arms.isEmpty()) {
			Slate slate;
			synchronized (policy) {
				slate = policy.select(arms, arms.size());
				theta = theta(policy);
			}
			List<ArmScore> scored = slate.scored();
			for (int i = 0; i < scored.size(); i++) {
				mean[i] = scored.get(i).expectedReward();
				bonus[i] = scored.get(i).explorationBonus();
			}
		}
		return new Scores(mean, bonus, theta, version(), model.rewards());
	}

	private static double[] theta(BanditPolicy policy) {
		if (policy instanceof LinUcb linUcb) {
			return linUcb.sharedModel().theta().clone();
		}
		if (policy instanceof LinearThompson thompson) {
			return thompson.model().theta().clone();
		}
		return new double[FeatureVector.DIMENSION];
	}

	private Map<String, BanditPolicy> newPolicies(LinearStatistics statistics) {
		LinUcb linUcb = LinUcb.shared(FeatureVector.DIMENSION, this.settings.alpha(), this.settings.lambda());
		linUcb.restore(statistics);
		LinearThompson thompson = new LinearThompson(FeatureVector.DIMENSION, this.settings.alpha(),
				this.settings.lambda(), 0, new SplittableRandom(this.seed));
		thompson.model().restore(statistics);
		return Map.of("linucb", linUcb, "linear-thompson", thompson);
	}

}
