package dev.kairos.bench.eval;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeat places in the sandbox: where nothing is consumed twice (the simulated worlds,
 * whose users never click an item again) the learned repeat share stays 0 and
 * {@code kairos.recommendations.repeats=learned} serves exactly what {@code never}
 * serves, slate for slate (the figures of every window and the clicks drawn from them).
 */
class SandboxRepeatsTest {

	private static RunResult run(Map<String, String> properties) {
		try (Learner learner = new SandboxLearner("kairos-sandbox", EvaluationSuiteTest.SEED, properties)) {
			return WorldRun.run(EvaluationSuiteTest.SMALL_DAY_PARTS, EvaluationSuiteTest.SEED, 1_500, learner,
					ClientBehaviour.CLICKS_ONLY, null);
		}
	}

	@Test
	void inAWorldWhereNothingIsConsumedTwiceTheLearnedSettingServesTheSameSlates() {
		RunResult never = run(Map.of());
		RunResult learned = run(Map.of("recommendations.repeats", "learned"));
		assertThat(never.clicks()).isPositive();
		assertThat(learned.windows()).containsExactly(never.windows());
		assertThat(learned.clicks()).isEqualTo(never.clicks());
		assertThat(learned.lastFifth()).isEqualTo(never.lastFifth());
	}

}
