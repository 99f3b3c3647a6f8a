package dev.kairos.recommendations;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.SplittableRandom;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.ExperimentAssignment;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.Reason;
import dev.kairos.core.ranking.ExposureConstraints;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;
import dev.kairos.core.ranking.SlateRanker.RankedItem;
import dev.kairos.core.ranking.UserState;
import dev.kairos.events.EventType;
import dev.kairos.events.RecentEvents;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.StoreUnavailableException;
import dev.kairos.features.UserFeatures;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.PolicySettings;
import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.ServingModel;
import dev.kairos.learning.SlateLog;

/**
 * The request path, a thin use case: read the user's state (one Redis round trip), let
 * the {@link Recommender} choose candidates from the in-memory {@link ServingSnapshot}
 * and rank them, then log the served slate. Everything shared by all users (catalogue,
 * item counts, ranked lists, global Interest Clock, base rate, the model's posterior)
 * comes from the snapshot, which is rebuilt off the request path
 * ({@link ServingSnapshots}); the request neither waits for a reload nor takes a lock.
 */
public class RecommendationService {

	/** How many features {@code explain=true} names per item. */
	static final int TOP_FEATURES = 5;

	/** How long after a store failure requests go straight to the fallback. */
	static final long STORE_RETRY_MILLIS = 1_000;

	private final FeatureStore store;

	private final ServingSnapshots snapshots;

	private final RecentEvents recent;

	private final Recommender recommender;

	private final ZoneId zone;

	private final SlateLog slates;

	private final LearningSettings learning;

	private final ExperimentAssignment experiment;

	private final RequestRandomness randomness;

	private final int propensityDraws;

	private volatile long storeDownUntil;

	private final NeuralLinearScorer neuralLinear;

	private final ExposureConstraints constraints;

	/**
	 * @param policies the policies' parameters
	 * @param recent the events this instance accepted that the store may not hold yet:
	 * the users' consumed and recent items
	 * @param constraints the exposure constraints every ranked slate meets (the degraded
	 * fallback's most popular items are not constrained)
	 */
	public RecommendationService(FeatureStore store, ServingSnapshots snapshots, Recommender recommender, ZoneId zone,
			SlateLog slates, LearningSettings learning, ExperimentAssignment experiment, PolicySettings policies,
			RecentEvents recent, ExposureConstraints constraints) {
		this.recent = recent;
		this.constraints = constraints;
		this.randomness = new RequestRandomness(policies.seed());
		this.propensityDraws = policies.propensityDraws();
		this.store = store;
		this.snapshots = snapshots;
		this.recommender = recommender;
		this.zone = zone;
		this.slates = slates;
		this.learning = learning;
		this.experiment = experiment;
		this.neuralLinear = new NeuralLinearScorer(learning.lambda(), learning.alpha());
	}

	/**
	 * Recommends; while the feature store cannot be reached, answers from the snapshot's
	 * most popular items, marked {@code degraded} (and for {@link #STORE_RETRY_MILLIS}
	 * after a failure does not wait for it again), so that a Redis outage costs
	 * personalisation, not availability. Before any snapshot was built, the store's
	 * failure is the answer.
	 */
	public Recommendation recommend(RecommendationRequest request) {
		ServingSnapshot snapshot = this.snapshots.current();
		// the fallback's ids are read from the catalogue only when the store is down
		if (System.currentTimeMillis() < this.storeDownUntil) {
			List<String> fallback = fallback(snapshot);
			if (!fallback.isEmpty()) {
				return degraded(request, fallback);
			}
		}
		try {
			if (!snapshot.ready()) {
				throw new StoreUnavailableException("the serving snapshot is not built yet", null);
			}
			return ranked(request, snapshot);
		}
		catch (StoreUnavailableException ex) {
			this.storeDownUntil = System.currentTimeMillis() + STORE_RETRY_MILLIS;
			List<String> fallback = fallback(snapshot);
			if (fallback.isEmpty()) {
				throw ex;
			}
			return degraded(request, fallback);
		}
	}

	/** The most popular items (the newest before anything was clicked). */
	private static List<String> fallback(ServingSnapshot snapshot) {
		List<String> popular = snapshot.list(CandidateSource.ListKind.POPULAR);
		return popular.isEmpty() ? snapshot.list(CandidateSource.ListKind.NEW) : popular;
	}

	private Recommendation degraded(RecommendationRequest request, List<String> fallback) {
		List<Recommendation.RecommendedItem> items = new ArrayList<>(request.count());
		for (String itemId : fallback) {
			if (items.size() == request.count()) {
				break;
			}
			if (!request.exclude().contains(itemId)) {
				items.add(new Recommendation.RecommendedItem(itemId, 0, 1.0, Reason.FALLBACK.wireName()));
			}
		}
		return new Recommendation(UUID.randomUUID().toString(), request.userId(), "fallback", 0, request.at(), false,
				true, items, null, true, 0, null);
	}

