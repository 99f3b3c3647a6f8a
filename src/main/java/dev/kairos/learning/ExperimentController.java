package dev.kairos.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.eval.ConfidenceInterval;
import dev.kairos.core.ranking.ExperimentAssignment;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/experiments}: per policy of the running experiment, the items shown,
 * the items clicked, and the click-through rate with its 95% Wilson interval.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class ExperimentController {

	private final ExperimentAssignment experiment;

	private final ModelStore store;

	ExperimentController(ExperimentAssignment experiment, ModelStore store) {
		this.experiment = experiment;
		this.store = store;
	}

	@GetMapping("/admin/experiments")
	Map<String, Object> report() {
		int total = this.experiment.weights().values().stream().mapToInt(Integer::intValue).sum();
		List<Map<String, Object>> policies = new ArrayList<>();
		this.experiment.weights().forEach((policy, weight) -> {
			ModelStore.PolicyCounts counts = this.store.counts(policy);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("policy", policy);
			row.put("share", weight / (double) total);
			row.put("impressions", counts.shown());
			row.put("clicks", counts.clicked());
			if (counts.shown() > 0) {
				ConfidenceInterval interval = ConfidenceInterval.wilson(counts.clicked(), counts.shown());
				row.put("ctr", counts.clicked() / (double) counts.shown());
				row.put("ctrLower", interval.lower());
				row.put("ctrUpper", interval.upper());
			}
			policies.add(row);
		});
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("experiment", this.experiment.name());
		report.put("policies", policies);
		return report;
	}

}
