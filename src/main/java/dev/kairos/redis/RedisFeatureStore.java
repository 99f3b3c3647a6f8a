package dev.kairos.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.ConsumedItems;
import dev.kairos.core.ranking.RepeatConsumption;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.events.EventType;
import dev.kairos.features.EventEffect;
import dev.kairos.features.ExposureEffect;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.features.UserFeatures;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feature store on Redis (standalone or Cluster; see {@link RedisKeys}).
 *
 * <p>
 * Applying a batch of events takes pipelined round trips for the items' categories, the
 * user scripts, the item scripts, the ranked lists, the Interest Clocks, the population's
 * counts and the co-occurrence lists. Each script checks and advances the offset of the
 * record's partition atomically with its update, so a redelivered record changes nothing;
 * the user script also remembers client event ids for the deduplication window, and an
 * event it finds to be a duplicate is not applied to the item either. The ranked lists
 * take absolute forward-decay scores with {@code ZADD GT}, so replays and races between
 * workers cannot lower or double them. The population's counts and the global clock's
 * masses are increments, added once per write token ({@code population-counts.lua}), so a
 * command delivered twice adds once.
 */
class RedisFeatureStore implements FeatureStore {

	static final String[] ITEM_FIELDS = { "c", "a", "ca", "pop", "trend", "n:impression", "n:view", "n:click",
			"n:purchase", "n:skip", "e", "tags", "attrs" };

	/** Reads items' tags and attributes, as {@link RedisItemCatalog} wrote them. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * How many of the user's earlier positive items each view, click or purchase pairs
	 * with.
	 */
	static final int CO_CLICK_PARTNERS = 10;

	/** How far back an event looks for partners. */
	static final long CO_CLICK_WINDOW_MILLIS = 24 * 3_600_000L;

	/** The most partners an item's co-occurrence list keeps. */
	static final int CO_CLICK_CAP = 100;

	private static final LuaScripts.Script USER_EVENTS = LuaScripts.Script.withPrelude("user-events");

	/** The arguments of one event in a {@code user-events.lua} call. */
	private static final int USER_EVENT_STRIDE = 14;

	private static final LuaScripts.Script ITEM_EVENTS = LuaScripts.Script.withPrelude("item-events");

	/** The arguments of one event in an {@code item-events.lua} call. */
	private static final int ITEM_EVENT_STRIDE = 5;

	private static final LuaScripts.Script EXPOSURE = LuaScripts.Script.load("exposure");

	private static final LuaScripts.Script POPULATION_COUNTS = LuaScripts.Script.load("population-counts");

	/**
	 * How long Redis remembers a write token of {@code population-counts.lua}: far longer
	 * than a command can wait in Lettuce's queue to be sent again.
	 */
	static final Duration WRITE_TOKEN_RETENTION = Duration.ofHours(1);

	private final WriteTokens writeTokens = new WriteTokens();

	private final RedisSession redis;

	private final FeatureSettings settings;

	private final RedisInterestClocks clocks;

	private final RedisSnapshotChanges changes;

	private final RedisCoOccurrenceLists coOccurrenceLists;

	RedisFeatureStore(RedisSession redis, FeatureSettings settings, RedisSnapshotChanges changes) {
		this.redis = redis;
		this.changes = changes;
		this.settings = settings;
		this.clocks = new RedisInterestClocks(redis, settings);
		this.coOccurrenceLists = new RedisCoOccurrenceLists(redis, CO_CLICK_CAP,
				RedisCoOccurrenceLists.DEFAULT_CACHED_LISTS);
	}

	@Override
	public List<Outcome> apply(List<EventEffect> effects) {
		Map<String, String> categories = categories(effects);
		UserResults users = applyToUsers(effects, categories);
		long[] userOutcomes = users.outcomes();

		List<EventEffect> forItems = new ArrayList<>();
		List<EventEffect> appliedNow = new ArrayList<>();
		List<Outcome> outcomes = new ArrayList<>(effects.size());
		for (int i = 0; i < effects.size(); i++) {
			long outcome = userOutcomes[i];
			outcomes.add((outcome == 0) ? Outcome.APPLIED : (outcome == 1) ? Outcome.REPLAYED : Outcome.DUPLICATE);
			if (outcome == 0) {
				appliedNow.add(effects.get(i));
			}
			if (outcome == 0 || outcome == 1) {
				forItems.add(effects.get(i));
			}
		}
		rank(applyToItems(forItems));
		count(added(appliedNow, users.repeats()), this.clocks.apply(appliedNow, categories));
		Set<String> changed = new LinkedHashSet<>();
		forItems.forEach((e) -> changed.add(e.itemId()));
		changed.addAll(coOccur(effects, users));
		// serving snapshots read these items again
		this.changes.featuresChanged(changed);
		return outcomes;
	}