	private Recommendation ranked(RecommendationRequest request, ServingSnapshot snapshot) {
		// read
		UserFeatures features = this.store.user(request.userId());
		UserState user = userState(features, this.recent.consumed(request.userId()),
				this.recent.recentItems(request.userId()));
		// the request's context, and for what it leaves out the user's latest event's
		Map<String, String> context = new java.util.TreeMap<>(features.context());
		context.putAll(request.context());
		// plan and rank
		String policy = this.experiment.policyFor(request.userId());
		ServingModel.Version model = snapshot.model();
		SplittableRandom random = this.randomness.next();
		ServingPolicy served = model.policy(policy);
		if (NeuralLinearScorer.NAME.equals(policy)) {
			served = this.neuralLinear.policy(snapshot, served);
		}
		Recommender.Slate slate = this.recommender
			.recommend(new Recommender.Request(request.count(), request.at().toEpochMilli(),
					InterestClock.hourOfDay(request.at(), this.zone), request.category(), request.exclude(), context),
					user, snapshot, served, random, this.propensityDraws, this.constraints);
		long version = LearningSettings.usesModel(policy) ? Math.max(0, model.version()) : 0;
		// log
		String recommendationId = UUID.randomUUID().toString();
		log(recommendationId, request, policy, version, slate, snapshot.baseRate());
		this.recommender.served(slate.items(), snapshot);
		List<Recommendation.RecommendedItem> items = new ArrayList<>(slate.items().size());
		for (int j = 0; j < slate.items().size(); j++) {
			RankedItem r = slate.items().get(j);
			items.add(new Recommendation.RecommendedItem(r.itemId(), r.score(), slate.propensities()[j],
					r.reason().wireName()));
		}
		return new Recommendation(recommendationId, request.userId(), policy, version, request.at(), !user.known(),
				false, items,
				request.explain() ? explain(slate, LearningSettings.usesModel(policy) ? model : null) : null,
				slate.deterministic(), slate.propensityError(), slate.variant().isEmpty() ? null : slate.variant());
	}

	/**
	 * Logs the served slate to Kafka, the only place it is written: the worker joins
	 * feedback to it and learns, and counts each item's exposure ({@link Exposure}: what
	 * showing it adds to the item's and the user's exposure) at once.
	 */
	private void log(String recommendationId, RecommendationRequest request, String policy, long version,
			Recommender.Slate slate, double baseRate) {
		List<ServedSlate.ShownItem> shown = new ArrayList<>(slate.items().size());
		for (int position = 0; position < slate.items().size(); position++) {
			RankedItem r = slate.items().get(position);
			Exposure exposure = Exposure.of(position, baseRate, r.lift(), r.itemRate(), slate.affinity(r.index()));
			shown.add(new ServedSlate.ShownItem(r.itemId(), position, slate.propensities()[position],
					r.reason().wireName(), slate.features()[r.index()], exposure));
		}
		ServedSlate served = new ServedSlate(recommendationId, request.userId(), policy, version, request.at(), shown,
				this.learning.holdsOut(recommendationId), slate.deterministic(), slate.propensityError(),
				slate.variant());
		this.slates.log(served);
	}

	/**
	 * The user's state as the ranking reads it, with what the events this instance
	 * accepted add that the store may not hold yet: the items of their clicks, purchases
	 * and skips among the consumed ones, and their items in front of the recent ones.
	 */
	static UserState userState(UserFeatures user, Set<String> justConsumed, List<String> justRecent) {
		long events = 0;
		for (long n : user.counts().values()) {
			events += n;
		}
		return new UserState(user.known(), events, user.count(EventType.CLICK), user.count(EventType.IMPRESSION),
				user.interestLogSums(), RecentEvents.merge(justRecent, user.recentItems()),
				user.consumed().with(justConsumed), user.clock(), user.blockClicks(), user.clockExposures(),
				user.repeatCounts());
	}

	private static Map<String, Map<String, Object>> explain(Recommender.Slate slate, ServingModel.Version model) {
		Map<String, Map<String, Object>> explanation = new LinkedHashMap<>();
		for (RankedItem r : slate.items()) {
			Map<String, Object> terms = new LinkedHashMap<>();
			terms.put("itemRate", r.itemRate());
			terms.put("lift", r.lift());
			terms.put("expectedReward", r.expectedReward());
			terms.put("explorationBonus", r.explorationBonus());
			terms.put("interestClock", r.clockTerm());
			terms.put("prior", r.priorTerm());
			terms.put("score", r.score());
			double[] features = slate.features()[r.index()];
			terms.put("twoTower", features[FeatureVector.TWO_TOWER]);
			terms.put("hashedFeatures",
					List.copyOf(FeatureVector.hashed(slate.user(), slate.candidates().get(r.index())).keySet()));
			terms.put("similarTo", features[FeatureVector.SIMILAR_TO]);
			double[] contribution = new double[features.length];
			List<Integer> order = new ArrayList<>();
			for (int j = 0; j < features.length; j++) {
				contribution[j] = (model != null) ? model.posterior().theta(j) * features[j] : 0;
				order.add(j);
			}
			// the strongest contributions; with a model that has not learned yet (all 0),
			// the features that are there
			order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(contribution[j]))
				.thenComparing(Comparator.comparingDouble((Integer j) -> -Math.abs(features[j])))
				.thenComparing(Comparator.naturalOrder()));
			List<String> names = slate.featureNames(r.index());
			Map<String, Double> top = new LinkedHashMap<>();
			for (int j : order.subList(0, Math.min(TOP_FEATURES, order.size()))) {
				top.put(names.get(j), contribution[j]);
			}
			terms.put("topFeatures", top);
			explanation.put(r.itemId(), terms);
		}
		return explanation;
	}

}
