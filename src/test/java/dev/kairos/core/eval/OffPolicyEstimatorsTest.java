package dev.kairos.core.eval;

import java.util.List;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Slate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OffPolicyEstimatorsTest {

	private static final int N = 20_000;

	private static final long SEED = 20260128L;

	@Test
	void ipsAndSnipsOfTheLoggerOnItsOwnLogAreTheObservedMean() {
		List<LoggedEvent> log = SyntheticLog.generate(N, SEED);
		double observedMean = log.stream().mapToDouble(LoggedEvent::reward).average().orElseThrow();
		List<EvaluationStep> steps = new LogPlayback().play(new UniformRandomPolicy(7), log);

		PolicyValueEstimate ips = new InversePropensityEstimator().estimate(steps);
		PolicyValueEstimate snips = new SelfNormalizedInversePropensityEstimator().estimate(steps);

		assertThat(ips.value()).isCloseTo(observedMean, within(1e-12));
		assertThat(snips.value()).isCloseTo(observedMean, within(1e-12));
		assertThat(steps).allSatisfy((step) -> assertThat(step.importanceWeight()).isEqualTo(1.0));
	}

	@Test
	void everyIntervalCoversTheTrueValueOfADeterministicPolicy() {
		List<LoggedEvent> log = SyntheticLog.generate(N, SEED);
		double truth = SyntheticLog.targetValue();

		List<PolicyValueEstimate> estimates = OffPolicyEvaluation.standard()
			.evaluate(new SyntheticLog.FixedRulePolicy(), log);

		assertThat(estimates).extracting(PolicyValueEstimate::estimator)
			.containsExactly("replay", "ips", "snips", "dr");
		for (PolicyValueEstimate estimate : estimates) {
			assertThat(estimate.interval().contains(truth)).as("%s covers %s", estimate, truth).isTrue();
			// not vacuous: the interval is narrower than the spread of the click
			// probabilities
			assertThat(estimate.interval().upper() - estimate.interval().lower()).as(estimate.estimator())
				.isLessThan(0.05);
		}
	}

	@Test
	void replayKeepsAboutOneRoundInKAndCountsThemInEveryEstimate() {
		List<LoggedEvent> log = SyntheticLog.generate(N, SEED);

		List<PolicyValueEstimate> estimates = OffPolicyEvaluation.standard()
			.evaluate(new SyntheticLog.FixedRulePolicy(), log);

		double expected = (double) N / SyntheticLog.ACTIONS;
		double standardDeviation = Math.sqrt(N * (1.0 / SyntheticLog.ACTIONS) * (1 - 1.0 / SyntheticLog.ACTIONS));
		long matched = estimates.get(0).matched();
		assertThat((double) matched).isCloseTo(expected, within(4 * standardDeviation));
		assertThat(estimates).allSatisfy((estimate) -> {
			assertThat(estimate.events()).isEqualTo(N);
			assertThat(estimate.matched()).isEqualTo(matched);
		});
	}

	@Test
	void aPolicyLearnsOnlyFromMatchedRounds() {
		List<LoggedEvent> log = SyntheticLog.generate(1_000, SEED);
		int[] updates = new int[1];
		UniformRandomPolicy logger = new UniformRandomPolicy(3);
		BanditPolicy counting = new BanditPolicy() {
			@Override
			public String name() {
				return "counting";
			}

			@Override
			public Slate select(List<Arm> candidates, int k) {
				return logger.select(candidates, k);
			}

			@Override
			public void update(Arm arm, double reward) {
				updates[0]++;
			}
		};

		List<EvaluationStep> steps = new LogPlayback().play(counting, log);

		assertThat(updates[0]).isEqualTo(steps.stream().filter(EvaluationStep::matched).count());
	}

	@Test
	void doublyRobustWithAPerfectRewardModelHasNoVarianceFromTheCorrection() {
		List<LoggedEvent> log = SyntheticLog.generate(N, SEED);
		RewardModel perfect = new RewardModel() {
			@Override
			public double predict(LoggedEvent event, Arm action) {
				int context = 0;
				while (event.context()[context] == 0) {
					context++;
				}
				return SyntheticLog.CLICK_PROBABILITY[context][Integer.parseInt(action.id().substring(1))];
			}

			@Override
			public void learn(LoggedEvent event) {
			}
		};
		List<EvaluationStep> steps = new LogPlayback(() -> perfect).play(new SyntheticLog.FixedRulePolicy(), log);

		PolicyValueEstimate dr = new DoublyRobustEstimator().estimate(steps);
		PolicyValueEstimate ips = new InversePropensityEstimator().estimate(steps);

		assertThat(dr.interval().contains(SyntheticLog.targetValue())).isTrue();
		double drWidth = dr.interval().upper() - dr.interval().lower();
		double ipsWidth = ips.interval().upper() - ips.interval().lower();
		assertThat(drWidth).isLessThan(ipsWidth);
	}

}
