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
 * Plays logged slates to a target policy, slate by slate in log order, and records what
 * each slot contributes to the estimators ({@link EvaluationStep}): the service's own log
 * evaluated with the estimators of {@link LogPlayback}.
 *
 * <p>
 * The item-position model (Li, Kim, Zitouni, "Offline evaluation of ranking policies with
 * click models", KDD 2018, §4.2): an item's reward depends on the context, the item and
 * its slot, not on the slate's other items. Each slot j of a slate is then a round whose
 * logged action is the item shown there, with the logged probability μ(a | x, j) of
 * showing it in that slot; the target's probability π(a | x, j) is whether the target,
 * ranking the same items, puts it in slot j. The estimators' value is the target's
 * expected reward per shown item, in the units of the logged click-through rate, and the
 * logging policy evaluated on its own log gets weight 1 everywhere.
 *
 * <p>
 * Deviations and limits: the log holds only the items that were shown, so the target
 * ranks those (the slate's candidates that were not shown, and their features, are not
 * logged); a target whose ranking is random is asked once per slate, which estimates π(a
 * | x, j) without bias by the indicator of one draw; and, as in {@link LogPlayback}, a
 * learning target learns only from the slots where it agrees with the log (rejection
 * sampling, Li et al. 2011).
 */
public final class SlatePlayback {

	private final Supplier<RewardModel> rewardModels;

	/**
	 * A playback whose doubly robust reward model comes fresh from {@code rewardModels}.
	 */
	public SlatePlayback(Supplier<RewardModel> rewardModels) {
		this.rewardModels = Objects.requireNonNull(rewardModels, "rewardModels");
	}

	/** A playback with the default {@link PerActionMeanRewardModel}. */
	public SlatePlayback() {
		this(PerActionMeanRewardModel::new);
	}

	/**
	 * Plays {@code log} to {@code policy}, which learns along the way.
	 * @return one step per logged slot, in log order
	 */
	public List<EvaluationStep> play(BanditPolicy policy, List<LoggedSlate> log) {
		RewardModel rewardModel = this.rewardModels.get();
		List<EvaluationStep> steps = new ArrayList<>();
		for (LoggedSlate slate : log) {
			int k = slate.slots().size();
			if (k == 0) {
				continue;
			}
			List<Arm> candidates = new ArrayList<>(k);
			for (LoggedSlate.Slot slot : slate.slots()) {
				candidates.add(new Arm(slot.itemId(), slot.features()));
			}
			Slate ranking = policy.select(candidates, k);
			List<LoggedEvent> rounds = new ArrayList<>(k);
			for (int j = 0; j < k; j++) {
				LoggedSlate.Slot slot = slate.slots().get(j);
				LoggedEvent round = new LoggedEvent(new double[0], candidates, slot.itemId(), slot.reward(),
						slot.propensity(), slate.at(), j + 1);
				rounds.add(round);
				List<ArmScore> chosen = ranking.chosen();
				String targetItem = (j < chosen.size()) ? chosen.get(j).id() : null;
				boolean matched = slot.itemId().equals(targetItem);
				double predictedLogged = rewardModel.predict(round, candidates.get(j));
				double predictedUnderTarget = (targetItem != null)
						? rewardModel.predict(round, candidates.get(indexOf(candidates, targetItem))) : 0;
				steps.add(new EvaluationStep(slot.reward(), slot.propensity(), matched ? 1 : 0, matched,
						predictedLogged, predictedUnderTarget));
			}
			// learn after the whole slate: every prediction above used earlier slates
			// only
			for (int j = 0; j < k; j++) {
				if (steps.get(steps.size() - k + j).matched()) {
					policy.update(candidates.get(j), slate.slots().get(j).reward());
				}
				rewardModel.learn(rounds.get(j));
			}
		}
		return steps;
	}

	/**
	 * Plays {@code log} to the policy that logged it, as it chose: in each slot π(a | x,
	 * j) = μ(a | x, j), the logged propensity, so every importance weight is 1 and the
	 * estimators give the logged mean reward (doubly robust with its reward model's
	 * correction). A check of the log against what its clients observed, not an estimate
	 * of another policy.
	 * @return one step per logged slot, in log order
	 */
	public List<EvaluationStep> playLogging(List<LoggedSlate> log) {
		RewardModel rewardModel = this.rewardModels.get();
		List<EvaluationStep> steps = new ArrayList<>();
		for (LoggedSlate slate : log) {
			List<Arm> candidates = new ArrayList<>(slate.slots().size());
			for (LoggedSlate.Slot slot : slate.slots()) {
				candidates.add(new Arm(slot.itemId(), slot.features()));
			}
			List<LoggedEvent> rounds = new ArrayList<>(candidates.size());
			for (int j = 0; j < candidates.size(); j++) {
				LoggedSlate.Slot slot = slate.slots().get(j);
				LoggedEvent round = new LoggedEvent(new double[0], candidates, slot.itemId(), slot.reward(),
						slot.propensity(), slate.at(), j + 1);
				rounds.add(round);
				double predicted = rewardModel.predict(round, candidates.get(j));
				steps.add(new EvaluationStep(slot.reward(), slot.propensity(), slot.propensity(), true, predicted,
						predicted));
			}
			for (LoggedEvent round : rounds) {
				rewardModel.learn(round);
			}
		}
		return steps;
	}

	private static int indexOf(List<Arm> candidates, String id) {
		for (int i = 0; i < candidates.size(); i++) {
			if (candidates.get(i).id().equals(id)) {
				return i;
			}
		}
		throw new IllegalStateException("the policy chose " + id + ", which is not a candidate");
	}

}
