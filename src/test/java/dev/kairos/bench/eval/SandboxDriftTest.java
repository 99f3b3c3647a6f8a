package dev.kairos.bench.eval;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kairos-sandbox learns about time as the worker does: its model decays with
 * {@code kairos.learning.decay-half-life} in event time, and the worker's drift detector
 * ({@code core.drift}) is fed its reward stream and answers as configured.
 */
class SandboxDriftTest {

	static final int REQUESTS = 600;

	static final long SEED = 3;

	/** A detector that fires at the least change, so that its response shows. */
	static final Map<String, String> TOUCHY = Map.of("learning.drift.delta", "0", "learning.drift.threshold", "0.5",
			"learning.drift.min-impressions", "20");

	private static RunResult run(SandboxLearner learner) {
		return WorldRun.run(EvaluationSuiteTest.SMALL_DAY_PARTS, SEED, REQUESTS, learner, ClientBehaviour.IMPRESSIONS,
				null);
	}

	private static SandboxLearner sandbox(Map<String, String> base, String... more) {
		Map<String, String> properties = new java.util.HashMap<>(base);
		for (int i = 0; i + 1 < more.length; i += 2) {
			properties.put(more[i], more[i + 1]);
		}
		return new SandboxLearner("kairos-sandbox", SEED, properties);
	}

	@Test
	void theDetectorIsFedEveryServedItemOnceAndEveryFirstClick() {
		SandboxLearner learner = sandbox(Map.of());
		RunResult result = run(learner);
		List<SandboxLearner.DriftBatch> batches = learner.driftLog();
		long impressions = batches.stream().mapToLong(SandboxLearner.DriftBatch::impressions).sum();
		long positives = batches.stream().mapToLong(SandboxLearner.DriftBatch::positives).sum();
		long fedSlates = batches.get(batches.size() - 1).slate();
		int slate = EvaluationSuiteTest.SMALL_DAY_PARTS.slateSize();
		// fed at each rebuild, up to the last one (the rest is still pending)
		assertThat(impressions).isEqualTo(fedSlates * slate);
		assertThat(positives).isPositive().isLessThanOrEqualTo(result.clicks());
		assertThat(batches).allSatisfy((b) -> assertThat(b.stream()).startsWith("linucb|"));
		assertThat(batches.stream().map(SandboxLearner.DriftBatch::stream).distinct())
			.containsExactlyInAnyOrder("linucb|new-user", "linucb|established-user");
	}

	@Test
	void theResponseChangesWhatIsLearnedOnlyWhenItActs() {
		SandboxLearner none = sandbox(TOUCHY, "learning.drift.response", "none");
		SandboxLearner reset = sandbox(TOUCHY, "learning.drift.response", "reset");
		SandboxLearner decay = sandbox(TOUCHY, "learning.drift.response", "decay");
		RunResult noneResult = run(none);
		RunResult resetResult = run(reset);
		RunResult decayResult = run(decay);
		assertThat(none.driftDetections()).isNotEmpty();
		// until the first detection the three are the same learner
		assertThat(reset.driftLog().get(0)).isEqualTo(none.driftLog().get(0));
		assertThat(resetResult.windows()).isNotEqualTo(noneResult.windows());
		assertThat(decayResult.windows()).isNotEqualTo(noneResult.windows());
		// the same detector, never firing, leaves the learner as it is
		SandboxLearner quiet = sandbox(Map.of("learning.drift.threshold", "1e9"), "learning.drift.response", "reset");
		SandboxLearner quietNone = sandbox(Map.of("learning.drift.threshold", "1e9"), "learning.drift.response",
				"none");
		assertThat(run(quiet).windows()).containsExactly(run(quietNone).windows());
		assertThat(quiet.driftDetections()).isEmpty();
	}

	@Test
	void theModelDecaysWithItsHalfLifeInEventTime() {
		RunResult week = run(sandbox(Map.of(), "learning.decay-half-life", "7d"));
		RunResult never = run(sandbox(Map.of(), "learning.decay-half-life", "0s"));
		RunResult hour = run(sandbox(Map.of(), "learning.decay-half-life", "1h"));
		assertThat(week.windows()).isNotEqualTo(never.windows());
		assertThat(hour.windows()).isNotEqualTo(week.windows());
	}

}
