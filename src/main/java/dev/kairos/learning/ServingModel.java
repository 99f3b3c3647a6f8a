package dev.kairos.learning;

import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.FeatureVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model serving uses: the shared statistics' posterior at one version
 * ({@link RidgePosterior}: θ, A⁻¹ and the Cholesky factor computed once per version),
 * rebuilt off the request path by {@link #refresh()} when the stored version moves, and
 * swapped in atomically. Scoring reads one immutable posterior and takes no lock, so any
 * number of requests score at once.
 */
public class ServingModel {

	private static final Logger log = LoggerFactory.getLogger(ServingModel.class);

	private final ModelReader store;

	private final LearningSettings settings;

	private volatile Version current;

	/**
	 * The model at one stored version: immutable, safe to share between threads.
	 *
	 * @param posterior the ridge posterior both policies score with
	 * @param version the stored version it was built from, -1 before the first load
	 * @param loadedAtMillis when it was built (epoch millis), 0 if never
	 * @param alpha LinUCB's α, also linear Thompson sampling's posterior scale v
	 */
	public record Version(RidgePosterior posterior, long version, long loadedAtMillis, double alpha) {

		/** How many rewards the model learned from. */
		public long rewards() {
			return this.posterior.count();
		}

		/**
		 * The named policy's expected reward and exploration bonus for each vector.
		 * {@code linucb}: {@code θᵀx} and {@code α·sqrt(xᵀA⁻¹x)};
		 * {@code linear-thompson}: {@code θᵀx} and {@code xᵀθ̃ − θᵀx} for one draw θ̃ per
		 * request.
		 */
		public Scores score(String policy, double[][] x, RandomGenerator random) {
			double[] mean = new double[x.length];
			double[] bonus = new double[x.length];
			switch (policy) {
				case "linucb" -> {
					this.posterior.meansAndWidths(x, mean, bonus);
					for (int i = 0; i < x.length; i++) {
						bonus[i] *= this.alpha;
					}
				}
				case "linear-thompson" -> {
					double[] widths = new double[x.length];
					this.posterior.meansAndWidths(x, mean, widths);
					double[] draw = this.posterior.sampleTheta(random, this.alpha);
					for (int i = 0; i < x.length; i++) {
						double s = 0;
						for (int j = 0; j < draw.length; j++) {
							s += draw[j] * x[i][j];
						}
						bonus[i] = s - mean[i];
					}
				}
				default -> throw new IllegalArgumentException("no learning policy named " + policy);
			}
			return new Scores(mean, bonus, this.posterior, Math.max(0, this.version), rewards());
		}

	}

	/**
	 * The policy's terms per candidate, and the posterior they came from (its θ explains
	 * them).
	 */
	public record Scores(double[] expectedReward, double[] explorationBonus, RidgePosterior posterior, long version,
			long rewards) {

		/** Scores of a policy without a model: all terms 0. */
		public static Scores none(int candidates, Version model) {
			return new Scores(new double[candidates], new double[candidates], model.posterior(), 0, 0);
		}

	}

	public ServingModel(ModelReader store, LearningSettings settings) {
		this.store = store;
		this.settings = settings;
		this.current = new Version(RidgePosterior.empty(FeatureVector.DIMENSION, settings.lambda()), -1, 0,
				settings.alpha());
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
		this.current = new Version(RidgePosterior.of(state.statistics(), this.settings.lambda()), state.version(),
				System.currentTimeMillis(), this.settings.alpha());
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
