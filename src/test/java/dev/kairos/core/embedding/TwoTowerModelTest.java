package dev.kairos.core.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.embedding.TowerSnapshot.Scored;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The two towers on a small world of two tastes: outdoor people and kitchen people, each
 * clicking the items of their cluster (which carry the cluster's tag among random
 * categories and tags), shown some of the other cluster's items they do not click.
 */
class TwoTowerModelTest {

	private static final int ITEMS_PER_CLUSTER = 60;

	private static final List<String> CLUSTERS = List.of("outdoor", "kitchen");

	private static ItemContent item(int cluster, int i, SplittableRandom random) {
		return new ItemContent(CLUSTERS.get(cluster) + "-" + i, List.of("category=c" + random.nextInt(5),
				"tag=" + CLUSTERS.get(cluster), "tag=t" + random.nextInt(10)));
	}

	/** Trains a model on {@code clicks} clicks of 200 users, half of each taste. */
	private static TwoTowerModel trained(long seed, int clicks) {
		TwoTowerModel model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(seed);
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < ITEMS_PER_CLUSTER; i++) {
				model.register(item(c, i, world));
			}
		}
		List<List<String>> histories = new ArrayList<>();
		for (int u = 0; u < 200; u++) {
			histories.add(new ArrayList<>());
		}
		for (int n = 0; n < clicks; n++) {
			int user = world.nextInt(200);
			int taste = user % 2;
			List<String> history = histories.get(user);
			// popular items of the cluster are clicked more (a skewed draw)
			int i = (int) (ITEMS_PER_CLUSTER * Math.pow(world.nextDouble(), 2));
			String clicked = CLUSTERS.get(taste) + "-" + i;
			List<String> shown = List.of(CLUSTERS.get(1 - taste) + "-" + world.nextInt(ITEMS_PER_CLUSTER),
					CLUSTERS.get(1 - taste) + "-" + world.nextInt(ITEMS_PER_CLUSTER));
			model.learn(new UserContext(recentFirst(history), Map.of(), world.nextInt(24)), clicked, shown);
			history.add(clicked);
		}
		return model;
	}

	private static List<String> recentFirst(List<String> history) {
		List<String> recent = new ArrayList<>(history.subList(Math.max(0, history.size() - 20), history.size()));
		java.util.Collections.reverse(recent);
		return recent;
	}

	private static long inCluster(List<Scored> items, String cluster) {
		return items.stream().filter((s) -> s.itemId().startsWith(cluster)).count();
	}

	@Test
	void aUsersNearestItemsAreOfTheirTaste() {
		TwoTowerModel model = trained(1, 20_000);
		TowerSnapshot snapshot = model.snapshot(1, (id) -> true);
		UserContext outdoor = new UserContext(List.of("outdoor-3", "outdoor-1", "outdoor-7"), Map.of(), 12);
		UserContext kitchen = new UserContext(List.of("kitchen-2", "kitchen-5"), Map.of(), 12);
		List<Scored> forOutdoor = snapshot.nearest(snapshot.userVector(outdoor), 20, (id) -> false);
		List<Scored> forKitchen = snapshot.nearest(snapshot.userVector(kitchen), 20, (id) -> false);
		assertThat(inCluster(forOutdoor, "outdoor")).isGreaterThanOrEqualTo(18);
		assertThat(inCluster(forKitchen, "kitchen")).isGreaterThanOrEqualTo(18);
	}

	@Test
	void aNewItemWithAClustersTagsIsRetrievedForItsUsersBeforeItsFirstClick() {
		TwoTowerModel model = trained(2, 20_000);
		// new: never clicked, never shown; only its content says what it is
		model.register(new ItemContent("new-tent", List.of("category=c1", "tag=outdoor", "tag=t4")));
		model.register(new ItemContent("new-pan", List.of("category=c1", "tag=kitchen", "tag=t4")));
		TowerSnapshot snapshot = model.snapshot(2, (id) -> true);
		UserContext outdoor = new UserContext(List.of("outdoor-3", "outdoor-1", "outdoor-7"), Map.of(), 9);
		UserContext kitchen = new UserContext(List.of("kitchen-2", "kitchen-5", "kitchen-11"), Map.of(), 9);
		float[] o = snapshot.userVector(outdoor);
		float[] k = snapshot.userVector(kitchen);
		// ahead of every item of the other cluster, for both users
		assertThat(snapshot.score(o, "new-tent")).isGreaterThan(snapshot.score(o, "new-pan"));
		assertThat(snapshot.score(k, "new-pan")).isGreaterThan(snapshot.score(k, "new-tent"));
		List<Scored> forOutdoor = snapshot.nearest(o, ITEMS_PER_CLUSTER + 1, (id) -> false);
		List<Scored> forKitchen = snapshot.nearest(k, ITEMS_PER_CLUSTER + 1, (id) -> false);
		assertThat(forOutdoor).extracting(Scored::itemId).contains("new-tent").doesNotContain("new-pan");
		assertThat(forKitchen).extracting(Scored::itemId).contains("new-pan").doesNotContain("new-tent");
	}

	@Test
	void theHourOfDayCarriesTasteForUsersWithoutHistory() {
		TwoTowerModel model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(5);
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < 20; i++) {
				model.register(item(c, i, world));
			}
		}
		// anonymous visitors: outdoor in the morning, kitchen in the evening
		for (int n = 0; n < 8_000; n++) {
			boolean morning = world.nextBoolean();
			double hour = morning ? 7 + world.nextDouble() * 3 : 18 + world.nextDouble() * 3;
			int taste = morning ? 0 : 1;
			model.learn(new UserContext(List.of(), Map.of(), hour), CLUSTERS.get(taste) + "-" + world.nextInt(20),
					List.of(CLUSTERS.get(1 - taste) + "-" + world.nextInt(20)));
		}
		TowerSnapshot snapshot = model.snapshot(1, (id) -> true);
		List<Scored> at8 = snapshot.nearest(snapshot.userVector(new UserContext(List.of(), Map.of(), 8.5)), 10,
				(id) -> false);
		List<Scored> at20 = snapshot.nearest(snapshot.userVector(new UserContext(List.of(), Map.of(), 20)), 10,
				(id) -> false);
		assertThat(inCluster(at8, "outdoor")).isGreaterThanOrEqualTo(9);
		assertThat(inCluster(at20, "kitchen")).isGreaterThanOrEqualTo(9);
	}

	/**
	 * Two workers fed the same stream hold the same parameters: initialisation and
	 * negative sampling are seeded, and nothing depends on hash order. Stated tolerance:
	 * 1e-6 on every vector component (in practice they are equal).
	 */
	@Test
	void twoWorkersTrainedOnTheSameStreamAgree() {
		TwoTowerModel first = trained(9, 5_000);
		TwoTowerModel second = trained(9, 5_000);
		TowerSnapshot a = first.snapshot(1, (id) -> true);
		TowerSnapshot b = second.snapshot(1, (id) -> true);
		assertThat(a.size()).isEqualTo(b.size());
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < ITEMS_PER_CLUSTER; i++) {
				String id = CLUSTERS.get(c) + "-" + i;
				float[] va = a.itemVector(id);
				float[] vb = b.itemVector(id);
				for (int k = 0; k < va.length; k++) {
					assertThat(va[k]).isCloseTo(vb[k], within(1e-6f));
				}
				assertThat(a.bias(id)).isCloseTo(b.bias(id), within(1e-6));
			}
		}
		// and a different stream gives a different model: the comparison can fail
		TowerSnapshot other = trained(10, 5_000).snapshot(1, (id) -> true);
		assertThat(other.itemVector("outdoor-0")).isNotEqualTo(a.itemVector("outdoor-0"));
	}

	@Test
	void theSnapshotScoresAsTheModelDoesAndRetrievesOnlyServableItems() {
		TwoTowerModel model = trained(3, 3_000);
		TowerSnapshot snapshot = model.snapshot(7, (id) -> !id.endsWith("-0"));
		UserContext user = new UserContext(List.of("outdoor-4", "kitchen-2"), Map.of("c1", 2.0, "c3", 1.0), 15.5);
		float[] u = snapshot.userVector(user);
		float[] direct = model.userVector(user);
		for (int k = 0; k < u.length; k++) {
			assertThat(u[k]).isCloseTo(direct[k], within(1e-5f));
		}
		assertThat(snapshot.score(u, "outdoor-9")).isCloseTo(model.score(user, "outdoor-9"), within(1e-4));
		// the request's affinity feature: σ of the same logit, 0 for an unknown item
		assertThat(snapshot.affinity(u, "outdoor-9")).isEqualTo(1 / (1 + Math.exp(-snapshot.score(u, "outdoor-9"))));
		assertThat(snapshot.affinity(u, "no-such-item")).isZero();
		List<Scored> all = snapshot.nearest(u, 1_000, (id) -> id.equals("kitchen-5"));
		assertThat(all).hasSize(2 * ITEMS_PER_CLUSTER - 3);
		assertThat(all).extracting(Scored::itemId).doesNotContain("outdoor-0", "kitchen-0", "kitchen-5");
		assertThat(all).isSortedAccordingTo(Scored.ORDER);
		assertThat(snapshot.nearest(u, 5, (id) -> false)).containsExactlyElementsOf(all.subList(0, 5));
	}

}
