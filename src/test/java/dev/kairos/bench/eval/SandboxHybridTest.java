package dev.kairos.bench.eval;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hybrid LinUCB in the sandbox while the shared model decays: its shared statistics are
 * the never-decayed copy the worker keeps ({@code raw:stats}), as its per-item feature
 * sums are never decayed. Built from the decayed model instead, A less the items' outer
 * products stops being positive definite once the decay has shrunk A, and the policy
 * cannot be built.
 */
class SandboxHybridTest {

	@Test
	void hybridLinUcbServesAWholeRunWhileTheModelDecays() {
		Map<String, String> properties = Map.of("ranking.policy", "hybrid-linucb", "learning.decay-half-life", "1h");
		try (Learner learner = new SandboxLearner("kairos-sandbox", EvaluationSuiteTest.SEED, properties)) {
			RunResult run = WorldRun.run(EvaluationSuiteTest.SMALL_DAY_PARTS, EvaluationSuiteTest.SEED, 1_500, learner,
					ClientBehaviour.IMPRESSIONS, null);
			assertThat(run.clicks()).isPositive();
			assertThat(run.lastFifth()).isPositive();
		}
	}

}
