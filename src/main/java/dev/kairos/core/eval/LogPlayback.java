package dev.kairos.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;

/**
 * Plays a log of bandit feedback to a target policy, round by round in log order, and
 * records what each round contributes to the estimators ({@link EvaluationStep}).
 *
 * <p>
 * In each round the policy chooses one action from the logged candidates
 * ({@code select(candidates, 1)}). Its probability of choosing each candidate is read
 * from the {@link ArmScore#propensity() propensities} of the slate, normalised to sum to
 * one (a policy that reports none is treated as deterministic: probability 1 for its
 * choice). The policy learns only in rounds where its choice equals the logged action,
 * with the logged reward: the rejection-sampling protocol of Li et al. (2011), under
 * which a learning policy sees the same distribution of histories as it would online when
 * the logger is uniformly random. One playback therefore serves all four estimators,
 * which differ only in how they weigh the steps.
 *
 * <p>
 * References: L. Li, W. Chu, J. Langford, X. Wang, "Unbiased offline evaluation of
 * contextual-bandit-based news article recommendation algorithms", WSDM 2011, Algorithm
 * 1.
 */
public final class LogPlayback {

	private static final double PROBABILITY_SUM_TOLERANCE = 1e-9;

	private final Supplier<RewardModel> rewardModels;

	/**
	 * A playback whose doubly robust reward model comes fresh from {@code rewardModels}.
	 */
	public LogPlayback(Supplier<RewardModel> rewardModels) {
		this.rewardModels = Objects.requireNonNull(rewardModels, "rewardModels");
	}

	/** A playback with the default {@link PerActionMeanRewardModel}. */
	public LogPlayback() {
		this(PerActionMeanRewardModel::new);
	}

	/**
	 * Plays {@code log} to {@code policy}, which learns along the way (see the class
	 * comment).
	 * @return one step per logged event, in log order
	 */
	public List<EvaluationStep> play(BanditPolicy policy, List<LoggedEvent> log) {
		RewardModel rewardModel = this.rewardModels.get();
		List<EvaluationStep> steps = new ArrayList<>(log.size());
		for (LoggedEvent event : log) {
			List<Arm> candidates = event.candidates();
			Slate slate = policy.select(candidates, 1);
			String choice = slate.chosen().isEmpty() ? null : slate.chosen().get(0).id();
			double[] probabilities = choiceProbabilities(candidates, slate, choice);
			double targetProbability = 0;
			double predictedUnderTarget = 0;
			double predictedLogged = 0;
			for (int i = 0; i < candidates.size(); i++) {
				Arm candidate = candidates.get(i);
				double predicted = rewardModel.predict(event, candidate);
				predictedUnderTarget += probabilities[i] * predicted;
				if (candidate.id().equals(event.chosenId())) {
					targetProbability = probabilities[i];
					predictedLogged = predicted;
				}
			}
			boolean matched = event.chosenId().equals(choice);
			steps.add(new EvaluationStep(event.reward(), event.propensity(), targetProbability, matched,
					predictedLogged, predictedUnderTarget));
			if (matched) {
				policy.update(event.chosen(), event.reward());
			}
			rewardModel.learn(event);
		}
		return steps;
	}

	/** pi(a | x) for each candidate, in candidate order. */
	static double[] choiceProbabilities(List<Arm> candidates, Slate slate, String choice) {
		double[] probabilities = new double[candidates.size()];
		double sum = 0;
		for (int i = 0; i < candidates.size(); i++) {
			String id = candidates.get(i).id();
			for (ArmScore score : slate.scored()) {
				if (score.id().equals(id)) {
					double propensity = score.propensity();
					probabilities[i] = (Double.isFinite(propensity) && propensity > 0) ? propensity : 0;
					break;
				}
			}
			sum += probabilities[i];
		}
		if (sum <= 0) {
			for (int i = 0; i < candidates.size(); i++) {
				probabilities[i] = candidates.get(i).id().equals(choice) ? 1 : 0;
			}
		}
		else if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
			for (int i = 0; i < probabilities.length; i++) {
				probabilities[i] /= sum;
			}
		}
		return probabilities;
	}

}
