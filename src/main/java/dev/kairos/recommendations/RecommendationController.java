package dev.kairos.recommendations;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.kairos.metrics.KairosMetrics;
import dev.kairos.validation.Ids;
import dev.kairos.validation.Labels;
import dev.kairos.validation.QueryParameters;
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.JsonFields;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /recommendations}. */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class RecommendationController {

	static final int MAX_COUNT = 100;

	static final int MAX_EXCLUDE = 200;

	/** The prefix of context parameters: {@code context.device=ios}. */
	static final String CONTEXT_PREFIX = "context.";

	/** The most context entries a request may carry (as many as an event's context). */
	static final int MAX_CONTEXT_ENTRIES = 16;

	/** The longest context key, after the prefix (as an event's context keys). */
	static final int MAX_CONTEXT_KEY_LENGTH = 64;

	private final RecommendationService service;

	private final Clock clock;

	private final KairosMetrics metrics;

	RecommendationController(RecommendationService service, Clock clock, KairosMetrics metrics) {
		this.service = service;
		this.clock = clock;
		this.metrics = metrics;
	}

	@GetMapping("/recommendations")
	Recommendation recommend(@RequestParam(required = false) String userId,
			@RequestParam(required = false) String count, @RequestParam(required = false) String at,
			@RequestParam(required = false) String category, @RequestParam(required = false) String exclude,
			@RequestParam(required = false) String explain, @RequestParam MultiValueMap<String, String> parameters) {
		if (userId == null) {
			throw new InvalidInputException("userId", "is required");
		}
		Ids.require("userId", userId);
		int n = QueryParameters.integer("count", count, 10, 1, MAX_COUNT);
		Instant time = at(at);
		if (category != null) {
			Labels.require("category", category);
		}
		Map<String, String> context = context(parameters);
		Recommendation answer = this.service.recommend(new RecommendationRequest(userId, n, time, category,
				exclude(exclude), bool("explain", explain), context));
		if (answer.degraded()) {
			this.metrics.degraded("store-unavailable");
		}
		this.metrics.served(answer.policy(),
				answer.items().stream().map(Recommendation.RecommendedItem::reason).toList(), answer.coldStart());
		if (!answer.degraded()) {
			this.metrics.propensities(answer.policy(), answer.deterministic(),
					answer.items().stream().mapToDouble(Recommendation.RecommendedItem::propensity).toArray());
			dev.kairos.core.bandit.ServedMetaBandit.Choice choice = dev.kairos.core.bandit.ServedMetaBandit
				.parse(answer.variant());
			if (choice != null) {
				this.metrics.metaBanditChose(choice.alphaKey());
			}
		}
		return answer;
	}

	private Instant at(String at) {
		if (at == null) {
			return this.clock.instant();
		}
		Instant parsed = JsonFields.parseTimestamp(at);
		if (parsed == null) {
			throw new InvalidInputException("at",
					"must be an ISO-8601 timestamp with an offset, such as 2026-01-31T09:00:00Z");
		}
		return parsed;
	}

	private static Set<String> exclude(String exclude) {
		Set<String> ids = new LinkedHashSet<>();
		if (exclude == null || exclude.isEmpty()) {
			return ids;
		}
		String[] parts = exclude.split(",", -1);
		if (parts.length > MAX_EXCLUDE) {
			throw new InvalidInputException("exclude", "must list at most " + MAX_EXCLUDE + " item ids");
		}
		for (String id : parts) {
			ids.add(Ids.require("exclude", id.strip()));
		}
		return ids;
	}

	/**
	 * The request's context from its {@code context.KEY=VALUE} parameters: at most
	 * {@value #MAX_CONTEXT_ENTRIES} keys of 1–{@value #MAX_CONTEXT_KEY_LENGTH}
	 * characters, each given once, values labels ({@link Labels}: 1–128 printable
	 * characters).
	 */
	static Map<String, String> context(MultiValueMap<String, String> parameters) {
		Map<String, String> context = new TreeMap<>();
		for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
			if (!e.getKey().startsWith(CONTEXT_PREFIX)) {
				continue;
			}
			String key = e.getKey().substring(CONTEXT_PREFIX.length());
			if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_CONTEXT_KEY_LENGTH
					|| Labels.problem(key) != null) {
				throw new InvalidInputException(e.getKey(),
						"context keys must be 1-" + MAX_CONTEXT_KEY_LENGTH + " printable characters");
			}
			if (e.getValue().size() != 1) {
				throw new InvalidInputException(e.getKey(), "must be given once");
			}
			context.put(key, Labels.require(e.getKey(), e.getValue().get(0)));
		}
		if (context.size() > MAX_CONTEXT_ENTRIES) {
			throw new InvalidInputException("context", "must have at most " + MAX_CONTEXT_ENTRIES + " entries");
		}
		return context;
	}

	private static boolean bool(String name, String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true") || value.isEmpty()) {
			return true;
		}
		throw new InvalidInputException(name, "must be true or false");
	}

}