	/**
	 * What the users' scripts returned.
	 *
	 * @param outcomes per event: 0 applied, 1 replayed, 2 replayed duplicate, 3 duplicate
	 * event id
	 * @param partners per event applied now with a weight, the user's latest recent items
	 * up to its time within {@link #CO_CLICK_WINDOW_MILLIS} (at most
	 * {@value #CO_CLICK_PARTNERS}, latest first) as the batch left them; {@code null} for
	 * other events
	 * @param repeats the consumptions and repeats the scripts counted now (each event
	 * once, under its offset), which the population's counts grow by
	 */
	record UserResults(long[] outcomes, List<List<String>> partners, RepeatConsumption.Counts repeats) {
	}

	/**
	 * Applies the events to their users' features: one {@code user-events.lua} call per
	 * user of the batch, carrying that user's events in the batch's (the log's) order;
	 * the script checks each event's partition offset, so a redelivered record is not
	 * counted again, and reads each positive event's co-occurrence partners from the
	 * user's recent items as it leaves them.
	 */
	UserResults applyToUsers(List<EventEffect> effects, Map<String, String> categories) {
		Map<String, List<Integer>> byUser = new LinkedHashMap<>();
		for (int i = 0; i < effects.size(); i++) {
			byUser.computeIfAbsent(effects.get(i).userId(), (u) -> new ArrayList<>(2)).add(i);
		}
		String[] constants = { Double.toString(this.settings.interest().lambdaPerHour()),
				Integer.toString(this.settings.recentItems()), Integer.toString(this.settings.consumedItems()),
				Long.toString(this.settings.userTtl().toSeconds()),
				Long.toString(this.settings.deduplicationWindow().toMillis()), Long.toString(CO_CLICK_WINDOW_MILLIS),
				Integer.toString(CO_CLICK_PARTNERS) };
		List<LuaScripts.Call<List<Object>>> calls = new ArrayList<>(byUser.size());
		byUser.forEach((userId, indices) -> {
			String[] keys = { RedisKeys.user(userId), RedisKeys.userRecent(userId), RedisKeys.userConsumed(userId),
					RedisKeys.userEventIds(userId), RedisKeys.userDuplicates(userId), RedisKeys.userSkipped(userId) };
			String[] args = new String[constants.length + USER_EVENT_STRIDE * indices.size()];
			System.arraycopy(constants, 0, args, 0, constants.length);
			int a = constants.length;
			for (int i : indices) {
				EventEffect e = effects.get(i);
				String category = categories.get(e.itemId());
				args[a++] = Integer.toString(e.partition());
				args[a++] = Long.toString(e.offset());
				args[a++] = (e.eventId() != null) ? e.eventId() : "";
				args[a++] = e.type().wireName();
				args[a++] = Long.toString(e.timestampMillis());
				args[a++] = Long.toString(e.acceptedMillis());
				args[a++] = Double.toString(e.weight());
				args[a++] = (category != null) ? category : "";
				args[a++] = e.itemId();
				args[a++] = e.consumes() ? "1" : "0";
				args[a++] = e.recent() ? "1" : "0";
				args[a++] = clickTallyField(e, category);
				args[a++] = (e.type() == EventType.SKIP) ? "1" : "0";
				args[a++] = context(e.context());
			}
			calls.add(USER_EVENTS.call(ScriptOutputType.MULTI, keys, args));
		});
		List<List<Object>> answers = this.redis.run(calls);
		long[] outcomes = new long[effects.size()];
		List<List<String>> partners = new ArrayList<>(Collections.nCopies(effects.size(), null));
		RepeatConsumption.Counts repeats = RepeatConsumption.Counts.NONE;
		int u = 0;
		for (List<Integer> indices : byUser.values()) {
			List<Object> answer = answers.get(u++);
			List<?> codes = (List<?>) answer.get(0);
			List<?> found = (List<?>) answer.get(1);
			List<?> counted = (List<?>) answer.get(2);
			repeats = repeats.plus(new RepeatConsumption.Counts((Long) counted.get(0), (Long) counted.get(1)));
			for (int k = 0; k < indices.size(); k++) {
				int i = indices.get(k);
				outcomes[i] = (Long) codes.get(k);
				EventEffect e = effects.get(i);
				if (outcomes[i] == 0 && e.weight() > 0) {
					partners.set(i, strings((List<?>) found.get(k)));
				}
			}
		}
		return new UserResults(outcomes, partners, repeats);
	}

