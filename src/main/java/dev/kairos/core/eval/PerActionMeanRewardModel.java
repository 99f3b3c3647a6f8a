package dev.kairos.core.eval;

import java.util.HashMap;
import java.util.Map;

import dev.kairos.core.bandit.Arm;

/**
 * The simplest useful reward model: the mean observed reward of each action, shrunk
 * towards the global mean reward by {@code priorWeight} pseudo-observations, ignoring the
 * context.
 *
 * <p>
 * r-hat(a) = (sum of rewards of a + priorWeight * global mean) / (count of a +
 * priorWeight). The shrinkage keeps actions with few observations from getting extreme
 * estimates (clicks are rare: about 0.5% on the Open Bandit Dataset). Fitted online, see
 * {@link RewardModel}.
 */
public final class PerActionMeanRewardModel implements RewardModel {

	private final double priorWeight;

	private final Map<String, double[]> sumAndCountByAction = new HashMap<>();

	private double totalReward;

	private long totalCount;

	/**
	 * A model with a prior of {@code priorWeight} pseudo-observations at the global mean.
	 */
	public PerActionMeanRewardModel(double priorWeight) {
		if (!(priorWeight >= 0)) {
			throw new IllegalArgumentException("priorWeight must be >= 0: " + priorWeight);
		}
		this.priorWeight = priorWeight;
	}

	/** A model with a prior weight of 10 pseudo-observations. */
	public PerActionMeanRewardModel() {
		this(10);
	}

	@Override
	public double predict(LoggedEvent event, Arm action) {
		double globalMean = (this.totalCount == 0) ? 0 : this.totalReward / this.totalCount;
		double[] sumAndCount = this.sumAndCountByAction.get(action.id());
		double sum = (sumAndCount == null) ? 0 : sumAndCount[0];
		double count = (sumAndCount == null) ? 0 : sumAndCount[1];
		double denominator = count + this.priorWeight;
		return (denominator == 0) ? globalMean : (sum + this.priorWeight * globalMean) / denominator;
	}

	@Override
	public void learn(LoggedEvent event) {
		double[] sumAndCount = this.sumAndCountByAction.computeIfAbsent(event.chosenId(), (id) -> new double[2]);
		sumAndCount[0] += event.reward();
		sumAndCount[1] += 1;
		this.totalReward += event.reward();
		this.totalCount++;
	}

}
