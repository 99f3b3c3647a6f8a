package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExperimentAssignmentTest {

	private static ExperimentAssignment split(String name) {
		Map<String, Integer> weights = new LinkedHashMap<>();
		weights.put("linucb", 3);
		weights.put("popularity", 1);
		return new ExperimentAssignment(name, weights);
	}

	@Test
	void sharesFollowTheWeightsAndAUserKeepsTheirPolicy() {
		ExperimentAssignment experiment = split("ctr-2026");
		Map<String, Integer> counts = new HashMap<>();
		for (int u = 0; u < 40_000; u++) {
			counts.merge(experiment.policyFor("user-" + u), 1, Integer::sum);
		}
		// 30,000 expected; the binomial standard deviation is about 87
		assertThat(counts.get("linucb")).isBetween(29_500, 30_500);
		assertThat(split("ctr-2026").policyFor("user-17")).isEqualTo(experiment.policyFor("user-17"));
	}

	@Test
	void anotherExperimentNameReshuffles() {
		ExperimentAssignment a = split("a");
		ExperimentAssignment b = split("b");
		int differ = 0;
		for (int u = 0; u < 10_000; u++) {
			if (!a.policyFor("u" + u).equals(b.policyFor("u" + u))) {
				differ++;
			}
		}
		// independent assignments differ with probability 2 * 0.75 * 0.25 = 0.375
		assertThat(differ).isBetween(3_500, 4_000);
	}

	@Test
	void aSinglePolicyTakesEverybodyAndBadWeightsAreRefused() {
		assertThat(ExperimentAssignment.only("linucb").policyFor("anyone")).isEqualTo("linucb");
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentAssignment("x", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new ExperimentAssignment("x", Map.of("a", 0)));
	}

}