	private static List<String> strings(List<?> values) {
		List<String> strings = new ArrayList<>(values.size());
		values.forEach((v) -> strings.add((String) v));
		return strings;
	}

	/**
	 * Counts co-occurrences ({@code ItemCoOccurrence}'s arithmetic): for each view, click
	 * or purchase applied now, each of the user's {@value #CO_CLICK_PARTNERS} latest
	 * positive items up to its time (within {@link #CO_CLICK_WINDOW_MILLIS}; items of the
	 * same time, a basket, pair once) and the item count one pair of the event's weight,
	 * forward-decayed with the popularity's half-life, in both items' lists, which keep
	 * their {@value #CO_CLICK_CAP} strongest partners (Space-Saving, kept in the worker's
	 * memory and written as the changed partners: {@link RedisCoOccurrenceLists}). Pairs
	 * are counted from the later event only, so a pair is counted once. The partners come
	 * with the users' scripts; one round trip while the lists are in memory. The lists
	 * belong to two items (two Cluster slots), so they are not updated in the user's
	 * script: a crash between the two loses a pair, never counts one twice.
	 */
	private Set<String> coOccur(List<EventEffect> effects, UserResults users) {
		List<EventEffect> positives = new ArrayList<>();
		List<List<String>> partners = new ArrayList<>();
		for (int i = 0; i < effects.size(); i++) {
			if (users.partners().get(i) != null) {
				positives.add(effects.get(i));
				partners.add(users.partners().get(i));
			}
		}
		Set<String> touched = new LinkedHashSet<>();
		if (positives.isEmpty()) {
			return touched;
		}
		// per item, its new partners and their log-increments, in one script call
		Map<String, List<RedisCoOccurrenceLists.Pair>> additions = new LinkedHashMap<>();
		// items taken at the same time (a basket) see each other in the recent list:
		// such a pair is counted once, from whichever comes first in the batch
		Set<String> sameTimePairs = new HashSet<>();
		for (int i = 0; i < positives.size(); i++) {
			EventEffect e = positives.get(i);
			double increment = this.settings.popularity().add(ForwardDecay.EMPTY, e.weight(), e.timestampMillis());
			for (String partner : partners.get(i)) {
				if (partner.equals(e.itemId()) || !sameTimePairs.add(pairKey(e, partner))) {
					continue;
				}
				additions.computeIfAbsent(e.itemId(), (k) -> new ArrayList<>())
					.add(new RedisCoOccurrenceLists.Pair(partner, increment));
				additions.computeIfAbsent(partner, (k) -> new ArrayList<>())
					.add(new RedisCoOccurrenceLists.Pair(e.itemId(), increment));
			}
		}
		if (additions.isEmpty()) {
			return touched;
		}
		addPairs(additions);
		touched.addAll(additions.keySet());
		return touched;
	}

	/**
	 * Adds pairs to the items' lists, which keep their {@value #CO_CLICK_CAP} strongest
	 * partners ({@link RedisCoOccurrenceLists}).
	 * @param additions item → its pairs, in the order they are counted
	 */
	void addPairs(Map<String, List<RedisCoOccurrenceLists.Pair>> additions) {
		this.coOccurrenceLists.add(additions);
	}

	/**
	 * The user's unordered pair of items at the event's time: a pair of events of one
	 * time counted once per batch. Pairs at different times need no key (the later event
	 * counts them), but share the set harmlessly.
	 */
	private static String pairKey(EventEffect e, String partner) {
		String item = e.itemId();
		String first = (item.compareTo(partner) < 0) ? item : partner;
		String second = (first == item) ? partner : item;
		return e.userId() + '\u0000' + e.timestampMillis() + '\u0000' + first + '\u0000' + second;
	}

	@Override
	public Map<String, Double> coOccurrences(String itemId, int limit) {
		Map<String, Double> partners = new LinkedHashMap<>();
		for (ScoredValue<String> value : strongest(
				this.redis.await(this.redis.commands().hgetall(RedisKeys.coClicked(itemId))), limit)) {
			partners.put(value.getValue(), value.getScore());
		}
		return partners;
	}

	/**
	 * The {@code limit} strongest partners of a co-occurrence list as stored (a hash of
	 * log-sums, {@code co-occurrence.lua}), strongest first, in the order a sorted set's
	 * {@code ZREVRANGE} gives: by log-sum, and of equal ones the last in byte order
	 * first.
	 */
	static List<ScoredValue<String>> strongest(Map<String, String> stored, int limit) {
		List<ScoredValue<String>> all = new ArrayList<>(stored.size());
		stored.forEach((partner, logSum) -> all.add(ScoredValue.just(Double.parseDouble(logSum), partner)));
		all.sort((a, b) -> {
			int byScore = Double.compare(b.getScore(), a.getScore());
			return (byScore != 0) ? byScore : Arrays.compareUnsigned(b.getValue().getBytes(StandardCharsets.UTF_8),
					a.getValue().getBytes(StandardCharsets.UTF_8));
		});
		return (all.size() > limit) ? all.subList(0, Math.max(0, limit)) : all;
	}

