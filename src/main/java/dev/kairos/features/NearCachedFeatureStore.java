package dev.kairos.features;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kairos.core.interestclock.InterestClock;

/**
 * The request path's view of the feature store: items and ranked lists kept in memory for
 * a short time, so that a recommendation costs a few Redis commands instead of one per
 * candidate. Everything else (the user, writes) goes straight to the store.
 *
 * <p>
 * What an item or a list may lag behind is bounded by {@code ttl}: an item's counts,
 * popularity and trend, and a list's members. The catalogue itself never lags: every read
 * of items first asks the store for its {@link FeatureStore#catalogueVersion() catalogue
 * version} and serves from memory only the items read from the store after it reported
 * that same version: once a change (a retired item, one moved to another category) is
 * stored, the version has moved, and no request that starts later is served an item read
 * before it, whatever the interleaving of threads. A list that still names a retired item
 * is harmless: the request path drops items that are not recommendable. Entries are
 * bounded in number and expire {@code ttl} after they were read from the store.
 */
public final class NearCachedFeatureStore implements FeatureStore {

	private final FeatureStore store;

	private final Cache<String, Versioned> items;

	private final Cache<ListKey, List<String>> lists;

	private final AtomicLong newestVersion = new AtomicLong(Long.MIN_VALUE);

	private record ListKey(RankedList list, int limit) {
	}

	/** An item as read from the store after it reported this catalogue version. */
	private record Versioned(long catalogueVersion, ItemFeatures item) {
	}

	/**
	 * @param store the store read through
	 * @param ttl how long an item or list read from the store is served from memory,
	 * positive
	 * @param maxEntries the most items (and, separately, lists) kept
	 */
	public NearCachedFeatureStore(FeatureStore store, Duration ttl, long maxEntries) {
		this(store, ttl, maxEntries, Ticker.systemTicker());
	}

	NearCachedFeatureStore(FeatureStore store, Duration ttl, long maxEntries, Ticker ticker) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive: " + ttl);
		}
		this.store = store;
		this.items = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(maxEntries).build();
		this.lists = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(maxEntries).build();
	}

	@Override
	public Map<String, ItemFeatures> items(Collection<String> itemIds) {
		long version = this.store.catalogueVersion();
		if (this.newestVersion.getAndAccumulate(version, Math::max) < version) {
			// entries of older versions are never served (below); this only frees them
			this.items.invalidateAll();
		}
		Map<String, ItemFeatures> answer = new LinkedHashMap<>();
		List<String> missing = new ArrayList<>();
		for (String id : new LinkedHashSet<>(itemIds)) {
			Versioned cached = this.items.getIfPresent(id);
			if (cached != null && cached.catalogueVersion() == version) {
				answer.put(id, cached.item());
			}
			else {
				missing.add(id);
			}
		}
		if (!missing.isEmpty()) {
			this.store.items(missing).forEach((id, item) -> {
				// read after the version was: at least as new as that version
				this.items.put(id, new Versioned(version, item));
				answer.put(id, item);
			});
		}
		Map<String, ItemFeatures> ordered = new LinkedHashMap<>();
		for (String id : itemIds) {
			ItemFeatures item = answer.get(id);
			if (item != null) {
				ordered.put(id, item);
			}
		}
		return ordered;
	}

	@Override
	public Map<RankedList, List<String>> top(Collection<RankedList> lists, int limit) {
		Map<RankedList, List<String>> answer = new LinkedHashMap<>();
		List<RankedList> missing = new ArrayList<>();
		for (RankedList list : new LinkedHashSet<>(lists)) {
			List<String> cached = this.lists.getIfPresent(new ListKey(list, limit));
			if (cached != null) {
				answer.put(list, cached);
			}
			else {
				missing.add(list);
			}
		}
		if (!missing.isEmpty()) {
			this.store.top(missing, limit).forEach((list, members) -> {
				List<String> copy = List.copyOf(members);
				this.lists.put(new ListKey(list, limit), copy);
				answer.put(list, copy);
			});
		}
		Map<RankedList, List<String>> ordered = new LinkedHashMap<>();
		for (RankedList list : lists) {
			List<String> members = answer.get(list);
			if (members != null) {
				ordered.put(list, members);
			}
		}
		return ordered;
	}

	@Override
	public List<Outcome> apply(List<EventEffect> effects) {
		return this.store.apply(effects);
	}

	@Override
	public InterestClock globalClock(long nowMillis) {
		return this.store.globalClock(nowMillis);
	}

	@Override
	public Population population() {
		return this.store.population();
	}

	@Override
	public UserFeatures user(String userId) {
		return this.store.user(userId);
	}

	@Override
	public List<String> fans(String category, int limit) {
		return this.store.fans(category, limit);
	}

	@Override
	public long catalogueVersion() {
		return this.store.catalogueVersion();
	}

}
