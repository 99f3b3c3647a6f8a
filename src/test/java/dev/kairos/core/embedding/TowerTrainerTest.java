package dev.kairos.core.embedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.ranking.UserState;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer as the worker drives it (slates served, then clicks), and what serving does
 * with its published snapshot: nearest items, retrieval as a candidate source.
 */
class TowerTrainerTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final List<String> CLUSTERS = List.of("outdoor", "kitchen", "garden", "music");

	private static final int PER_CLUSTER = 30;

	private static String id(int cluster, int i) {
		return CLUSTERS.get(cluster) + "-" + i;
	}

	/** Four clusters of items (their own tag, random categories and noise tags). */
	private static TowerTrainer trainer(SplittableRandom world) {
		TowerTrainer trainer = new TowerTrainer(new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS), 10_000, 20);
		for (int c = 0; c < CLUSTERS.size(); c++) {
			for (int i = 0; i < PER_CLUSTER; i++) {
				trainer.register(id(c, i), "c" + world.nextInt(4), List.of(CLUSTERS.get(c), "t" + world.nextInt(8)),
						Map.of("price", (double) world.nextInt(100)), Map.of());
			}
		}
		return trainer;
	}

	/**
	 * Users of one taste each: every slate shows three items of other clusters and one of
	 * theirs, which they click.
	 */
	private static void train(TowerTrainer trainer, SplittableRandom world, int clicks, int users) {
		for (int n = 0; n < clicks; n++) {
			int user = world.nextInt(users);
			int taste = user % CLUSTERS.size();
			String clicked = id(taste, (int) (PER_CLUSTER * Math.pow(world.nextDouble(), 2)));
			List<String> slate = new ArrayList<>();
			for (int k = 0; k < 3; k++) {
				slate.add(id((taste + 1 + world.nextInt(CLUSTERS.size() - 1)) % CLUSTERS.size(),
						world.nextInt(PER_CLUSTER)));
			}
			slate.add(clicked);
			trainer.served("u" + user, slate);
			trainer.positive("u" + user, clicked, world.nextInt(24));
		}
	}

	private static double cosine(float[] a, float[] b) {
		double ab = 0;
		double aa = 0;
		double bb = 0;
		for (int k = 0; k < a.length; k++) {
			ab += a[k] * b[k];
			aa += a[k] * a[k];
			bb += b[k] * b[k];
		}
		return ab / Math.sqrt(aa * bb);
	}

	@Test
	void anItemClickedWithAnotherByManyUsersBecomesItsMostSimilar() {
		SplittableRandom world = new SplittableRandom(7);
		TowerTrainer trainer = trainer(world);
		train(trainer, world, 4_000, 200);
		// 150 more users each click outdoor-25 then kitchen-25: items of two clusters,
		// rarely clicked otherwise (the skewed draw seldom reaches 25)
		for (int u = 0; u < 150; u++) {
			String user = "pair-" + u;
			trainer.served(user, List.of("outdoor-25", "music-3", "garden-4"));
			trainer.positive(user, "outdoor-25", 12);
			trainer.served(user, List.of("kitchen-25", "music-5", "garden-6"));
			trainer.positive(user, "kitchen-25", 12);
		}
		TowerSnapshot snapshot = trainer.snapshot(1, (id) -> true);
		float[] anchor = snapshot.itemVector("outdoor-25");
		String best = null;
		double bestCosine = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < CLUSTERS.size(); c++) {
			for (int i = 0; i < PER_CLUSTER; i++) {
				if (id(c, i).equals("outdoor-25")) {
					continue;
				}
				double cos = cosine(anchor, snapshot.itemVector(id(c, i)));
				if (cos > bestCosine) {
					bestCosine = cos;
					best = id(c, i);
				}
			}
		}
		assertThat(best).isEqualTo("kitchen-25");
	}

	@Test
	void aNewItemWithAClustersTagsIsRetrievedForItsUsersBeforeItsFirstClick() {
		SplittableRandom world = new SplittableRandom(11);
		TowerTrainer trainer = trainer(world);
		train(trainer, world, 8_000, 200);
		// a new item, never shown nor clicked, tagged like the garden cluster
		trainer.register("new-garden", "c1", List.of("garden", "t3"), Map.of("price", 40.0), Map.of());
		// what the worker publishes and serving loads
		TowerSnapshot served = TowerSnapshot.decode(trainer.snapshot(3, (id) -> true).encode());
		assertThat(served.version()).isEqualTo(3);
		List<String> recent = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			recent.add(id(2, i));
		}
		float[] u = served.userVector(new UserContext(recent, Map.of(), 10));
		// ahead of every item of the other clusters: among the garden user's nearest
		double newScore = served.score(u, "new-garden");
		for (int c = 0; c < CLUSTERS.size(); c++) {
			for (int i = 0; c != 2 && i < PER_CLUSTER; i++) {
				assertThat(newScore).as(id(c, i)).isGreaterThan(served.score(u, id(c, i)));
			}
		}
		List<String> nearest = served.nearest(u, PER_CLUSTER, recent::contains)
			.stream()
			.map(TowerSnapshot.Scored::itemId)
			.toList();
		assertThat(nearest).contains("new-garden");
		// for a kitchen user it comes after every kitchen item
		List<String> kitchen = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			kitchen.add(id(1, i));
		}
		float[] k = served.userVector(new UserContext(kitchen, Map.of(), 10));
		for (int i = 0; i < PER_CLUSTER; i++) {
			assertThat(served.score(k, "new-garden")).isLessThan(served.score(k, id(1, i)));
		}

		// as a candidate source: the item is in no list, and only retrieval brings it
		Catalogue catalogue = new Catalogue(served);
		for (int c = 0; c < CLUSTERS.size(); c++) {
			for (int i = 0; i < PER_CLUSTER; i++) {
				catalogue.add(id(c, i), false);
			}
		}
		catalogue.add("new-garden", true);
		ForwardDecay decay = new ForwardDecay(24);
		Recommender recommender = new Recommender(new Recommender.Settings(
				new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1, new ClockLift(0.5, 0, false, 0.5)), decay,
				decay, decay, new SmoothedRate(0.05, 20), 1, 3, 3 * 24 * 3_600_000L, 0, 0, false, PER_CLUSTER));
		UserState user = new UserState(true, 5, 5, 5, Map.of(), recent, Set.copyOf(recent), null, Map.of(), Map.of());
		Recommender.Slate slate = recommender.recommend(new Recommender.Request(10, NOW, 10, null, Set.of()), user,
				catalogue, (x) -> Recommender.Terms.none(x.length), new SplittableRandom(1));
		int index = -1;
		for (int i = 0; i < slate.candidates().size(); i++) {
			if (slate.candidates().get(i).itemId().equals("new-garden")) {
				index = i;
			}
		}
		assertThat(index).as("retrieved as a candidate").isGreaterThanOrEqualTo(0);
		// the retrieved candidates are the garden user's: every garden item they have not
		// taken comes before any other cluster's
		assertThat(slate.candidates()).hasSize(PER_CLUSTER);
		assertThat(slate.candidates().stream().filter((c) -> c.itemId().contains("garden")).count())
			.isEqualTo(PER_CLUSTER - recent.size() + 1);
		double newAffinity = slate.features()[index][FeatureVector.TWO_TOWER];
		for (int i = 0; i < slate.candidates().size(); i++) {
			if (!slate.candidates().get(i).itemId().contains("garden")) {
				assertThat(newAffinity).isGreaterThan(slate.features()[i][FeatureVector.TWO_TOWER]);
			}
		}
	}

	@Test
	void twoTrainersFedTheSameStreamHoldTheSameVectors() {
		TowerTrainer a = trainer(new SplittableRandom(5));
		TowerTrainer b = trainer(new SplittableRandom(5));
		train(a, new SplittableRandom(9), 2_000, 100);
		train(b, new SplittableRandom(9), 2_000, 100);
		TowerSnapshot sa = a.snapshot(1, (id) -> true);
		TowerSnapshot sb = b.snapshot(1, (id) -> true);
		assertThat(sa.encode()).isEqualTo(sb.encode());
		assertThat(a.positives()).isEqualTo(2_000);
	}

	@Test
	void theNeuralLinearLayerLearnsWhatUsersTakeOnTheTowersProduct() {
		SplittableRandom world = new SplittableRandom(3);
		TowerTrainer trainer = new TowerTrainer(new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS), 10_000, 20, 2);
		for (int c = 0; c < CLUSTERS.size(); c++) {
			for (int i = 0; i < PER_CLUSTER; i++) {
				trainer.register(id(c, i), "c" + c, List.of(CLUSTERS.get(c)), Map.of(), Map.of());
			}
		}
		// slates of four items, one of the user's cluster, which they take; hand-made
		// features say nothing (a bias and noise)
		int shown = 0;
		for (int n = 0; n < 6_000; n++) {
			int user = world.nextInt(200);
			int taste = user % CLUSTERS.size();
			List<String> slate = new ArrayList<>();
			List<double[]> features = new ArrayList<>();
			for (int c = 0; c < CLUSTERS.size(); c++) {
				slate.add(id((taste + c) % CLUSTERS.size(), world.nextInt(PER_CLUSTER)));
				features.add(new double[] { 1, world.nextDouble() });
			}
			trainer.served("u" + user, slate, features, 12);
			shown += slate.size();
			trainer.positive("u" + user, slate.get(0), 12);
		}
		dev.kairos.core.linalg.LinearStatistics layer = trainer.neuralLinear();
		assertThat(layer.dimension()).isEqualTo(TwoTowerModel.Parameters.DEFAULTS.dimension() + 2);
		assertThat(layer.count()).isEqualTo(shown);
		// the layer's posterior ranks a user's own cluster above the others
		dev.kairos.core.linalg.RidgePosterior posterior = dev.kairos.core.linalg.RidgePosterior.of(layer, 1);
		TowerSnapshot snapshot = trainer.snapshot(1, (id) -> true);
		assertThat(TowerSnapshot.decode(snapshot.encode()).neuralLinear()).isEqualTo(layer);
		int right = 0;
		int trials = 0;
		for (int taste = 0; taste < CLUSTERS.size(); taste++) {
			List<String> recent = List.of(id(taste, 0), id(taste, 1), id(taste, 2));
			float[] u = snapshot.userVector(new UserContext(recent, Map.of(), 12));
			for (int i = 3; i < 13; i++) {
				double own = mean(posterior, u, snapshot.itemVector(id(taste, i)));
				double other = mean(posterior, u, snapshot.itemVector(id((taste + 1) % CLUSTERS.size(), i)));
				right += (own > other) ? 1 : 0;
				trials++;
			}
		}
		assertThat(right).isGreaterThanOrEqualTo(trials * 9 / 10);
	}

	private static double mean(dev.kairos.core.linalg.RidgePosterior posterior, float[] u, float[] v) {
		double[][] z = { TowerTrainer.neuralLinearFeatures(u, v, new double[] { 1, 0.5 }) };
		double[] mean = new double[1];
		posterior.meansAndWidths(z, mean, new double[1]);
		return mean[0];
	}

	/** Items in no list: only retrieval makes them candidates. */
	private static final class Catalogue implements CandidateSource {

		private final TowerSnapshot towers;

		private final Map<String, CatalogueItem> items = new HashMap<>();

		Catalogue(TowerSnapshot towers) {
			this.towers = towers;
		}

		void add(String id, boolean isNew) {
			this.items.put(id, new CatalogueItem(id, "c", isNew ? NOW - 3_600_000 : NOW - 30L * 24 * 3_600_000, 0, 0, 0,
					ForwardDecay.EMPTY, ForwardDecay.EMPTY));
		}

		@Override
		public List<String> list(ListKind kind, String category) {
			return List.of();
		}

		@Override
		public List<String> coClicked(String itemId) {
			return List.of();
		}

		@Override
		public CatalogueItem item(String itemId) {
			return this.items.get(itemId);
		}

		@Override
		public TowerSnapshot towers() {
			return this.towers;
		}

		@Override
		public Set<String> clockCategories() {
			return Set.of();
		}

		@Override
		public ClockIntensity globalIntensity() {
			return ClockIntensity.of(null);
		}

		@Override
		public double baseRate() {
			return 0.05;
		}

	}

}
