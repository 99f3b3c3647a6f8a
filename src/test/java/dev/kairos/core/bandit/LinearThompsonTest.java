package dev.kairos.core.bandit;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LinearThompsonTest {

	private static final List<Arm> ARMS = List.of(new Arm("a", new double[] { 1, 0 }),
			new Arm("b", new double[] { 0, 1 }), new Arm("c", new double[] { 1, 1 }));

	@Test
	void aScaleOfZeroPlaysThePosteriorMean() {
		LinearThompson greedy = new LinearThompson(2, 0, 1, new SplittableRandom(7));
		for (int i = 0; i < 50; i++) {
			greedy.update(ARMS.get(0), 1);
			greedy.update(ARMS.get(1), 0);
		}
		for (int round = 0; round < 20; round++) {
			Slate slate = greedy.select(ARMS, 3);
			for (ArmScore s : slate.scored()) {
				assertThat(s.explorationBonus()).isZero();
				assertThat(s.score()).isEqualTo(s.expectedReward());
			}
			assertThat(slate.chosen().get(0).id()).isNotEqualTo("b");
		}
	}

	@Test
	void aPositiveScaleExplores() {
		LinearThompson thompson = new LinearThompson(2, 1, 1, new SplittableRandom(7));
		Slate slate = thompson.select(ARMS, 3);
		assertThat(slate.scored()).anyMatch((s) -> s.explorationBonus() != 0);
	}

	@Test
	void rejectsANegativeScale() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LinearThompson(2, -0.1, 1, new SplittableRandom(7)))
			.withMessageContaining("v");
	}

}