	/**
	 * The clicks applied now and the consumptions and repeats the users' scripts counted:
	 * what the population's grow by (its exposure grows with the served slates,
	 * {@link #applyExposures}).
	 */
	private static Population added(List<EventEffect> applied, RepeatConsumption.Counts repeats) {
		long clicks = 0;
		for (EventEffect e : applied) {
			clicks += (e.type() == EventType.CLICK) ? 1 : 0;
		}
		return new Population(clicks, 0, AffinityLift.NONE, repeats);
	}

	/**
	 * Adds showings to the exposures, one guarded script per user and per item of the
	 * batch and one for the population per partition (all in one round trip after the
	 * items' categories): each showing counts once, whatever is redelivered.
	 */
	@Override
	public void applyExposures(List<ExposureEffect> effects) {
		if (effects.isEmpty()) {
			return;
		}
		Map<String, String> categories = categories(
				effects.stream().filter((e) -> !e.isCredit()).map(ExposureEffect::itemId).toList());
		// per hash and partition, (offset, field, increment, time) in offset order
		Map<Guarded, List<String>> triples = new LinkedHashMap<>();
		for (ExposureEffect e : effects) {
			String offset = Long.toString(e.offset());
			String time = Long.toString(e.timestampMillis());
			Guarded population = new Guarded(RedisKeys.population(), e.partition(), false, false);
			if (e.isCredit()) {
				add(triples, population, offset, "lr", e.credit(), time);
				if (e.exposure().affinity() > 0) {
					add(triples, population, offset, "la", e.credit() * e.exposure().affinity(), time);
				}
				continue;
			}
			if (e.exposure().expected() > 0) {
				double expected = e.sign() * e.exposure().expected();
				double affinity = e.exposure().affinity();
				add(triples, population, offset, "le", expected, time);
				// with the lift off (affinity 0) the affinity sums would only add zeros
				if (affinity > 0) {
					add(triples, population, offset, "l1", expected * affinity, time);
					add(triples, population, offset, "l2", expected * affinity * affinity, time);
				}
			}
			String category = categories.get(e.itemId());
			String userField = (category != null) ? "y:" + category + ":" + block(e.timestampMillis()) : "";
			add(triples, new Guarded(RedisKeys.user(e.userId()), e.partition(), true, false), offset, userField,
					e.sign() * e.exposure().user(), time);
			add(triples, new Guarded(RedisKeys.item(e.itemId()), e.partition(), false, true), offset, "e",
					e.sign() * e.exposure().item(), time);
			add(triples, population, offset, "exposure", e.sign() * e.exposure().discount(), time);
		}
		String ttl = Long.toString(this.settings.userTtl().toSeconds());
		List<LuaScripts.Call<Long>> calls = new ArrayList<>(triples.size());
		triples.forEach((target, args) -> {
			List<String> argv = new ArrayList<>(3 + args.size());
			argv.add(Integer.toString(target.partition()));
			argv.add(target.expires() ? ttl : "");
			argv.add(target.existingOnly() ? "1" : "0");
			argv.addAll(args);
			calls.add(EXPOSURE.call(ScriptOutputType.INTEGER, new String[] { target.key() },
					argv.toArray(String[]::new)));
		});
		this.redis.run(calls);
		// the items' places in the least-shown lists: their exposure now (it may have
		// fallen, a withdrawal), if active
		List<String> shown = new ArrayList<>(new LinkedHashSet<>(
				effects.stream().filter((e) -> !e.isCredit()).map(ExposureEffect::itemId).toList()));
		List<List<KeyValue<String, String>>> now = this.redis.pipeline((r) -> {
			List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>(shown.size());
			for (String itemId : shown) {
				futures.add(r.hmget(RedisKeys.item(itemId), "c", "a", "e"));
			}
			return futures;
		});
		List<ListMove> moves = new ArrayList<>();
		for (int i = 0; i < shown.size(); i++) {
			List<KeyValue<String, String>> fields = now.get(i);
			if (fields.get(0).hasValue() && "1".equals(fields.get(1).getValueOrElse("0"))) {
				moves.add(new Shown(shown.get(i), fields.get(0).getValue(),
						Double.parseDouble(fields.get(2).getValueOrElse("0"))));
			}
		}
		rank(moves);
		// serving snapshots read these items again
		this.changes.featuresChanged(new LinkedHashSet<>(shown));
	}

