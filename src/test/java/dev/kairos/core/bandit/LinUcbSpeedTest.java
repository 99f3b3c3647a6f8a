package dev.kairos.core.bandit;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke check of the shared-mode cost at the service's sizes (200 candidates, d = 32). The
 * targets are 100 µs per selection and 5 µs per update; the bounds here are ten times looser
 * because the machine is shared with other builds. Precise figures belong to a JMH benchmark.
 */
class LinUcbSpeedTest {

	@Test
	void sharedModeScoresTwoHundredCandidatesAndUpdatesQuickly() {
		int d = 32;
		LinUcb policy = LinUcb.shared(d, 1.0, 1.0);
		LinearProblem problem = new LinearProblem(d, 200, 0.1, 1L);
		List<Arm> candidates = problem.candidates();
		SplittableRandom random = new SplittableRandom(2L);
		for (int t = 0; t < 20_000; t++) {
			// warm-up: both paths compiled by the JIT
			Arm arm = candidates.get(random.nextInt(200));
			policy.update(arm, problem.reward(arm.features()));
			if (t % 10 == 0) {
				policy.select(candidates, 10);
			}
		}
		int selections = 2_000;
		long start = System.nanoTime();
		long sink = 0;
		for (int t = 0; t < selections; t++) {
			policy.update(candidates.get(t % 200), 0.5); // invalidates θ, as in serving
			sink += policy.select(candidates, 10).chosen().size();
		}
		double selectMicros = (System.nanoTime() - start) / 1e3 / selections;
		int updates = 100_000;
		start = System.nanoTime();
		for (int t = 0; t < updates; t++) {
			policy.update(candidates.get(t % 200), 0.5);
		}
		double updateMicros = (System.nanoTime() - start) / 1e3 / updates;
		System.out.printf("LinUCB shared d=32: update+select(200, k=10) %.1f µs, update %.2f µs%n", selectMicros,
				updateMicros);
		assertThat(sink).isEqualTo(10L * selections);
		assertThat(selectMicros).isLessThan(1_000);
		assertThat(updateMicros).isLessThan(50);
	}

}
