package dev.kairos.core.embedding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The HNSW index against the exact scan: recall, exclusions, items it does not hold, and
 * an index used by a later snapshot.
 */
class HnswIndexTest {

	private static final int ITEMS = 6_000;

	private static TwoTowerModel model;

	private static List<UserContext> users;

	private static TowerSnapshot snapshot;

	private static HnswIndex index;

	@BeforeAll
	static void build() {
		model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(11);
		for (int i = 0; i < ITEMS; i++) {
			model.register(new ItemContent("i" + i, List.of("category=c" + world.nextInt(30),
					"tag=t" + world.nextInt(200), "tag=t" + world.nextInt(200))));
		}
		users = new ArrayList<>();
		for (int u = 0; u < 200; u++) {
			List<String> recent = new ArrayList<>();
			for (int j = 0; j < 10; j++) {
				recent.add("i" + world.nextInt(ITEMS));
			}
			users.add(new UserContext(recent, Map.of("c" + world.nextInt(30), 1.0), world.nextInt(24)));
		}
		train(world, 4_000);
		snapshot = model.snapshot(1, (id) -> !id.endsWith("7"));
		index = HnswIndex.build(snapshot, HnswIndex.Settings.DEFAULTS, 0);
	}

	private static void train(SplittableRandom world, int clicks) {
		for (int t = 0; t < clicks; t++) {
			UserContext user = users.get(world.nextInt(users.size()));
			model.learn(user, "i" + world.nextInt(ITEMS), List.of("i" + world.nextInt(ITEMS)));
		}
	}

	private static double recall(TowerSnapshot exact, TowerSnapshot approximate, int k) {
		double sum = 0;
		for (UserContext user : users) {
			float[] u = exact.userVector(user);
			Set<String> truth = new HashSet<>();
			exact.exactNearest(u, k, (id) -> false).forEach((s) -> truth.add(s.itemId()));
			sum += approximate.nearest(u, k, (id) -> false).stream().filter((s) -> truth.contains(s.itemId())).count()
					/ (double) k;
		}
		return sum / users.size();
	}

	@Test
	void findsMostOfTheExactNearestItems() {
		assertThat(index.size()).isEqualTo(snapshot.retrievableItems());
		TowerSnapshot indexed = snapshot.withIndex(index);
		assertThat(indexed.unindexed()).isZero();
		assertThat(recall(snapshot, indexed, 50)).isGreaterThan(0.9);
		// a graph that can only hold two neighbours per node and a beam of one finds
		// less:
		// the figure measures the graph, not the scan
		HnswIndex poor = HnswIndex.build(snapshot, new HnswIndex.Settings(0, 2, 1, 1, ITEMS, 1, 1, 1), 0);
		assertThat(recall(snapshot, snapshot.withIndex(poor), 50)).isLessThan(recall(snapshot, indexed, 50));
	}

	@Test
	void returnsTheSnapshotsScoresBestFirstAndHonoursExclusionsAndRetrievability() {
		TowerSnapshot indexed = snapshot.withIndex(index);
		float[] u = snapshot.userVector(users.get(0));
		List<TowerSnapshot.Scored> all = indexed.nearest(u, 30, (id) -> false);
		assertThat(all).hasSize(30).isSortedAccordingTo(TowerSnapshot.Scored.ORDER);
		for (TowerSnapshot.Scored s : all) {
			assertThat(s.score()).isCloseTo(snapshot.score(u, s.itemId()), within(1e-9));
			assertThat(s.itemId()).doesNotEndWith("7");
		}
		Set<String> excluded = Set.of(all.get(0).itemId(), all.get(1).itemId());
		List<TowerSnapshot.Scored> rest = indexed.nearest(u, 30, excluded::contains);
		assertThat(rest).hasSize(30).noneMatch((s) -> excluded.contains(s.itemId()));
	}

	@Test
	void aLaterSnapshotUsesTheGraphWithItsOwnVectorsAndScansWhatTheGraphLacks() {
		SplittableRandom world = new SplittableRandom(12);
		// a new item, not in the graph, with the content of user 0's top item
		float[] u0 = snapshot.userVector(users.get(0));
		String top = snapshot.exactNearest(u0, 1, (id) -> false).get(0).itemId();
		model.register(new ItemContent("new-item", List.of("tag=unused")));
		train(world, 2_000);
		// a retired item: known to the model, not retrievable any more
		TowerSnapshot later = model.snapshot(2, (id) -> !id.endsWith("7") && !id.equals(top));
		TowerSnapshot laterIndexed = later.withIndex(index);
		assertThat(laterIndexed.unindexed()).isEqualTo(1);
		assertThat(recall(later, laterIndexed, 50)).isGreaterThan(0.8);
		float[] u = later.userVector(users.get(0));
		for (TowerSnapshot.Scored s : laterIndexed.nearest(u, 50, (id) -> false)) {
			assertThat(s.score()).isCloseTo(later.score(u, s.itemId()), within(1e-9));
			assertThat(s.itemId()).isNotEqualTo(top);
		}
		// the item the graph lacks is retrieved when it is among the nearest
		float[] towardsNew = later.itemVector("new-item");
		assertThat(later.exactNearest(towardsNew, 20, (id) -> false)).extracting(TowerSnapshot.Scored::itemId)
			.contains("new-item");
		assertThat(laterIndexed.nearest(towardsNew, 20, (id) -> false)).extracting(TowerSnapshot.Scored::itemId)
			.contains("new-item");
	}

