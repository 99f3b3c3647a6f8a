package dev.kairos.evaluation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kairos.core.eval.PolicyValueEstimate;
import dev.kairos.core.eval.SlateLogEvaluation;
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.JsonFields;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/evaluation?policy=NAME[&since=TS][&alpha=A]}: what the named policy
 * would have earned on the slates served since {@code since} (all those kept by the
 * slates topic by default), by replay, IPS, SNIPS and doubly robust with 95% intervals,
 * beside what the logging policy observed.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class EvaluationController {

	private final LogEvaluation evaluation;

	EvaluationController(LogEvaluation evaluation) {
		this.evaluation = evaluation;
	}

	@GetMapping("/admin/evaluation")
	Map<String, Object> evaluate(@RequestParam(required = false) String policy,
			@RequestParam(required = false) String since, @RequestParam(required = false) String alpha) {
		if (policy == null || policy.isEmpty()) {
			throw new InvalidInputException("policy",
					"is required: one of " + String.join(", ", LogEvaluation.policies()));
		}
		if (!LogEvaluation.knows(policy)) {
			throw new InvalidInputException("policy", "must be one of " + String.join(", ", LogEvaluation.policies()));
		}
		Instant start = null;
		if (since != null) {
			start = JsonFields.parseTimestamp(since);
			if (start == null) {
				throw new InvalidInputException("since",
						"must be an ISO-8601 timestamp with an offset, such as 2026-01-31T09:00:00Z");
			}
		}
		Double a = null;
		if (alpha != null) {
			a = parseAlpha(alpha);
		}
		return view(this.evaluation.evaluate(policy, a, start));
	}

	private static double parseAlpha(String alpha) {
		try {
			double a = (alpha.length() <= 32 && alpha.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.'))
					? Double.parseDouble(alpha) : -1;
			if (a >= 0 && a <= 100) {
				return a;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidInputException("alpha", "must be a number from 0 to 100, such as 0.3");
	}

	static Map<String, Object> view(LogEvaluation.Evaluation evaluation) {
		SlateLogEvaluation.Result result = evaluation.result();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("policy", result.policy());
		view.put("alpha", evaluation.alpha());
		view.put("since", (evaluation.since() != null) ? evaluation.since().toString() : null);
		Map<String, Object> logged = new LinkedHashMap<>();
		logged.put("slates", result.logged().slates());
		logged.put("impressions", result.logged().impressions());
		logged.put("clicks", result.logged().positives());
		logged.put("ctr", finiteOrNull(result.logged().positiveRate()));
		logged.put("meanReward", finiteOrNull(result.logged().meanReward()));
		view.put("logged", logged);
		Map<String, Object> estimators = new LinkedHashMap<>();
		for (PolicyValueEstimate estimate : result.estimates()) {
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("value", finiteOrNull(estimate.value()));
			e.put("lower", finiteOrNull(estimate.interval().lower()));
			e.put("upper", finiteOrNull(estimate.interval().upper()));
			estimators.put(estimate.estimator(), e);
		}
		view.put("estimators", estimators);
		Map<String, Object> support = new LinkedHashMap<>();
		support.put("matchedSlots", result.support().matched());
		support.put("deterministicSlots", result.support().deterministicSlots());
		support.put("minimumPropensity", finiteOrNull(result.support().minimumPropensity()));
		support.put("deterministicLog", result.deterministicLog());
		if (result.support().deterministicSlots() > 0) {
			support.put("note", result.deterministicLog() ? DETERMINISTIC : PARTLY_DETERMINISTIC);
		}
		view.put("support", support);
		view.put("truncated", evaluation.truncated());
		view.put("unusableSlates", evaluation.unusable());
		return view;
	}

	static final String DETERMINISTIC = "Every item was logged with propensity 1: the logging policy was "
			+ "deterministic, so the log says nothing of items it did not show. The estimates see the policy only "
			+ "where it ranks the shown items as the log did (matchedSlots): IPS counts the other slots as 0 "
			+ "(a lower bound for rewards >= 0), replay and SNIPS average the matched slots, DR fills the others "
			+ "from its reward model. None is unbiased for a policy other than the logging one.";

	static final String PARTLY_DETERMINISTIC = "Some items were logged with propensity 1 (deterministicSlots): "
			+ "there the estimates see the policy only where it agrees with the log.";

	private static Double finiteOrNull(double value) {
		return Double.isFinite(value) ? value : null;
	}

}
