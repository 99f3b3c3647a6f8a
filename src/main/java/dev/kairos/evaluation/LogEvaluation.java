package dev.kairos.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.kairos.core.eval.LoggedSlate;
import dev.kairos.core.eval.SlateLogEvaluation;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.LearningSettings;

/**
 * Off-policy evaluation of the service's own log: reads the slates served since a time
 * and the feedback on them ({@link ServedLog}), gives each shown item its reward as the
 * worker's join does ({@link FeedbackAttribution}), and plays them to a fresh policy of
 * the given name ({@link SlateLogEvaluation}).
 */
public class LogEvaluation {

	private final ServedLog log;

	private final LearningSettings settings;

	private final int maxSlates;

	private final long seed;

	/**
	 * @param log the served log
	 * @param settings rewards, attribution window, α and λ
	 * @param maxSlates most slates read (the newest), to bound memory
	 * @param seed the seed of the target's random choices
	 */
	public LogEvaluation(ServedLog log, LearningSettings settings, int maxSlates, long seed) {
		if (maxSlates < 1) {
			throw new IllegalArgumentException("maxSlates must be positive: " + maxSlates);
		}
		this.log = log;
		this.settings = settings;
		this.maxSlates = maxSlates;
		this.seed = seed;
	}

	/**
	 * An evaluation's answer.
	 *
	 * @param result the estimates and what the log holds
	 * @param alpha the exploration strength the target used (linear policies)
	 * @param since the start of the log read, or {@code null} for all of it
	 * @param truncated whether older slates were left out (more than the limit)
	 * @param unusable slates left out because they cannot be evaluated (a propensity
	 * outside (0, 1], feature vectors of another schema)
	 */
	public record Evaluation(SlateLogEvaluation.Result result, double alpha, Instant since, boolean truncated,
			long unusable) {
	}

	/** Whether a policy of that name can be evaluated. */
	public static boolean knows(String policy) {
		return TargetPolicies.NAMES.contains(policy);
	}

	/** The names of the policies that can be evaluated. */
	public static List<String> policies() {
		return TargetPolicies.NAMES;
	}

	/**
	 * Evaluates a policy on the log.
	 * @param policy one of {@link #policies()}
	 * @param alpha the exploration strength of the linear policies, {@code null} for the
	 * service's
	 * @param since the start of the log to read, {@code null} for all of it
	 * @throws ServedLog.LogUnavailableException if the log cannot be read
	 */
	public Evaluation evaluate(String policy, Double alpha, Instant since) {
		double a = (alpha != null) ? alpha : this.settings.alpha();
		ServedLog.Contents contents = this.log.read(since, this.settings.attributionWindow(), this.maxSlates);
		List<LoggedSlate> slates = new ArrayList<>(contents.slates().size());
		long unusable = 0;
		for (FeedbackAttribution.Attributed attributed : FeedbackAttribution.attribute(contents.slates(),
				contents.feedback(), this.settings)) {
			LoggedSlate slate = attributed.toLogged(FeatureVector.DIMENSION);
			if (slate == null) {
				unusable++;
			}
			else {
				slates.add(slate);
			}
		}
		SlateLogEvaluation.Result result = TargetPolicies.LOGGING.equals(policy)
				? SlateLogEvaluation.standard().evaluateLogging(policy, slates) : SlateLogEvaluation.standard()
					.evaluate(TargetPolicies.create(policy, a, this.settings.lambda(), this.seed), slates);
		return new Evaluation(result, a, since, contents.truncated(), unusable);
	}

}
