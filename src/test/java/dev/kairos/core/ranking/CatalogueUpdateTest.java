package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalogue updated in place ({@link ItemCatalogue.Update}, {@link CatalogueLists})
 * against one built from scratch on the same items: the same items, lists, partners and
 * slates, retired items nowhere, and a reader never sees half an update.
 */
class CatalogueUpdateTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final long DAY = 24 * 3_600_000L;

	private static final int LENGTH = 4;

	private static CatalogueItem randomItem(String id, SplittableRandom random) {
		long clicks = random.nextInt(30);
		// few distinct values, so that ties fall to the item id
		return new CatalogueItem(id, "c" + random.nextInt(6),
				(random.nextInt(8) == 0) ? Long.MIN_VALUE : NOW - random.nextInt(40) * DAY, clicks,
				clicks + random.nextInt(300), random.nextInt(25),
				(random.nextInt(4) == 0) ? ForwardDecay.EMPTY : random.nextInt(40),
				(random.nextInt(3) == 0) ? ForwardDecay.EMPTY : random.nextInt(40));
	}

	private static CoOccurrences randomPartners(SplittableRandom random, int ids) {
		List<String> partners = new ArrayList<>();
		double[] logSums = new double[1 + random.nextInt(6)];
		for (int p = 0; p < logSums.length; p++) {
			partners.add("i" + random.nextInt(ids));
			logSums[p] = random.nextDouble();
		}
		return new CoOccurrences(partners, logSums);
	}

	@Test
	void anUpdatedCatalogueHoldsWhatOneBuiltFromScratchHoldsThroughChangesArrivalsAndRetirements() {
		SplittableRandom random = new SplittableRandom(18);
		Map<String, CatalogueItem> items = new LinkedHashMap<>();
		Map<String, CoOccurrences> co = new HashMap<>();
		int ids = 0;
		for (; ids < 300; ids++) {
			items.put("i" + ids, randomItem("i" + ids, random));
		}
		for (String id : items.keySet()) {
			if (random.nextBoolean()) {
				co.put(id, randomPartners(random, 320));
			}
		}
		CatalogueLists lists = new CatalogueLists(LENGTH);
		ItemCatalogue updated = lists.built(items.values(), co);
		Set<String> retired = new LinkedHashSet<>();
		boolean holes = false;
		boolean compacted = false;
		for (int step = 0; step < 400; step++) {
			Map<String, CatalogueItem> changed = new HashMap<>();
			Map<String, CoOccurrences> partners = new HashMap<>();
			int changes = 1 + random.nextInt((step % 50 == 0) ? 120 : 12);
			for (int k = 0; k < changes; k++) {
				int kind = random.nextInt(10);
				String id;
				if (kind == 0) {
					// a new item
					id = "i" + ids++;
				}
				else if (kind == 1 && !retired.isEmpty() && random.nextBoolean()) {
					// a retired item back
					id = retired.iterator().next();
				}
				else {
					id = "i" + random.nextInt(ids);
				}
				if (kind == 2) {
					// retired, inactive or never known: not recommendable
					changed.put(id, null);
					items.remove(id);
					co.remove(id);
					retired.add(id);
				}
				else {
					CatalogueItem item = randomItem(id, random);
					changed.put(id, item);
					items.put(id, item);
					retired.remove(id);
					if (random.nextBoolean()) {
						partners.put(id, randomPartners(random, ids + 10));
						co.put(id, partners.get(id));
					}
					else {
						partners.remove(id);
						co.remove(id);
					}
				}
			}
			// a changed item's partners are those read with it: drop those overwritten by
			// a later change to the same item with none
			changed.forEach((id, item) -> {
				if (item == null || !co.containsKey(id)) {
					partners.remove(id);
				}
			});
			updated = lists.updated(updated, changed, partners);
			ItemCatalogue scratch = new CatalogueLists(LENGTH).built(items.values(), co);
			holes |= updated.slots() > updated.size();
			compacted |= holes && updated.slots() == updated.size();
			assertSameCatalogue(updated, scratch, items, retired);
		}
		// both ways were taken: slots left empty, then a full build without them; and
		// lists emptied by the changes were computed again
		assertThat(holes).isTrue();
		assertThat(compacted).isTrue();
		assertThat(lists.recomputed()).isPositive();
	}

	private static void assertSameCatalogue(ItemCatalogue updated, ItemCatalogue scratch,
			Map<String, CatalogueItem> items, Set<String> retired) {
		assertThat(updated.size()).isEqualTo(items.size()).isEqualTo(scratch.size());
		for (CatalogueItem item : items.values()) {
			int slot = updated.slot(item.itemId());
			assertThat(slot).isNotEqualTo(ItemCatalogue.NONE);
			assertThat(updated.item(slot)).isEqualTo(item);
			assertThat(updated.categoryName(updated.category(slot))).isEqualTo(item.category());
			assertThat(updated.category(item.category())).isEqualTo(updated.category(slot));
			assertThat(partnerIds(updated, slot)).isEqualTo(partnerIds(scratch, scratch.slot(item.itemId())));
			assertThat(updated.partnerLogSums(slot)).isEqualTo(scratch.partnerLogSums(scratch.slot(item.itemId())));
		}
		for (String id : retired) {
			assertThat(updated.slot(id)).isEqualTo(ItemCatalogue.NONE);
			assertThat(updated.item(id)).isNull();
		}
		Set<String> categories = new LinkedHashSet<>();
		categories.add(null);
		for (int c = 0; c < updated.categories(); c++) {
			categories.add(updated.categoryName(c));
		}
		for (int c = 0; c < scratch.categories(); c++) {
			categories.add(scratch.categoryName(c));
		}
		for (String category : categories) {
			assertThat(updated.category(category) == ItemCatalogue.NONE)
				.isEqualTo(scratch.category(category) == ItemCatalogue.NONE);
			for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
				int[] list = list(updated, kind, category);
				assertThat(updated.ids(list)).as("%s of %s", kind, category)
					.isEqualTo(scratch.ids(list(scratch, kind, category)));
				for (int slot : list) {
					// never a retired item's empty slot
					assertThat(slot).isNotEqualTo(ItemCatalogue.NONE);
					assertThat(updated.item(slot)).isNotNull();
				}
			}
		}
	}

	private static int[] list(ItemCatalogue catalogue, CandidateSource.ListKind kind, String category) {
		if (category == null) {
			return catalogue.list(kind, ItemCatalogue.NONE);
		}
		int c = catalogue.category(category);
		return (c == ItemCatalogue.NONE) ? new int[0] : catalogue.list(kind, c);
	}

	/** The partners as ids, null where a partner is not recommendable. */
	private static List<String> partnerIds(ItemCatalogue catalogue, int slot) {
		List<String> ids = new ArrayList<>();
		for (int partner : catalogue.partners(slot)) {
			ids.add((partner == ItemCatalogue.NONE) ? null : catalogue.item(partner).itemId());
		}
		return ids;
	}

	/**
	 * A candidate source serving this catalogue as it is (the test source's defaults).
	 */
	private static CandidateSource source(ItemCatalogue catalogue) {
		return new MapCandidateSource() {

			@Override
			public ItemCatalogue catalogue() {
				return catalogue;
			}

		};
	}

	@Test
	void anUpdatedCatalogueServesTheSlatesOfOneBuiltFromScratch() {
		SplittableRandom random = new SplittableRandom(5);
		Map<String, CatalogueItem> items = new LinkedHashMap<>();
		Map<String, CoOccurrences> co = new HashMap<>();
		for (int i = 0; i < 400; i++) {
			items.put("i" + i, randomItem("i" + i, random));
			co.put("i" + i, randomPartners(random, 420));
		}
		CatalogueLists lists = new CatalogueLists(10);
		ItemCatalogue updated = lists.built(items.values(), co);
		ForwardDecay decay = new ForwardDecay(24);
		Recommender recommender = new Recommender(new Recommender.Settings(
				new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1, new ClockLift(0.5, 0, false, 0.5)), decay,
				decay, decay, new SmoothedRate(0.05, 20), 1, 3, 3 * DAY, 3, 20, false));
		double[] weights = random.doubles(4 * FeatureVector.DIMENSION, -1, 1).toArray();
		Recommender.Scorer scorer = (x) -> {
			double[] reward = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				for (int j = 0; j < x[i].length; j++) {
					reward[i] += weights[j] * x[i][j];
				}
			}
			return new Recommender.Terms(reward, new double[x.length], 0);
		};
		int slates = 0;
		for (int step = 0; step < 30; step++) {
			Map<String, CatalogueItem> changed = new HashMap<>();
			Map<String, CoOccurrences> partners = new HashMap<>();
			for (int k = 0; k < 15; k++) {
				String id = "i" + random.nextInt(420);
				if (random.nextInt(5) == 0) {
					changed.put(id, null);
					items.remove(id);
					co.remove(id);
					partners.remove(id);
				}
				else {
					CatalogueItem item = randomItem(id, random);
					changed.put(id, item);
					items.put(id, item);
					partners.put(id, randomPartners(random, 420));
					co.put(id, partners.get(id));
				}
			}
			updated = lists.updated(updated, changed, partners);
			ItemCatalogue scratch = new CatalogueLists(10).built(items.values(), co);
			for (int u = 0; u < 10; u++) {
				List<String> recent = List.of("i" + random.nextInt(420), "i" + random.nextInt(420));
				UserState user = new UserState(true, 10, 1, 5, Map.of("c" + random.nextInt(6), 2.0), recent,
						Set.of("i" + random.nextInt(420)), new InterestClock(InterestClockParameters.defaults()),
						Map.of(), Map.of());
				String category = (u % 3 == 0) ? "c" + random.nextInt(6) : null;
				Recommender.Request request = new Recommender.Request(10, NOW, 9.5, category,
						Set.of("i" + random.nextInt(420)));
				Recommender.Slate fromUpdate = recommender.recommend(request, user, source(updated), scorer,
						new SplittableRandom(step * 100 + u));
				Recommender.Slate fromScratch = recommender.recommend(request, user, source(scratch), scorer,
						new SplittableRandom(step * 100 + u));
				assertThat(fromUpdate.items()).isEqualTo(fromScratch.items());
				assertThat(fromUpdate.propensities()).isEqualTo(fromScratch.propensities());
				for (SlateRanker.RankedItem item : fromUpdate.items()) {
					assertThat(items).containsKey(item.itemId());
				}
				slates += fromUpdate.items().isEmpty() ? 0 : 1;
			}
		}
		assertThat(slates).isGreaterThan(250);
	}

	@Test
	void aReaderNeverSeesHalfAnUpdate() throws Exception {
		// each update moves every item to the next version (its clicks) and retires or
		// brings back one: a reader of the published catalogue finds one version in all
		// its items and lists
		int n = 500;
		CatalogueLists lists = new CatalogueLists(20);
		List<CatalogueItem> first = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			first.add(versioned(i, 0));
		}
		AtomicReference<ItemCatalogue> published = new AtomicReference<>(lists.built(first, Map.of()));
		AtomicBoolean done = new AtomicBoolean();
		List<String> mixes = new ArrayList<>();
		Thread reader = new Thread(() -> {
			while (!done.get()) {
				ItemCatalogue catalogue = published.get();
				long version = -1;
				for (int slot = 0; slot < catalogue.slots(); slot++) {
					CatalogueItem item = catalogue.item(slot);
					if (item == null) {
						continue;
					}
					version = (version < 0) ? item.clicks() : version;
					if (item.clicks() != version) {
						mixes.add("slot " + slot + " at " + item.clicks() + " beside " + version);
					}
				}
				for (int slot : catalogue.list(CandidateSource.ListKind.POPULAR, ItemCatalogue.NONE)) {
					if (catalogue.item(slot) == null || catalogue.item(slot).clicks() != version) {
						mixes.add("popular list at another version than " + version);
					}
				}
			}
		});
		reader.start();
		ItemCatalogue catalogue = published.get();
		for (int version = 1; version <= 300; version++) {
			Map<String, CatalogueItem> changed = new HashMap<>();
			for (int i = 0; i < n; i++) {
				changed.put("i" + i, (i == version % n) ? null : versioned(i, version));
			}
			catalogue = lists.updated(catalogue, changed, Map.of());
			published.set(catalogue);
		}
		done.set(true);
		reader.join();
		assertThat(mixes).isEmpty();
		assertThat(catalogue.item("i0").clicks()).isEqualTo(300);
		assertThat(catalogue.item("i" + (300 % n))).isNull();
	}

	private static CatalogueItem versioned(int i, long version) {
		return new CatalogueItem("i" + i, "c" + (i % 7), NOW - i, version, 100, i % 13, i % 17, ForwardDecay.EMPTY);
	}

}
