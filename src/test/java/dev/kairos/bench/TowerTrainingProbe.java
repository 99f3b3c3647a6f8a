package dev.kairos.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.ranking.FeatureVector;

/**
 * The worker's two-tower training throughput (issue 19), per kind of input, on one core:
 * the trainer as the worker wires it ({@code kairos.embeddings.*} defaults: 16
 * dimensions, 20,000 users' trails, 20 shown items per user, the neural-linear layer over
 * the 48 features), 50,000 items with a category, a tag and two attributes, 20,000 users.
 * Each kind is timed alone on the same warmed trainer, by the thread's CPU time (what the
 * kind costs, whatever else the machine runs) and by wall time:
 * <ul>
 * <li>a served slate of 10 items with their feature vectors (the impressions topic);</li>
 * <li>a click (a training step against the user's shown and not clicked items and 4
 * sampled negatives, and the layer's reward);</li>
 * <li>a view and a client-reported impression (trail only).</li>
 * </ul>
 * Then a mixed stream as the simulated worlds send it: per served slate, one impression
 * event per item, and a click with probability 0.1.
 *
 * <pre>
 * java -Xmx3g -cp &lt;test classpath&gt; dev.kairos.bench.TowerTrainingProbe
 * </pre>
 */
public final class TowerTrainingProbe {

	private static final int ITEMS = 50_000;

	private static final int USERS = 20_000;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private TowerTrainingProbe() {
	}

	public static void main(String[] args) {
		System.out.printf(Locale.ROOT, "%s, %d cores, load average %.1f%n", Runtime.version(),
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		SplittableRandom world = new SplittableRandom(1);
		TowerTrainer trainer = new TowerTrainer(new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS), USERS, 20,
				FeatureVector.DIMENSION);
		for (int i = 0; i < ITEMS; i++) {
			trainer.register("i" + i, "c" + world.nextInt(50), List.of("t" + world.nextInt(500)),
					Map.of("price", (double) world.nextInt(1000)), Map.of("brand", "b" + world.nextInt(100)));
		}
		// warm-up: every user served and clicking
		for (int n = 0; n < 60_000; n++) {
			slate(trainer, n, world);
			click(trainer, n, world);
		}
		int reps = 20_000;
		time("served slate of 10 (with feature vectors)", reps, (n) -> slate(trainer, n, world));
		time("click (against the user's shown items and 4 sampled negatives)", reps, (n) -> click(trainer, n, world));
		time("view", reps, (n) -> trainer.viewed("u" + (n % USERS), "i" + world.nextInt(ITEMS)));
		time("impression event", reps, (n) -> trainer.impression("u" + (n % USERS), "i" + world.nextInt(ITEMS)));
		// the mixed stream: per slate, 10 impression events and a click with p = 0.1
		long events = 0;
		long cpu = THREADS.getCurrentThreadCpuTime();
		long wall = System.nanoTime();
		for (int n = 0; n < reps; n++) {
			List<String> slate = slate(trainer, n, world);
			for (String item : slate) {
				trainer.impression("u" + (n % USERS), item);
			}
			events += slate.size();
			if (world.nextDouble() < 0.1) {
				trainer.positive("u" + (n % USERS), slate.get(world.nextInt(slate.size())), n % 24);
				events++;
			}
		}
		cpu = THREADS.getCurrentThreadCpuTime() - cpu;
		wall = System.nanoTime() - wall;
		System.out.printf(Locale.ROOT,
				"mixed stream (per slate: 10 impression events, a click with p 0.1): %,d events and %,d slates, %.0f events/s by CPU time (%.0f by wall time) on one core%n",
				events, reps, events / (cpu / 1e9), events / (wall / 1e9));
	}

	private static List<String> slate(TowerTrainer trainer, int n, SplittableRandom world) {
		List<String> items = new ArrayList<>(10);
		List<double[]> features = new ArrayList<>(10);
		for (int k = 0; k < 10; k++) {
			items.add("i" + world.nextInt(ITEMS));
			double[] x = new double[FeatureVector.DIMENSION];
			x[0] = 1;
			x[1 + k] = 0.5;
			x[40] = -0.3;
			features.add(x);
		}
		trainer.served("u" + (n % USERS), items, features, n % 24);
		return items;
	}

	private static void click(TowerTrainer trainer, int n, SplittableRandom world) {
		trainer.positive("u" + (n % USERS), "i" + world.nextInt(ITEMS), n % 24);
	}

	private static void time(String label, int reps, java.util.function.IntConsumer step) {
		long cpu = THREADS.getCurrentThreadCpuTime();
		long wall = System.nanoTime();
		for (int n = 0; n < reps; n++) {
			step.accept(n);
		}
		cpu = THREADS.getCurrentThreadCpuTime() - cpu;
		wall = System.nanoTime() - wall;
		System.out.printf(Locale.ROOT, "%s: %.1f us of CPU (%.1f us wall) each, %,.0f/s on one core%n", label,
				cpu / 1e3 / reps, wall / 1e3 / reps, reps / (cpu / 1e9));
	}

}
