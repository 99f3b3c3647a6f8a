package dev.kairos.redis;

import dev.kairos.features.RankedList;

/**
 * The key layout. Every key starts with {@code kairos:} and carries a hash tag, so that
 * the keys one script touches live in one Redis Cluster slot: a user's keys share
 * {@code {u:id}}, an item's {@code {i:id}}, a category's ranked lists
 * {@code {c:category}}, and the global ranked lists {@code {g}}. Ids cannot contain
 * braces, so tags never collide.
 *
 * <pre>
 * kairos:{u:ID}            hash  n:TYPE counts, i:CATEGORY interest log-sums, fs/ls first/last seen, o:P offsets,
 *                                k:|y:CATEGORY:BLOCK clicks and exposure by block of hours,
 *                                cx the latest event's context (JSON), x:P offsets of
 *                                the observations whose exposures were counted (exposure.lua)
 * kairos:{u:ID}:recent     zset  item -&gt; time of the latest positive event
 * kairos:{u:ID}:consumed   zset  item -&gt; time of the latest click or purchase (capped)
 * kairos:{u:ID}:skipped    zset  item -&gt; time of the latest skip (capped)
 * kairos:{u:ID}:eids       zset  client event id -&gt; accept time (deduplication window)
 * kairos:{u:ID}:dups       zset  "P:OFFSET" of records found to be duplicates
 * kairos:{u:ID}:clock      string the user's Interest Clock (InterestClockCodec, base64)
 * kairos:{g}:clock         hash  CATEGORY|HOUR -&gt; global clock mass, forward-decayed from 2024-01-01
 * kairos:{i:ID}            hash  c category, tags, attrs, ca created, a active, u updated,
 *                                n:TYPE counts, pop/trend log-sums, e exposure, o:P offsets, x:P (as the user's)
 * kairos:{g}:population    hash  clicks, exposure: all users' clicks and position-discounted showings, x:P;
 *                                consumptions, repeats
 * kairos:{g}:population-writes  zset  the tokens of the worker's recent writes to population and clock
 *                                (population-counts.lua) -&gt; Redis's time of the write, ms
 * kairos:{g}:fairness      hash  s|DIMENSION|GROUP showings, c|DIMENSION|GROUP clicked showings, x:P
 * kairos:{i:ID}:cooc      hash  item -&gt; co-occurrence log-sum with ID (forward-decayed like pop; Space-Saving capped;
 *                                read whole and ordered by the reader: see co-occurrence.lua)
 * kairos:{i:ID}:coov      string "VERSION TOKEN" of the cooc hash: moved by each write (RedisCoOccurrenceLists)
 * kairos:{g}:pop|trend|new        zset  item -&gt; popularity / trending log-sum / created time
 * kairos:{c:CATEGORY}:pop|trend|new  the same within a category
 * kairos:{c:CATEGORY}:fans  zset  user -&gt; how much of the category their Interest Clock holds (capped)
 * kairos:{g}:ids            zset  every item id (score 0, read in id order by GET /items), retired too
 * kairos:{c:CATEGORY}:ids   zset  the same within a category
 * kairos:{towers}:v1        hash  version, data: the two-tower snapshot (TowerSnapshot#encode, base64)
 * kairos:{towers}:v1:next   string the counter of snapshot versions
 * </pre>
 */
final class RedisKeys {

	private RedisKeys() {
	}

	static String user(String userId) {
		return "kairos:{u:" + userId + "}";
	}

	static String userRecent(String userId) {
		return user(userId) + ":recent";
	}

	static String userConsumed(String userId) {
		return user(userId) + ":consumed";
	}

	static String userSkipped(String userId) {
		return user(userId) + ":skipped";
	}

	static String userEventIds(String userId) {
		return user(userId) + ":eids";
	}

	static String userDuplicates(String userId) {
		return user(userId) + ":dups";
	}

	static String userClock(String userId) {
		return user(userId) + ":clock";
	}

	static String population() {
		return "kairos:{g}:population";
	}

	/**
	 * The tokens of recent writes of the batches' counts to {@link #population()} and
	 * {@link #globalClock()} ({@code population-counts.lua}).
	 */
	static String populationWrites() {
		return "kairos:{g}:population-writes";
	}

	/** The exposure audit's counts (FairnessTally). */
	static String fairness() {
		return "kairos:{g}:fairness";
	}

	static String globalClock() {
		return "kairos:{g}:clock";
	}

	/**
	 * A counter moved by every change to the catalogue (see
	 * FeatureStore#catalogueVersion).
	 */
	static String catalogueVersion() {
		return "kairos:{g}:catalogue-version";
	}

	static String item(String itemId) {
		return "kairos:{i:" + itemId + "}";
	}

	static String ranked(RankedList list) {
		if (list.kind() == RankedList.Kind.CO_CLICKED) {
			return coClicked(list.scope());
		}
		String scope = (list.scope() == null) ? "kairos:{g}" : "kairos:{c:" + list.scope() + "}";
		return scope + switch (list.kind()) {
			case POPULAR -> ":pop";
			case TRENDING -> ":trend";
			case NEW -> ":new";
			case LEAST_SHOWN -> ":least-shown";
			case CO_CLICKED -> throw new IllegalStateException("handled above");
		};
	}

	/** The ids of the catalogue's items, or of one category's ({@code null}: all). */
	static String itemIds(String category) {
		return ((category == null) ? "kairos:{g}" : "kairos:{c:" + category + "}") + ":ids";
	}

	static String fans(String category) {
		return "kairos:{c:" + category + "}:fans";
	}

	/** The two-tower model's published snapshot (a hash: version, data). */
	static String towers() {
		return "kairos:{towers}:v1";
	}

	/** The counter of the two-tower snapshots' versions. */
	static String towersNextVersion() {
		return "kairos:{towers}:v1:next";
	}

	static String coClicked(String itemId) {
		return item(itemId) + ":cooc";
	}

	/**
	 * The co-occurrence list as earlier versions kept it (a sorted set), moved into
	 * {@link #coClicked} by the first write that finds that empty.
	 */
	static String coClickedSortedSet(String itemId) {
		return item(itemId) + ":co";
	}

	/**
	 * The version of {@link #coClicked}, moved by every write, with the last write's
	 * token ({@code co-occurrence.lua}).
	 */
	static String coClickedVersion(String itemId) {
		return item(itemId) + ":coov";
	}

}
