package dev.kairos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.CatalogueLists;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.ItemCatalogue;
import dev.kairos.core.stats.ForwardDecay;

/**
 * What a partial refresh of the serving snapshot costs to make its catalogue, once the
 * changed items are read: built again from all the items (as before: the items' map
 * copied and changed, the catalogue and its lists built from scratch, the maps kept for
 * the next refresh) against updated where it changed ({@link CatalogueLists#updated}).
 * Both start from the same catalogue and take the same changes, round by round, timed
 * back to back, so each round's pair shares the machine's state; at the end the two
 * catalogues' lists are compared. Run:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kairos.bench.CatalogueRefreshBenchmark 2000,50000 10,200 60
 * </pre>
 *
 * Arguments: the catalogue sizes, the changed items per refresh, the rounds (after 20 of
 * warm-up). Each changed item's exposure moves (as a served slate's does) and, one in
 * three, its popularity; one change in fifty is a new item and one in fifty a retirement.
 * 50 categories; lists of 50 (the default {@code candidates-per-source}); 30 partners per
 * item.
 */
public final class CatalogueRefreshBenchmark {

	private static final int LENGTH = 50;

	private static final int CATEGORIES = 50;

	private CatalogueRefreshBenchmark() {
	}

	public static void main(String[] args) {
		int[] sizes = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
		int[] changes = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
		int rounds = Integer.parseInt(args[2]);
		System.out.printf("# %d cores, load %s%n", Runtime.getRuntime().availableProcessors(), load());
		for (int n : sizes) {
			for (int changed : changes) {
				run(n, changed, rounds);
			}
		}
		System.out.printf("# load %s%n", load());
	}

	private static String load() {
		try {
			return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (java.io.IOException ex) {
			return "?";
		}
	}

	private static CatalogueItem item(String id, SplittableRandom random) {
		return new CatalogueItem(id, "c" + random.nextInt(CATEGORIES), 1_800_000_000_000L - random.nextInt(1_000_000),
				random.nextInt(100), 100 + random.nextInt(1000), random.nextDouble(50),
				(random.nextInt(4) == 0) ? ForwardDecay.EMPTY : random.nextDouble(20), random.nextDouble(20));
	}

	private static void run(int n, int changed, int rounds) {
		SplittableRandom random = new SplittableRandom(n + changed);
		Map<String, CatalogueItem> items = new HashMap<>();
		Map<String, CoOccurrences> co = new HashMap<>();
		for (int i = 0; i < n; i++) {
			String id = "i" + i;
			items.put(id, item(id, random));
			List<String> partners = new ArrayList<>();
			double[] logSums = new double[30];
			for (int p = 0; p < 30; p++) {
				partners.add("i" + random.nextInt(n));
				logSums[p] = random.nextDouble();
			}
			co.put(id, new CoOccurrences(partners, logSums));
		}
		// before: the maps and a catalogue built from them at each refresh
		Map<String, CatalogueItem> beforeItems = Map.copyOf(items);
		Map<String, CoOccurrences> beforeCo = Map.copyOf(co);
		ItemCatalogue before = new CatalogueLists(LENGTH).built(beforeItems.values(), beforeCo);
		// after: the catalogue updated where it changed
		CatalogueLists lists = new CatalogueLists(LENGTH);
		ItemCatalogue after = lists.built(items.values(), co);
		int next = n;
		long[] beforeNanos = new long[rounds];
		long[] afterNanos = new long[rounds];
		for (int round = -20; round < rounds; round++) {
			Map<String, CatalogueItem> read = new HashMap<>();
			Map<String, CoOccurrences> partners = new HashMap<>();
			for (int k = 0; k < changed; k++) {
				int kind = random.nextInt(50);
				String id = (kind == 0) ? "i" + next++ : "i" + random.nextInt(next);
				CatalogueItem old = items.get(id);
				if (kind == 1 || (old == null && kind != 0)) {
					read.put(id, null);
					items.remove(id);
					continue;
				}
				CatalogueItem item = (old == null) ? item(id, random)
						: new CatalogueItem(id, old.category(), old.createdAtMillis(), old.clicks(),
								old.impressions() + 10, old.exposure() + random.nextDouble(),
								(random.nextInt(3) == 0) ? old.popularityLogSum() + 0.01 : old.popularityLogSum(),
								old.trendingLogSum(), old.description());
				read.put(id, item);
				items.put(id, item);
				partners.put(id, co.get("i" + random.nextInt(n)));
			}
			long t0 = System.nanoTime();
			Map<String, CatalogueItem> nextItems = new HashMap<>(beforeItems);
			Map<String, CoOccurrences> nextCo = new HashMap<>(beforeCo);
			read.forEach((id, item) -> {
				if (item != null) {
					nextItems.put(id, item);
					nextCo.put(id, partners.get(id));
				}
				else {
					nextItems.remove(id);
					nextCo.remove(id);
				}
			});
			before = new CatalogueLists(LENGTH).built(nextItems.values(), nextCo);
			beforeItems = Map.copyOf(nextItems);
			beforeCo = Map.copyOf(nextCo);
			long t1 = System.nanoTime();
			after = lists.updated(after, read, partners);
			long t2 = System.nanoTime();
			if (round >= 0) {
				beforeNanos[round] = t1 - t0;
				afterNanos[round] = t2 - t1;
			}
		}
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			List<String> a = before.ids(before.list(kind, ItemCatalogue.NONE));
			List<String> b = after.ids(after.list(kind, ItemCatalogue.NONE));
			if (!a.equals(b) || before.size() != after.size()) {
				throw new IllegalStateException("the two catalogues differ: " + kind);
			}
		}
		double[] ratios = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			ratios[r] = (double) afterNanos[r] / beforeNanos[r];
		}
		System.out.printf(
				"%,d items, %d changed per refresh, %d rounds: built again median %.0f us (quartiles %.0f-%.0f), "
						+ "updated median %.0f us (%.0f-%.0f); median ratio updated/built %.4f; lists computed "
						+ "again %d; slots %,d for %,d items; load %s%n",
				n, changed, rounds, median(beforeNanos, 0.5) / 1e3, median(beforeNanos, 0.25) / 1e3,
				median(beforeNanos, 0.75) / 1e3, median(afterNanos, 0.5) / 1e3, median(afterNanos, 0.25) / 1e3,
				median(afterNanos, 0.75) / 1e3, quantile(ratios, 0.5), lists.recomputed(), after.slots(), after.size(),
				load());
	}

	private static double median(long[] values, double q) {
		return quantile(Arrays.stream(values).asDoubleStream().toArray(), q);
	}

	private static double quantile(double[] values, double q) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
	}

}