	/**
	 * A hash whose exposure fields are guarded by one partition's offsets.
	 *
	 * @param expires whether it takes the users' time to live
	 * @param existingOnly whether only an existing hash is touched
	 */
	private record Guarded(String key, int partition, boolean expires, boolean existingOnly) {
	}

	private static void add(Map<Guarded, List<String>> triples, Guarded target, String offset, String field,
			double increment, String time) {
		triples.computeIfAbsent(target, (k) -> new ArrayList<>())
			.addAll(List.of(offset, field, Double.toString(increment), time));
	}

	@Override
	public Population population() {
		Map<String, String> hash = this.redis.await(this.redis.commands().hgetall(RedisKeys.population()));
		return new Population(Long.parseLong(hash.getOrDefault("clicks", "0")),
				Double.parseDouble(hash.getOrDefault("exposure", "0")),
				new AffinityLift(number(hash, "le"), number(hash, "l1"), number(hash, "l2"), number(hash, "lr"),
						number(hash, "la")),
				new RepeatConsumption.Counts(Long.parseLong(hash.getOrDefault("consumptions", "0")),
						Long.parseLong(hash.getOrDefault("repeats", "0"))));
	}

	private static double number(Map<String, String> hash, String field) {
		return Double.parseDouble(hash.getOrDefault(field, "0"));
	}

	@Override
	public List<String> fans(String category, int limit) {
		return this.redis.await(this.redis.commands().zrevrange(RedisKeys.fans(category), 0, limit - 1));
	}

	/**
	 * The user-hash field the event counts in, for the Interest Clock's lift: the
	 * exposure of an impression ({@code y:CATEGORY:BLOCK}) or clicks and purchases
	 * ({@code k:CATEGORY:BLOCK}) of the item's category in the block of hours of the
	 * event; '' for other events and unknown categories.
	 */
	private String clickTallyField(EventEffect e, String category) {
		if ((e.type() != EventType.CLICK && e.type() != EventType.PURCHASE) || category == null) {
			return "";
		}
		return "k:" + category + ":" + block(e.timestampMillis());
	}

	/** The block of hours of a time, in the configured zone. */
	private int block(long timestampMillis) {
		return UserFeatures
			.hourBlock(InterestClock.hourOfDay(Instant.ofEpochMilli(timestampMillis), this.settings.zone()));
	}

	@Override
	public InterestClock globalClock(long nowMillis) {
		return this.clocks.global(nowMillis);
	}

	/** The category of each item in the batch (user interests are by category). */
	private Map<String, String> categories(List<EventEffect> effects) {
		return categories(effects.stream().map(EventEffect::itemId).toList());
	}

	/** The category of each item, in one round trip. */
	private Map<String, String> categories(Collection<String> ids) {
		List<String> itemIds = new ArrayList<>(new LinkedHashSet<>(ids));
		List<String> found = this.redis.pipeline((r) -> {
			List<RedisFuture<String>> futures = new ArrayList<>(itemIds.size());
			for (String itemId : itemIds) {
				futures.add(r.hget(RedisKeys.item(itemId), "c"));
			}
			return futures;
		});
		Map<String, String> categories = new HashMap<>();
		for (int i = 0; i < itemIds.size(); i++) {
			if (found.get(i) != null) {
				categories.put(itemIds.get(i), found.get(i));
			}
		}
		return categories;
	}

	/**
	 * What changes an item's places in the ranked lists: an event moved its popularity
	 * and trending scores, or a showing its exposure (the least-shown lists' score).
	 */
	sealed interface ListMove {

		String itemId();

		String category();

	}

	/** The item's popularity and trending log-sums after an event with a weight. */
	record ScoresMoved(String itemId, String category, double popularity, double trending) implements ListMove {
	}

	/** The item's exposure after showings (or their withdrawal). */
	record Shown(String itemId, String category, double exposure) implements ListMove {
	}

