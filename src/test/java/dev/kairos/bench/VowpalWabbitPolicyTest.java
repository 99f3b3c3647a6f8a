package dev.kairos.bench;

import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.Slate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VowpalWabbitPolicyTest {

	@Test
	void learnsToPreferTheRewardedAction() {
		List<Arm> candidates = List.of(new Arm("a", new double[] { 1, 1, 0 }), new Arm("b", new double[] { 1, 0, 1 }),
				new Arm("c", new double[] { 1, 0, 0 }));
		SplittableRandom rewards = new SplittableRandom(11);
		try (VowpalWabbitPolicy policy = new VowpalWabbitPolicy(VowpalWabbitPolicy.DEFAULT_ARGUMENTS, 1, 5)) {
			for (int round = 0; round < 400; round++) {
				Slate slate = policy.select(candidates, 1);
				String choice = slate.chosen().get(0).id();
				double clickProbability = choice.equals("b") ? 0.8 : 0.1;
				double reward = (rewards.nextDouble() < clickProbability) ? 1 : 0;
				policy.update(candidates.stream().filter((arm) -> arm.id().equals(choice)).findFirst().orElseThrow(),
						reward);
			}

			Slate last = policy.select(candidates, 1);

			ArmScore b = last.scored().get(1);
			assertThat(b.id()).isEqualTo("b");
			// epsilon 0.1 over 3 actions: the greedy action has 1 - 0.1 + 0.1 / 3
			assertThat(b.propensity()).isGreaterThan(0.9);
			assertThat(last.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(1.0, within(1e-5));
		}
	}

}
