package dev.kairos.recommendations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.features.UserFeatures;

/**
 * The request path: candidates from the store's ranked lists (global, and the user's
 * favourite categories), the user's consumed items and {@code exclude} removed, then
 * ranked. It costs three store round trips whatever the number of candidates: the user,
 * the lists, the candidates' features.
 */
public class RecommendationService {

	/** The name this policy reports. */
	public static final String POLICY = "popularity";

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final PopularityBlend blend;

	private final int candidatesPerSource;

	private final int interestCategories;

	private final Duration newItemAge;

	public RecommendationService(FeatureStore store, FeatureSettings settings, PopularityBlend blend,
			int candidatesPerSource, int interestCategories, Duration newItemAge) {
		this.store = store;
		this.settings = settings;
		this.blend = blend;
		this.candidatesPerSource = candidatesPerSource;
		this.interestCategories = interestCategories;
		this.newItemAge = newItemAge;
	}

	public Recommendation recommend(RecommendationRequest request) {
		long at = request.at().toEpochMilli();
		UserFeatures user = this.store.user(request.userId());
		Map<String, Double> interests = interestsAt(user, at);

		Set<String> ids = new LinkedHashSet<>();
		this.store.top(sources(request.category(), interests), this.candidatesPerSource).values().forEach(ids::addAll);
		ids.removeAll(user.consumedItems());
		ids.removeAll(request.exclude());

		List<PopularityBlend.Candidate> candidates = new ArrayList<>(ids.size());
		Map<String, ItemFeatures> items = this.store.items(ids);
		for (ItemFeatures item : items.values()) {
			if (!item.recommendable() || (request.category() != null && !request.category().equals(item.category()))) {
				continue;
			}
			boolean isNew = item.createdAt() != null && item.createdAt().toEpochMilli() <= at
					&& at - item.createdAt().toEpochMilli() < this.newItemAge.toMillis();
			candidates.add(new PopularityBlend.Candidate(item.itemId(),
					this.settings.popularity().valueAt(item.popularityLogSum(), at),
					this.settings.trending().valueAt(item.trendingLogSum(), at),
					interests.getOrDefault(item.category(), 0.0), isNew));
		}

		List<PopularityBlend.Ranked> ranked = this.blend.rank(candidates, request.count());
		List<Recommendation.RecommendedItem> result = new ArrayList<>(ranked.size());
		for (PopularityBlend.Ranked r : ranked) {
			result.add(new Recommendation.RecommendedItem(r.id(), r.score(), 1.0, reason(r.reason(), user.known())));
		}
		return new Recommendation(UUID.randomUUID().toString(), request.userId(), POLICY, 0, request.at(), result,
				request.explain() ? explain(ranked, candidates) : null);
	}

	/** The user's decayed interest per category at the request time. */
	private Map<String, Double> interestsAt(UserFeatures user, long at) {
		Map<String, Double> interests = new LinkedHashMap<>();
		user.interestLogSums()
			.forEach((category, logSum) -> interests.put(category, this.settings.interest().valueAt(logSum, at)));
		return interests;
	}

	private List<RankedList> sources(String category, Map<String, Double> interests) {
		List<RankedList> sources = new ArrayList<>();
		if (category != null) {
			for (Kind kind : Kind.values()) {
				sources.add(new RankedList(kind, category));
			}
			return sources;
		}
		for (Kind kind : Kind.values()) {
			sources.add(RankedList.global(kind));
		}
		interests.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(this.interestCategories)
			.forEach((e) -> {
				sources.add(new RankedList(Kind.POPULAR, e.getKey()));
				sources.add(new RankedList(Kind.TRENDING, e.getKey()));
			});
		return sources;
	}

	private static String reason(PopularityBlend.Reason reason, boolean knownUser) {
		return switch (reason) {
			case NEW_ITEM -> "explore";
			case INTEREST -> "exploit";
			case TRENDING -> knownUser ? "trending" : "cold-start";
		};
	}

	private static Map<String, Map<String, Object>> explain(List<PopularityBlend.Ranked> ranked,
			List<PopularityBlend.Candidate> candidates) {
		Map<String, PopularityBlend.Candidate> byId = new LinkedHashMap<>();
		candidates.forEach((c) -> byId.put(c.id(), c));
		Map<String, Map<String, Object>> explanation = new LinkedHashMap<>();
		for (PopularityBlend.Ranked r : ranked) {
			PopularityBlend.Candidate c = byId.get(r.id());
			Map<String, Object> terms = new LinkedHashMap<>();
			terms.put("popularity", c.popularity());
			terms.put("trending", c.trending());
			terms.put("categoryInterest", c.interest());
			terms.put("newItem", c.isNew());
			terms.put("score", r.score());
			explanation.put(r.id(), terms);
		}
		return explanation;
	}

}
