package dev.kairos.core.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.MapCandidateSource;
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

	/** One user's slate and click, as the worker reads them from a partition. */
	private record Action(String user, List<String> slate, String clicked, int hour) {
	}

	/**
	 * The stream of {@link #train}, as actions; {@code paired}: half of each user's
	 * clicks go to the cluster paired with theirs (outdoor with kitchen, garden with
	 * music).
	 */
	private static List<Action> stream(SplittableRandom world, int clicks, int users, boolean paired) {
		List<Action> actions = new ArrayList<>();
		for (int n = 0; n < clicks; n++) {
			int user = world.nextInt(users);
			int taste = (paired && world.nextBoolean()) ? (user % CLUSTERS.size()) ^ 1 : user % CLUSTERS.size();
			String clicked = id(taste, (int) (PER_CLUSTER * Math.pow(world.nextDouble(), 2)));
			List<String> slate = new ArrayList<>();
			for (int k = 0; k < 3; k++) {
				slate.add(id((taste + 1 + world.nextInt(CLUSTERS.size() - 1)) % CLUSTERS.size(),
						world.nextInt(PER_CLUSTER)));
			}
			slate.add(clicked);
			actions.add(new Action("u" + user, slate, clicked, world.nextInt(24)));
		}
		return actions;
	}

	/**
	 * Feeds a stream split into two partitions by user (each user's order kept), reading
	 * {@code chunk} records of one partition, then of the other, as a consumer of both
	 * interleaves them.
	 */
	private static TowerTrainer consume(List<Action> stream, int chunk) {
		List<List<Action>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
		for (Action a : stream) {
			partitions.get(Math.floorMod(a.user().hashCode(), 2)).add(a);
		}
		TowerTrainer trainer = trainer(new SplittableRandom(5));
		int[] next = new int[2];
		while (next[0] < partitions.get(0).size() || next[1] < partitions.get(1).size()) {
			for (int p = 0; p < 2; p++) {
				List<Action> partition = partitions.get(p);
				for (int i = 0; i < chunk && next[p] < partition.size(); i++) {
					Action a = partition.get(next[p]++);
					trainer.served(a.user(), a.slate());
					trainer.positive(a.user(), a.clicked(), a.hour());
				}
			}
		}
		return trainer;
	}

	/** The click probability of every user of the stream for every item. */
	private static double[] probabilities(TowerSnapshot snapshot, int users) {
		double[] p = new double[users * CLUSTERS.size() * PER_CLUSTER];
		int n = 0;
		for (int u = 0; u < users; u++) {
			// the user as serving sees them: their latest clicks, at noon
			float[] vector = snapshot.userVector(
					new UserContext(List.of(id(u % CLUSTERS.size(), 0), id(u % CLUSTERS.size(), 1)), Map.of(), 12));
			for (int c = 0; c < CLUSTERS.size(); c++) {
				for (int i = 0; i < PER_CLUSTER; i++) {
					p[n++] = 1 / (1 + Math.exp(-snapshot.score(vector, id(c, i))));
				}
			}
		}
		return p;
	}

	private static double meanAbsoluteDifference(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += Math.abs(a[i] - b[i]);
		}
		return sum / a.length;
	}

	/**
	 * Two workers reading the same stream, whose partitions interleave differently (one
	 * record of each in turn, or runs of 200), do not hold the same vectors (online SGD
	 * depends on the order), but converge to the same statistics: their click
	 * probabilities for every user and item differ by at most 0.05 on average (stated
	 * tolerance), and each retrieves the user's own cluster. A worker fed a stream of
	 * other tastes differs by far more, so the tolerance separates.
	 */
	@Test
	void twoWorkersReadingTheSameStreamInAnotherInterleavingConverge() {
		List<Action> stream = stream(new SplittableRandom(9), 4_000, 100, false);
		TowerSnapshot a = consume(stream, 1).snapshot(1, (id) -> true);
		TowerSnapshot b = consume(stream, 200).snapshot(1, (id) -> true);
		assertThat(a.encode()).isNotEqualTo(b.encode());
		double[] pa = probabilities(a, 100);
		double[] pb = probabilities(b, 100);
		double difference = meanAbsoluteDifference(pa, pb);
		TowerSnapshot other = consume(stream(new SplittableRandom(9), 4_000, 100, true), 1).snapshot(1, (id) -> true);
		double otherDifference = meanAbsoluteDifference(pa, probabilities(other, 100));
		System.out.printf("interleavings differ by %.4f, another stream by %.4f%n", difference, otherDifference);
		assertThat(difference).isLessThan(0.05);
		assertThat(otherDifference).isGreaterThan(0.1);
		for (TowerSnapshot s : List.of(a, b)) {
			for (int c = 0; c < CLUSTERS.size(); c++) {
				String cluster = CLUSTERS.get(c);
				float[] user = s.userVector(new UserContext(List.of(id(c, 0), id(c, 1)), Map.of(), 12));
				assertThat(s.nearest(user, 10, (id) -> false)).extracting(TowerSnapshot.Scored::itemId)
					.allMatch((id) -> id.startsWith(cluster + "-"));
			}
		}
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
	private static final class Catalogue extends MapCandidateSource {

		Catalogue(TowerSnapshot towers) {
			this.towers = towers;
		}

		void add(String id, boolean isNew) {
			this.items.put(id, new CatalogueItem(id, "c", isNew ? NOW - 3_600_000 : NOW - 30L * 24 * 3_600_000, 0, 0, 0,
					ForwardDecay.EMPTY, ForwardDecay.EMPTY));
		}

	}

}
