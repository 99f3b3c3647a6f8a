package dev.kairos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.ranking.FeatureVector;

/**
 * Memory of the two-tower model per item and per user (issue 19), measured as the heap
 * used after a full collection, before and after: the worker's trainer with 50,000 items
 * trained by 200,000 slates and clicks, then 100,000 users' trails (each served a slate
 * of 10 items with their feature vectors, one clicked); the published snapshot's size;
 * and serving's decoded snapshot. Run:
 *
 * <pre>
 * ./mvnw -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx3g -cp %classpath dev.kairos.bench.EmbeddingMemoryProbe"
 * </pre>
 */
public final class EmbeddingMemoryProbe {

	private static final int ITEMS = 50_000;

	private static final int USERS = 100_000;

	private EmbeddingMemoryProbe() {
	}

	private static long used() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 4; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	public static void main(String[] args) {
		SplittableRandom world = new SplittableRandom(1);
		long empty = used();
		TowerTrainer trainer = new TowerTrainer(new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS), USERS * 2, 20,
				FeatureVector.DIMENSION);
		long model = used();
		for (int i = 0; i < ITEMS; i++) {
			trainer.register("i" + i, "c" + world.nextInt(50), List.of("t" + world.nextInt(500)),
					Map.of("price", (double) world.nextInt(1000)), Map.of("brand", "b" + world.nextInt(100)));
		}
		// every item shown and clicked: its id embedding and AdaGrad state exist
		for (int n = 0; n < 200_000; n++) {
			slateAndClick(trainer, "warm" + (n % 1_000), n);
		}
		long items = used();
		for (int u = 0; u < USERS; u++) {
			slateAndClick(trainer, "u" + u, u);
		}
		long users = used();
		TowerSnapshot snapshot = trainer.snapshot(1, (id) -> true);
		byte[] encoded = snapshot.encode();
		snapshot = null;
		long beforeDecode = used();
		TowerSnapshot decoded = TowerSnapshot.decode(encoded);
		long afterDecode = used();
		System.out.printf("hashed content and hour embeddings (empty model): %.1f MiB%n", (model - empty) / 1048576.0);
		System.out.printf("trainer, per item (content, id embedding, AdaGrad state, bias): %d bytes%n",
				(items - model) / ITEMS);
		System.out.printf("trainer, per user trail (20 recent, 10 shown, 9 open z of d=64 as floats): %d bytes%n",
				(users - items) / USERS);
		System.out.printf("published snapshot: %d bytes for %d items (%d per item), base64 x4/3 in Redis%n",
				encoded.length, decoded.size(), encoded.length / decoded.size());
		System.out.printf("serving's decoded snapshot, per item: %d bytes%n", (afterDecode - beforeDecode) / ITEMS);
		System.out.println(trainer.users() + " users kept, " + trainer.positives() + " positives");
	}

	private static void slateAndClick(TowerTrainer trainer, String user, int n) {
		List<String> slate = new ArrayList<>(10);
		List<double[]> features = new ArrayList<>(10);
		for (int k = 0; k < 10; k++) {
			slate.add("i" + ((n * 7919L + k * 104_729L) % ITEMS));
			double[] x = new double[FeatureVector.DIMENSION];
			x[0] = 1;
			x[1 + k] = 0.5;
			features.add(x);
		}
		trainer.served(user, slate, features, n % 24);
		trainer.positive(user, slate.get(n % 10), n % 24);
	}

}