	/**
	 * Applies the events to their items' features: one {@code item-events.lua} call per
	 * item of the batch, carrying that item's events in the batch's order (each checked
	 * against its partition's offset in the script).
	 * @return the items whose popularity and trending scores moved, with their scores
	 * after the batch
	 */
	List<ListMove> applyToItems(List<EventEffect> effects) {
		if (effects.isEmpty()) {
			return List.of();
		}
		Map<String, List<EventEffect>> byItem = new LinkedHashMap<>();
		for (EventEffect e : effects) {
			byItem.computeIfAbsent(e.itemId(), (i) -> new ArrayList<>(2)).add(e);
		}
		String popularity = Double.toString(this.settings.popularity().lambdaPerHour());
		String trending = Double.toString(this.settings.trending().lambdaPerHour());
		List<LuaScripts.Call<List<Object>>> calls = new ArrayList<>(byItem.size());
		byItem.forEach((itemId, events) -> {
			String[] args = new String[2 + ITEM_EVENT_STRIDE * events.size()];
			args[0] = popularity;
			args[1] = trending;
			int a = 2;
			for (EventEffect e : events) {
				args[a++] = Integer.toString(e.partition());
				args[a++] = Long.toString(e.offset());
				args[a++] = e.type().wireName();
				args[a++] = Long.toString(e.timestampMillis());
				args[a++] = Double.toString(e.weight());
			}
			calls.add(ITEM_EVENTS.call(ScriptOutputType.MULTI, new String[] { RedisKeys.item(itemId) }, args));
		});
		List<List<Object>> outcomes = this.redis.run(calls);
		List<ListMove> ranked = new ArrayList<>();
		int i = 0;
		for (String itemId : byItem.keySet()) {
			List<Object> outcome = outcomes.get(i++);
			if ((Long) outcome.get(0) == 1 && !"".equals(outcome.get(1)) && "1".equals(outcome.get(2))) {
				ranked.add(new ScoresMoved(itemId, (String) outcome.get(1), Double.parseDouble((String) outcome.get(3)),
						Double.parseDouble((String) outcome.get(4))));
			}
		}
		return ranked;
	}

