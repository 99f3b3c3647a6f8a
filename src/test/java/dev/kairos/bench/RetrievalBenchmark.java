package dev.kairos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.embedding.HnswIndex;
import dev.kairos.core.embedding.ItemContent;
import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.embedding.UserContext;

/**
 * Retrieval at scale (issue 19): the exact scan against the HNSW index
 * ({@link HnswIndex}) at 50,000 and 500,000 items, d = 16, in one JVM so that both share
 * the machine's load: the index's build time, the median and 99th-percentile time of a
 * query for the 50 nearest (what a request retrieves) and the 200 nearest, and recall@k
 * against the exact scan. Also the index used one version later (built before 20,000 more
 * training clicks and 1% new items: the new vectors score its candidates, the new items
 * are scanned), as serving uses it between rebuilds, and the same index extended by the
 * new items ({@link HnswIndex#extend}).
 *
 * <pre>
 * java -Xmx3g -cp &lt;test classpath&gt; dev.kairos.bench.RetrievalBenchmark [items ...] \
 *   [M=16] [efc=100] [ef=100,200,400] [part=100000]
 * </pre> The catalogue is {@link EmbeddingBenchmark}'s: items with one of 50 categories
 * and two of 500 tags, 1,000 users with 20 recent items, 20,000 training clicks. Options
 * override the index's defaults ({@link HnswIndex.Settings#DEFAULTS}); with several
 * search beams ({@code ef}) each is measured on the same graphs, and the later version
 * with the first.
 */
public final class RetrievalBenchmark {

	private static final int QUERIES = 300;

	private static HnswIndex.Settings settings = HnswIndex.Settings.DEFAULTS;

	private static int[] searchBeams = { HnswIndex.Settings.DEFAULTS.searchBeam() };

	private RetrievalBenchmark() {
	}