	/** One graph, and parts of at most 2,000 items (four graphs for 8,000). */
	static List<HnswIndex.Settings> graphs() {
		HnswIndex.Settings d = HnswIndex.Settings.DEFAULTS;
		return List.of(d, new HnswIndex.Settings(d.minItems(), d.maxConnections(), d.beamWidth(), d.searchBeam(), 2_000,
				d.rebuildAfterMillis(), d.maxTailShare(), d.seed()));
	}

	@ParameterizedTest
	@MethodSource("graphs")
	void anExtendedIndexFindsAsMuchAsAFullBuildOfTheLaterSnapshot(HnswIndex.Settings settings) {
		// its own model: the other tests train the shared one
		TwoTowerModel own = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(21);
		int n = 8_000;
		for (int i = 0; i < n; i++) {
			own.register(new ItemContent("i" + i, List.of("category=c" + world.nextInt(30),
					"tag=t" + world.nextInt(200), "tag=t" + world.nextInt(200))));
		}
		for (int t = 0; t < 4_000; t++) {
			UserContext user = users.get(world.nextInt(users.size()));
			own.learn(user, "i" + world.nextInt(n), List.of("i" + world.nextInt(n)));
		}
		// the index is built while a fifth of the items are not retrievable yet (new
		// items to come), then the later snapshot serves them all
		TowerSnapshot before = own.snapshot(1, (id) -> Integer.parseInt(id.substring(1)) % 5 != 0);
		HnswIndex first = HnswIndex.build(before, settings, 0);
		TowerSnapshot later = own.snapshot(2, (id) -> true);
		assertThat(later.withIndex(first).unindexed()).isEqualTo(n / 5);

		HnswIndex extended = first.extend(later);
		HnswIndex full = HnswIndex.build(later, settings, 0);
		assertThat(extended.size()).isEqualTo(full.size()).isEqualTo(n);
		assertThat(extended.version()).isEqualTo(2);
		assertThat(extended.extendNanos()).isPositive();
		assertThat(extended.builtAtMillis()).isEqualTo(first.builtAtMillis());
		assertThat(later.withIndex(extended).unindexed()).isZero();
		// the first graph is not changed: requests still searching it are not disturbed
		assertThat(first.size()).isEqualTo(n - n / 5);
		assertThat(first.extend(before)).isSameAs(first);

		double extendedRecall = recall(later, later.withIndex(extended), 50);
		double fullRecall = recall(later, later.withIndex(full), 50);
		assertThat(extendedRecall).isGreaterThan(0.9).isCloseTo(fullRecall, within(0.03));
		// the added items are found through the graph: the users' top items among them
		// alone (every other item excluded) are found as the full build finds them
		double addedRecall = 0;
		double addedRecallFull = 0;
		for (UserContext user : users) {
			float[] u = later.userVector(user);
			java.util.function.Predicate<String> old = (id) -> Integer.parseInt(id.substring(1)) % 5 != 0;
			Set<String> truth = new HashSet<>();
			later.exactNearest(u, 20, old).forEach((s) -> truth.add(s.itemId()));
			addedRecall += later.withIndex(extended)
				.nearest(u, 20, old)
				.stream()
				.filter((s) -> truth.contains(s.itemId()))
				.count() / 20.0;
			addedRecallFull += later.withIndex(full)
				.nearest(u, 20, old)
				.stream()
				.filter((s) -> truth.contains(s.itemId()))
				.count() / 20.0;
		}
		assertThat(addedRecall / users.size()).isGreaterThan(0.8)
			.isGreaterThanOrEqualTo(addedRecallFull / users.size() - 0.05);
	}

	@Test
	void partsByNormFindAsMuchAsOneGraphAndSkippingByTheirBoundLosesNothing() {
		HnswIndex.Settings d = HnswIndex.Settings.DEFAULTS;
		HnswIndex parted = HnswIndex.build(snapshot, new HnswIndex.Settings(d.minItems(), d.maxConnections(),
				d.beamWidth(), d.searchBeam(), 1_000, d.rebuildAfterMillis(), d.maxTailShare(), d.seed()), 0);
		assertThat(parted.parts()).isEqualTo((snapshot.retrievableItems() + 999) / 1_000);
		assertThat(parted.size()).isEqualTo(snapshot.retrievableItems());
		// longest first: every item of a part is at least as long as every item of the
		// next
		for (int part = 1; part < parted.parts(); part++) {
			int last = parted.partStart(part) - 1;
			int first = parted.partStart(part);
			assertThat(HnswIndex.norm2(snapshot, snapshot.rowOf(parted.itemOf(last))))
				.isGreaterThanOrEqualTo(HnswIndex.norm2(snapshot, snapshot.rowOf(parted.itemOf(first))));
		}
		TowerSnapshot indexed = snapshot.withIndex(parted);
		assertThat(recall(snapshot, indexed, 50)).isGreaterThan(0.9);
		// the bound only skips parts that could not have contributed: the same items
		// as
		// searching every part and keeping the best
		for (UserContext user : users.subList(0, 50)) {
			float[] u = snapshot.userVector(user);
			List<TowerSnapshot.Scored> all = new ArrayList<>();
			for (int node : parted.search((node) -> snapshot.score(u, parted.itemOf(node)), 50, (node) -> true)) {
				all.add(new TowerSnapshot.Scored(parted.itemOf(node), snapshot.score(u, parted.itemOf(node))));
			}
			List<String> best = all.stream()
				.distinct()
				.sorted(TowerSnapshot.Scored.ORDER)
				.limit(50)
				.map(TowerSnapshot.Scored::itemId)
				.toList();
			assertThat(indexed.nearest(u, 50, (id) -> false)).extracting(TowerSnapshot.Scored::itemId)
				.containsExactlyElementsOf(best);
		}
	}

}