	/**
	 * Raises the ranked-list scores of items whose popularity moved and moves shown items
	 * in the least-shown lists, in one round trip of one {@code ZADD} per list. The
	 * scores are absolute (forward-decay log-sums with {@code GT}, the exposure as read),
	 * so a command delivered twice leaves the list as once.
	 */
	private void rank(List<ListMove> moves) {
		if (moves.isEmpty()) {
			return;
		}
		// per list, its members' new scores in one ZADD (in the moves' order)
		Map<String, List<ScoredValue<String>>> raised = new LinkedHashMap<>();
		Map<String, List<ScoredValue<String>>> placed = new LinkedHashMap<>();
		for (ListMove move : moves) {
			String itemId = move.itemId();
			String category = move.category();
			if (move instanceof Shown shown) {
				ScoredValue<String> exposure = ScoredValue.just(shown.exposure(), itemId);
				add(placed, RedisKeys.ranked(RankedList.global(Kind.LEAST_SHOWN)), exposure);
				add(placed, RedisKeys.ranked(new RankedList(Kind.LEAST_SHOWN, category)), exposure);
			}
			else if (move instanceof ScoresMoved scores) {
				ScoredValue<String> pop = ScoredValue.just(scores.popularity(), itemId);
				ScoredValue<String> trend = ScoredValue.just(scores.trending(), itemId);
				add(raised, RedisKeys.ranked(RankedList.global(Kind.POPULAR)), pop);
				add(raised, RedisKeys.ranked(new RankedList(Kind.POPULAR, category)), pop);
				add(raised, RedisKeys.ranked(RankedList.global(Kind.TRENDING)), trend);
				add(raised, RedisKeys.ranked(new RankedList(Kind.TRENDING, category)), trend);
			}
		}
		this.redis.pipeline((r) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>(raised.size() + placed.size());
			ZAddArgs gt = ZAddArgs.Builder.gt();
			raised.forEach(
					(key, members) -> futures.add(castFuture(r.zadd(key, gt, members.toArray(ScoredValue[]::new)))));
			placed.forEach((key, members) -> futures.add(castFuture(r.zadd(key, members.toArray(ScoredValue[]::new)))));
			return futures;
		});
	}

	/**
	 * Adds a batch's counts to the population's (clicks, consumptions and repeats applied
	 * now) and its masses to the global Interest Clock, in one
	 * {@code population-counts.lua} call under a write token of its own: the same call
	 * delivered twice (the session's re-issue after {@code NOSCRIPT}, or Lettuce
	 * re-sending a command in flight when it reconnects) adds once. A batch Kafka
	 * redelivers counts only the events the users' scripts apply then (each once, under
	 * its offset), under a new token.
	 * @param masses the global clock's field → mass to add
	 */
	private void count(Population added, Map<String, Double> masses) {
		List<String> fields = new ArrayList<>(6);
		if (added.clicks() > 0) {
			fields.addAll(List.of("clicks", Long.toString(added.clicks())));
		}
		if (added.repeats().consumptions() > 0) {
			fields.addAll(List.of("consumptions", Long.toString(added.repeats().consumptions()), "repeats",
					Long.toString(added.repeats().repeats())));
		}
		if (fields.isEmpty() && masses.isEmpty()) {
			return;
		}
		String[] args = new String[3 + fields.size() + 2 * masses.size()];
		args[0] = this.writeTokens.next();
		args[1] = Long.toString(WRITE_TOKEN_RETENTION.toMillis());
		args[2] = Integer.toString(fields.size() / 2);
		int a = 3;
		for (String field : fields) {
			args[a++] = field;
		}
		for (Map.Entry<String, Double> mass : masses.entrySet()) {
			args[a++] = mass.getKey();
			args[a++] = Double.toString(mass.getValue());
		}
		String[] keys = { RedisKeys.population(), RedisKeys.globalClock(), RedisKeys.populationWrites() };
		this.redis.run(POPULATION_COUNTS.<Long>call(ScriptOutputType.INTEGER, keys, args));
	}

	private static void add(Map<String, List<ScoredValue<String>>> lists, String key, ScoredValue<String> member) {
		lists.computeIfAbsent(key, (k) -> new ArrayList<>()).add(member);
	}

	@Override
	public UserFeatures user(String userId) {
		// one round trip of five commands, all on the user's slot
		List<Object> answers = this.redis.pipeline((r) -> List.of(castFuture(r.hgetall(RedisKeys.user(userId))),
				castFuture(r.zrevrange(RedisKeys.userRecent(userId), 0, -1)),
				castFuture(r.zrevrange(RedisKeys.userConsumed(userId), 0, -1)),
				castFuture(r.zrange(RedisKeys.userSkipped(userId), 0, -1)),
				castFuture(r.get(RedisKeys.userClock(userId)))));
		@SuppressWarnings("unchecked")
		Map<String, String> hash = (Map<String, String>) answers.get(0);
		if (hash.isEmpty() || !hash.containsKey("fs")) {
			return UserFeatures.unknown(userId);
		}
		@SuppressWarnings("unchecked")
		List<String> recent = (List<String>) answers.get(1);
		// clicked or bought, most recent first, and skipped: kept as read (neither merged
		// into a set nor filtered; ConsumedItems filters only for the repeat rule)
		@SuppressWarnings("unchecked")
		List<String> clicked = (List<String>) answers.get(2);
		@SuppressWarnings("unchecked")
		List<String> skipped = (List<String>) answers.get(3);
		ConsumedItems consumed = ConsumedItems.of(clicked, skipped);
		Map<EventType, Long> counts = new EnumMap<>(EventType.class);
		Map<String, Double> interests = new LinkedHashMap<>();
		Map<String, Long> blockClicks = new HashMap<>();
		Map<String, Double> clockExposures = new HashMap<>();
		hash.forEach((field, value) -> {
			if (field.startsWith("n:")) {
				EventType type = EventType.fromWireName(field.substring(2));
				if (type != null) {
					counts.put(type, Long.parseLong(value));
				}
			}
			else if (field.startsWith("i:")) {
				interests.put(field.substring(2), Double.parseDouble(value));
			}
			else if (field.startsWith("k:")) {
				blockClicks.put(field.substring(2), Long.parseLong(value));
			}
			else if (field.startsWith("y:")) {
				clockExposures.put(field.substring(2), Double.parseDouble(value));
			}
		});
		return new UserFeatures(userId, counts, interests, recent, consumed,
				Instant.ofEpochMilli(Long.parseLong(hash.get("fs"))),
				Instant.ofEpochMilli(Long.parseLong(hash.get("ls"))), this.clocks.decode((String) answers.get(4)),
				blockClicks, clockExposures, context(hash.get("cx")),
				new RepeatConsumption.Counts(Long.parseLong(hash.getOrDefault("consumptions", "0")),
						Long.parseLong(hash.getOrDefault("repeats", "0"))));
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> castFuture(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

	@Override
	public Map<String, ItemFeatures> items(Collection<String> itemIds) {
		List<String> ids = new ArrayList<>(itemIds);
		List<List<KeyValue<String, String>>> rows = this.redis.pipeline((r) -> {
			List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>(ids.size());
			for (String id : ids) {
				futures.add(r.hmget(RedisKeys.item(id), ITEM_FIELDS));
			}
			return futures;
		});
		Map<String, ItemFeatures> items = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			items.put(ids.get(i), itemFeatures(ids.get(i), rows.get(i)));
		}
		return items;
	}

	private static ItemFeatures itemFeatures(String itemId, List<KeyValue<String, String>> row) {
		String category = row.get(0).getValueOrElse(null);
		String createdAt = row.get(2).getValueOrElse(null);
		Map<EventType, Long> counts = new EnumMap<>(EventType.class);
		EventType[] types = { EventType.IMPRESSION, EventType.VIEW, EventType.CLICK, EventType.PURCHASE,
				EventType.SKIP };
		for (int t = 0; t < types.length; t++) {
			String n = row.get(5 + t).getValueOrElse(null);
			if (n != null) {
				counts.put(types[t], Long.parseLong(n));
			}
		}
		return new ItemFeatures(itemId, category, "1".equals(row.get(1).getValueOrElse("0")),
				(createdAt != null) ? Instant.ofEpochMilli(Long.parseLong(createdAt)) : null, counts,
				logSum(row.get(3)), logSum(row.get(4)), Double.parseDouble(row.get(10).getValueOrElse("0")),
				description(row.get(11).getValueOrElse(null), row.get(12).getValueOrElse(null)));
	}

	/** An event's context as the user hash keeps it (JSON, keys sorted), '' if none. */
	static String context(Map<String, String> context) {
		return context.isEmpty() ? "" : JSON.writeValueAsString(new java.util.TreeMap<>(context));
	}

	/** A user's latest context from the user hash; empty if absent or unreadable. */
	static Map<String, String> context(String json) {
		if (json == null || json.isEmpty()) {
			return Map.of();
		}
		try {
			return Map.copyOf(JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
			}));
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	/** An item's tags and attributes from their JSON; empty if absent or unreadable. */
	static ItemDescription description(String tags, String attributes) {
		boolean noTags = tags == null || "[]".equals(tags);
		boolean noAttributes = attributes == null || "{}".equals(attributes);
		if (noTags && noAttributes) {
			return ItemDescription.EMPTY;
		}
		try {
			List<String> t = noTags ? List.of() : JSON.readValue(tags, new TypeReference<List<String>>() {
			});
			Map<String, Object> a = noAttributes ? Map.of()
					: JSON.readValue(attributes, new TypeReference<LinkedHashMap<String, Object>>() {
					});
			return ItemDescription.of(t, a);
		}
		catch (RuntimeException ex) {
			return ItemDescription.EMPTY;
		}
	}

	@Override
	public Map<String, CoOccurrences> coOccurrences(Collection<String> itemIds, int limit) {
		List<String> ids = new ArrayList<>(new LinkedHashSet<>(itemIds));
		List<Map<String, String>> answers = this.redis.pipeline((r) -> {
			List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(ids.size());
			for (String id : ids) {
				futures.add(r.hgetall(RedisKeys.coClicked(id)));
			}
			return futures;
		});
		Map<String, CoOccurrences> all = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			List<ScoredValue<String>> scored = strongest(answers.get(i), limit);
			if (scored.isEmpty()) {
				continue;
			}
			List<String> partners = new ArrayList<>(scored.size());
			double[] logSums = new double[scored.size()];
			for (int k = 0; k < logSums.length; k++) {
				partners.add(scored.get(k).getValue());
				logSums[k] = scored.get(k).getScore();
			}
			all.put(ids.get(i), new CoOccurrences(partners, logSums));
		}
		return all;
	}

	private static double logSum(KeyValue<String, String> value) {
		return value.hasValue() ? Double.parseDouble(value.getValue()) : ForwardDecay.EMPTY;
	}

	@Override
	public Map<RankedList, List<String>> top(Collection<RankedList> lists, int limit) {
		List<RankedList> ordered = new ArrayList<>(new LinkedHashSet<>(lists));
		List<Object> answers = this.redis.pipeline((r) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>(ordered.size());
			for (RankedList list : ordered) {
				// the least shown first; every other list greatest first; a co-occurrence
				// list is a hash, ordered here
				futures.add(castFuture((list.kind() == Kind.CO_CLICKED) ? r.hgetall(RedisKeys.ranked(list))
						: (list.kind() == Kind.LEAST_SHOWN) ? r.zrange(RedisKeys.ranked(list), 0, limit - 1)
								: r.zrevrange(RedisKeys.ranked(list), 0, limit - 1)));
			}
			return futures;
		});
		Map<RankedList, List<String>> top = new LinkedHashMap<>();
		for (int i = 0; i < ordered.size(); i++) {
			top.put(ordered.get(i), list(ordered.get(i), answers.get(i), limit));
		}
		return top;
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(RankedList list, Object answer, int limit) {
		if (list.kind() != Kind.CO_CLICKED) {
			return (List<String>) answer;
		}
		return strongest((Map<String, String>) answer, limit).stream().map(ScoredValue::getValue).toList();
	}

	@Override
	public long catalogueVersion() {
		String version = this.redis.await(this.redis.commands().get(RedisKeys.catalogueVersion()));
		return (version != null) ? Long.parseLong(version) : 0;
	}

}