	public static void main(String[] args) {
		List<Integer> sizeList = new ArrayList<>();
		HnswIndex.Settings d = HnswIndex.Settings.DEFAULTS;
		int m = d.maxConnections();
		int efc = d.beamWidth();
		int part = d.partItems();
		int[] beams = { d.searchBeam() };
		for (String arg : args) {
			String[] kv = arg.split("=");
			switch (kv[0]) {
				case "M" -> m = Integer.parseInt(kv[1]);
				case "efc" -> efc = Integer.parseInt(kv[1]);
				case "part" -> part = Integer.parseInt(kv[1]);
				case "ef" -> beams = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
				default -> sizeList.add(Integer.parseInt(arg));
			}
		}
		settings = new HnswIndex.Settings(d.minItems(), m, efc, beams[0], part, d.rebuildAfterMillis(),
				d.maxTailShare(), d.seed());
		searchBeams = beams;
		int[] sizes = sizeList.isEmpty() ? new int[] { 50_000, 500_000 }
				: sizeList.stream().mapToInt(Integer::intValue).toArray();
		System.out.printf(Locale.ROOT, "%s, %d cores, load average %.1f%n", Runtime.version(),
				Runtime.getRuntime().availableProcessors(),
				java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		for (int n : sizes) {
			run(n);
		}
	}

	private static void run(int n) {
		TwoTowerModel model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(1);
		for (int i = 0; i < n; i++) {
			model.register(item("i" + i, world));
		}
		List<UserContext> users = new ArrayList<>();
		for (int u = 0; u < 1_000; u++) {
			List<String> recent = new ArrayList<>();
			for (int j = 0; j < 20; j++) {
				recent.add("i" + world.nextInt(n));
			}
			users.add(new UserContext(recent, Map.of("c" + world.nextInt(50), 1.0), world.nextInt(24)));
		}
		int[] next = { 0 };
		train(model, users, n, next, 20_000);
		TowerSnapshot snapshot = model.snapshot(1, (id) -> true);
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpu = threads.getCurrentThreadCpuTime();
		HnswIndex index = HnswIndex.build(snapshot, settings, System.currentTimeMillis());
		cpu = threads.getCurrentThreadCpuTime() - cpu;
		System.out.printf(Locale.ROOT,
				"%,d items: index built in %.1f s (%.1f s of CPU; %,d nodes in %d graphs, %d bytes of graph per item; M %d, ef build %d, parts of at most %,d)%n",
				n, index.buildNanos() / 1e9, cpu / 1e9, index.size(), index.parts(), index.graphBytes() / index.size(),
				settings.maxConnections(), settings.beamWidth(), settings.partItems());
		for (int beam : searchBeams) {
			measure("same version, ef " + beam, snapshot, snapshot.withIndex(index.withSearchBeam(beam)), users);
		}
		// one version later: more training, 1% new items the index does not hold
		for (int i = n; i < n + n / 100; i++) {
			model.register(item("i" + i, world));
		}
		train(model, users, n, next, 20_000);
		TowerSnapshot later = model.snapshot(2, (id) -> true);
		TowerSnapshot laterIndexed = later.withIndex(index);
		System.out.printf(Locale.ROOT, "  one version later: %,d items not in the index%n", laterIndexed.unindexed());
		measure("index one version old", later, laterIndexed, users);
		cpu = threads.getCurrentThreadCpuTime();
		HnswIndex extended = index.extend(later);
		cpu = threads.getCurrentThreadCpuTime() - cpu;
		System.out.printf(Locale.ROOT, "  extended by them in %.2f s (%.2f s of CPU)%n", extended.extendNanos() / 1e9,
				cpu / 1e9);
		measure("index one version old, extended", later, later.withIndex(extended), users);
	}

	private static ItemContent item(String id, SplittableRandom world) {
		return new ItemContent(id,
				List.of("category=c" + world.nextInt(50), "tag=t" + world.nextInt(500), "tag=t" + world.nextInt(500)));
	}

	private static void train(TwoTowerModel model, List<UserContext> users, int n, int[] next, int clicks) {
		for (int t = 0; t < clicks; t++) {
			int i = next[0]++;
			model.learn(users.get(i % users.size()), "i" + ((long) i * 7919 % n),
					List.of("i" + ((long) i * 104_729 % n), "i" + ((long) i * 1299 % n)));
		}
	}

	private static void measure(String label, TowerSnapshot exact, TowerSnapshot approximate, List<UserContext> users) {
		for (int k : new int[] { 50, 200 }) {
			// warm-up, then paired rounds: exact and approximate on the same user, back
			// to
			// back
			for (int q = 0; q < 30; q++) {
				float[] u = exact.userVector(users.get(q));
				exact.exactNearest(u, k, (id) -> false);
				approximate.nearest(u, k, (id) -> false);
			}
			long[] exactNanos = new long[QUERIES];
			long[] approximateNanos = new long[QUERIES];
			double recall = 0;
			double worst = 1;
			for (int q = 0; q < QUERIES; q++) {
				UserContext user = users.get((q * 7) % users.size());
				float[] u = exact.userVector(user);
				// skip the user's own recent items, as a request skips what was consumed
				Set<String> consumed = new HashSet<>(user.recentItems());
				long t0 = System.nanoTime();
				List<TowerSnapshot.Scored> truth = exact.exactNearest(u, k, consumed::contains);
				long t1 = System.nanoTime();
				List<TowerSnapshot.Scored> found = approximate.nearest(u, k, consumed::contains);
				long t2 = System.nanoTime();
				exactNanos[q] = t1 - t0;
				approximateNanos[q] = t2 - t1;
				Set<String> truthIds = new HashSet<>();
				truth.forEach((s) -> truthIds.add(s.itemId()));
				long hits = found.stream().filter((s) -> truthIds.contains(s.itemId())).count();
				double r = (double) hits / truth.size();
				recall += r;
				worst = Math.min(worst, r);
			}
			System.out.printf(Locale.ROOT,
					"  %s, k = %d: exact median %.0f us (p99 %.0f), HNSW median %.0f us (p99 %.0f), recall@%d mean %.3f, worst %.3f%n",
					label, k, percentile(exactNanos, 0.5) / 1e3, percentile(exactNanos, 0.99) / 1e3,
					percentile(approximateNanos, 0.5) / 1e3, percentile(approximateNanos, 0.99) / 1e3, k,
					recall / QUERIES, worst);
		}
	}

	private static double percentile(long[] values, double p) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

}
