package dev.kairos.features;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.events.EventType;
import dev.kairos.features.RankedList.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NearCachedFeatureStoreTest {

	private final InMemoryStore store = new InMemoryStore();

	private final AtomicLong nanos = new AtomicLong();

	private final NearCachedFeatureStore cache = new NearCachedFeatureStore(this.store, Duration.ofMillis(500), 1000,
			this.nanos::get);

	@Test
	void itemsAreReadFromTheStoreOnceWithinTheTtl() {
		this.store.put(item("a", true, 1), item("b", true, 2));
		assertThat(this.cache.items(List.of("a", "b"))).containsOnlyKeys("a", "b");
		this.store.put(item("a", true, 99));
		this.nanos.addAndGet(Duration.ofMillis(400).toNanos());
		// counts may lag by up to the ttl
		assertThat(this.cache.items(List.of("a", "b", "c")).get("a").count(EventType.CLICK)).isEqualTo(1);
		assertThat(this.store.itemReads).containsExactly(List.of("a", "b"), List.of("c"));
		this.nanos.addAndGet(Duration.ofMillis(200).toNanos());
		assertThat(this.cache.items(List.of("a")).get("a").count(EventType.CLICK)).isEqualTo(99);
	}

	@Test
	void aCatalogueChangeIsSeenAtOnceByTheNextRead() {
		this.store.put(item("a", true, 1));
		assertThat(this.cache.items(List.of("a")).get("a").active()).isTrue();
		// retired: stored, then the version moves, as RedisItemCatalog does
		this.store.put(item("a", false, 1));
		this.store.version.incrementAndGet();
		assertThat(this.cache.items(List.of("a")).get("a").active()).isFalse();
		assertThat(this.store.itemReads).hasSize(2);
	}

	@Test
	void anItemReadBeforeARetirementIsNotServedToALaterRequest() {
		this.store.put(item("a", true, 1));
		// a request reads version 0 and the item, still active; right after, the item is
		// retired and the version moves (the request was concurrent with the retirement)
		this.store.afterItemRead = () -> {
			this.store.afterItemRead = null;
			this.store.put(item("a", false, 1));
			this.store.version.incrementAndGet();
		};
		assertThat(this.cache.items(List.of("a")).get("a").active()).isTrue();
		// a request that starts after the retirement never gets the active copy
		assertThat(this.cache.items(List.of("a")).get("a").active()).isFalse();
	}

	@Test
	void listsAreCachedPerListAndLimitWithinTheTtl() {
		RankedList popular = RankedList.global(Kind.POPULAR);
		RankedList trending = RankedList.global(Kind.TRENDING);
		this.store.lists.put(popular, List.of("a", "b", "c"));
		this.store.lists.put(trending, List.of("c"));
		assertThat(this.cache.top(List.of(popular, trending), 2)).containsExactly(Map.entry(popular, List.of("a", "b")),
				Map.entry(trending, List.of("c")));
		this.store.lists.put(popular, List.of("z"));
		assertThat(this.cache.top(List.of(trending, popular), 2)).containsExactly(Map.entry(trending, List.of("c")),
				Map.entry(popular, List.of("a", "b")));
		assertThat(this.cache.top(List.of(popular), 3).get(popular)).containsExactly("z");
		assertThat(this.store.listReads).isEqualTo(2);
		this.nanos.addAndGet(Duration.ofMillis(501).toNanos());
		assertThat(this.cache.top(List.of(popular), 2).get(popular)).containsExactly("z");
	}

	@Test
	void rejectsANonPositiveTtl() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NearCachedFeatureStore(this.store, Duration.ZERO, 10));
	}

	private static ItemFeatures item(String id, boolean active, long clicks) {
		return new ItemFeatures(id, "c", active, Instant.EPOCH, Map.of(EventType.CLICK, clicks), 0, 0, 0);
	}

	/** A feature store in memory that records what it was asked. */
	private static final class InMemoryStore implements FeatureStore {

		final Map<String, ItemFeatures> items = new HashMap<>();

		final Map<RankedList, List<String>> lists = new HashMap<>();

		final AtomicLong version = new AtomicLong();

		final List<List<String>> itemReads = new ArrayList<>();

		int listReads;

		Runnable afterItemRead;

		void put(ItemFeatures... features) {
			for (ItemFeatures f : features) {
				this.items.put(f.itemId(), f);
			}
		}

		@Override
		public Map<String, ItemFeatures> items(Collection<String> itemIds) {
			this.itemReads.add(List.copyOf(itemIds));
			Map<String, ItemFeatures> answer = new LinkedHashMap<>();
			for (String id : itemIds) {
				answer.put(id, this.items.getOrDefault(id, new ItemFeatures(id, null, false, null, Map.of(), 0, 0, 0)));
			}
			if (this.afterItemRead != null) {
				this.afterItemRead.run();
			}
			return answer;
		}

		@Override
		public Map<RankedList, List<String>> top(Collection<RankedList> lists, int limit) {
			this.listReads++;
			Map<RankedList, List<String>> answer = new LinkedHashMap<>();
			for (RankedList list : lists) {
				List<String> members = this.lists.getOrDefault(list, List.of());
				answer.put(list, members.subList(0, Math.min(limit, members.size())));
			}
			return answer;
		}

		@Override
		public long catalogueVersion() {
			return this.version.get();
		}

		@Override
		public List<Outcome> apply(List<EventEffect> effects) {
			throw new UnsupportedOperationException();
		}

		@Override
		public InterestClock globalClock(long nowMillis) {
			return null;
		}

		@Override
		public Population population() {
			return new Population(0, 0);
		}

		@Override
		public UserFeatures user(String userId) {
			return UserFeatures.unknown(userId);
		}

		@Override
		public List<String> fans(String category, int limit) {
			return List.of();
		}

	}

}
