package dev.kairos.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.events.EventType;
import dev.kairos.features.EventEffect;
import dev.kairos.features.FeatureSettings;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

/**
 * The feature store as it applied events before the per-key scripts: one
 * {@code user-event.lua} and one {@code item-event.lua} call per event (the scripts as
 * they were, under {@code src/test/resources/redis/per-event/}) and one read of the
 * user's recent items per positive event for its co-occurrence partners, and one
 * {@code co-occurrence.lua} call per paired item that reads its whole list (the script as
 * it was, under {@code src/test/resources/redis/read-per-batch/}); the rest of the batch
 * unchanged. The reference {@code BatchedFeatureScriptsTest} compares the batched store
 * with.
 */
class PerEventFeatureStore extends RedisFeatureStore {

	private static final LuaScripts.Script USER_EVENT = LuaScripts.Script.load("per-event/user-event");

	private static final LuaScripts.Script ITEM_EVENT = LuaScripts.Script.load("per-event/item-event");

	/**
	 * The co-occurrence lists' script before the lists were kept in the worker: each call
	 * reads an item's whole list and applies its pairs in Lua.
	 */
	static final LuaScripts.Script READ_PER_BATCH = LuaScripts.Script.load("read-per-batch/co-occurrence");

	private final RedisSession redis;

	private final FeatureSettings settings;

	PerEventFeatureStore(RedisSession redis, FeatureSettings settings, RedisSnapshotChanges changes) {
		super(redis, settings, changes);
		this.redis = redis;
		this.settings = settings;
	}

	@Override
	UserResults applyToUsers(List<EventEffect> effects, Map<String, String> categories) {
		String lambda = Double.toString(this.settings.interest().lambdaPerHour());
		String ttl = Long.toString(this.settings.userTtl().toSeconds());
		String window = Long.toString(this.settings.deduplicationWindow().toMillis());
		String recentCap = Integer.toString(this.settings.recentItems());
		String consumedCap = Integer.toString(this.settings.consumedItems());
		List<LuaScripts.Call<Long>> userCalls = new ArrayList<>(effects.size());
		for (EventEffect e : effects) {
			String[] keys = { RedisKeys.user(e.userId()), RedisKeys.userRecent(e.userId()),
					RedisKeys.userConsumed(e.userId()), RedisKeys.userEventIds(e.userId()),
					RedisKeys.userDuplicates(e.userId()), RedisKeys.userSkipped(e.userId()) };
			String category = categories.get(e.itemId());
			String tally = ((e.type() != EventType.CLICK && e.type() != EventType.PURCHASE) || category == null) ? ""
					: clickTally(category, e.timestampMillis());
			userCalls.add(USER_EVENT.call(ScriptOutputType.INTEGER, keys, Integer.toString(e.partition()),
					Long.toString(e.offset()), (e.eventId() != null) ? e.eventId() : "", e.type().wireName(),
					Long.toString(e.timestampMillis()), Long.toString(e.acceptedMillis()), Double.toString(e.weight()),
					lambda, categories.getOrDefault(e.itemId(), ""), e.itemId(), e.consumes() ? "1" : "0",
					e.recent() ? "1" : "0", recentCap, consumedCap, ttl, window, tally,
					(e.type() == EventType.SKIP) ? "1" : "0", context(e.context())));
		}
		List<Long> userOutcomes = this.redis.run(userCalls);
		// then each positive event's partners, one read each, as the store read them
		List<EventEffect> positives = new ArrayList<>();
		for (int i = 0; i < effects.size(); i++) {
			if (userOutcomes.get(i) == 0 && effects.get(i).weight() > 0) {
				positives.add(effects.get(i));
			}
		}
		List<List<String>> read = positives.isEmpty() ? List.of() : this.redis.pipeline((r) -> {
			List<RedisFuture<List<String>>> futures = new ArrayList<>(positives.size());
			for (EventEffect e : positives) {
				futures.add(r.zrevrangebyscore(RedisKeys.userRecent(e.userId()),
						Range.from(Range.Boundary.including((double) (e.timestampMillis() - CO_CLICK_WINDOW_MILLIS)),
								Range.Boundary.including((double) e.timestampMillis())),
						Limit.create(0, CO_CLICK_PARTNERS)));
			}
			return futures;
		});
		List<List<String>> partners = new ArrayList<>();
		int p = 0;
		for (int i = 0; i < effects.size(); i++) {
			boolean positive = userOutcomes.get(i) == 0 && effects.get(i).weight() > 0;
			partners.add(positive ? read.get(p++) : null);
		}
		// the users' repeat counts are in their hashes; the population's are not compared
		return new UserResults(userOutcomes.stream().mapToLong(Long::longValue).toArray(), partners,
				dev.kairos.core.ranking.RepeatConsumption.Counts.NONE);
	}

	private String clickTally(String category, long timestampMillis) {
		return "k:" + category + ":"
				+ dev.kairos.features.UserFeatures.hourBlock(dev.kairos.core.interestclock.InterestClock
					.hourOfDay(java.time.Instant.ofEpochMilli(timestampMillis), this.settings.zone()));
	}

	@Override
	void addPairs(Map<String, List<RedisCoOccurrenceLists.Pair>> additions) {
		addPairsReadingEachList(this.redis, additions);
	}

	/** Adds pairs as the lists' script did before the lists were kept in memory. */
	static void addPairsReadingEachList(RedisSession redis, Map<String, List<RedisCoOccurrenceLists.Pair>> additions) {
		List<LuaScripts.Call<Long>> calls = new ArrayList<>(additions.size());
		additions.forEach((item, pairs) -> {
			List<String> args = new ArrayList<>(2 * pairs.size() + 1);
			args.add(Integer.toString(CO_CLICK_CAP));
			for (RedisCoOccurrenceLists.Pair pair : pairs) {
				args.add(pair.partner());
				args.add(Double.toString(pair.logIncrement()));
			}
			calls.add(READ_PER_BATCH.call(ScriptOutputType.INTEGER,
					new String[] { RedisKeys.coClicked(item), RedisKeys.coClickedSortedSet(item) },
					args.toArray(String[]::new)));
		});
		redis.run(calls);
	}

	@Override
	List<ListMove> applyToItems(List<EventEffect> effects) {
		if (effects.isEmpty()) {
			return List.of();
		}
		String popularity = Double.toString(this.settings.popularity().lambdaPerHour());
		String trending = Double.toString(this.settings.trending().lambdaPerHour());
		List<LuaScripts.Call<List<Object>>> calls = new ArrayList<>(effects.size());
		for (EventEffect e : effects) {
			calls.add(ITEM_EVENT.call(ScriptOutputType.MULTI, new String[] { RedisKeys.item(e.itemId()) },
					Integer.toString(e.partition()), Long.toString(e.offset()), e.type().wireName(),
					Long.toString(e.timestampMillis()), Double.toString(e.weight()), popularity, trending));
		}
		List<List<Object>> outcomes = this.redis.run(calls);
		Map<String, ListMove> ranked = new LinkedHashMap<>();
		for (int i = 0; i < effects.size(); i++) {
			List<Object> outcome = outcomes.get(i);
			long code = (Long) outcome.get(0);
			if (code == 2 && !"".equals(outcome.get(1)) && "1".equals(outcome.get(2))) {
				String itemId = effects.get(i).itemId();
				ranked.put(itemId, new ScoresMoved(itemId, (String) outcome.get(1),
						Double.parseDouble((String) outcome.get(3)), Double.parseDouble((String) outcome.get(4))));
			}
		}
		return new ArrayList<>(ranked.values());
	}

}
