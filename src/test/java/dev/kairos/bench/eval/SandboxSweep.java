package dev.kairos.bench.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tries settings of the service in process before running them over HTTP: runs
 * kairos-sandbox ({@link SandboxLearner}, the service's {@code Recommender} with its
 * properties) with each variant of properties on each world, and prints the last-fifth
 * normalized CTR per world, the mean of the ratios to the best in-process baseline, and
 * the worst ratio.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.SandboxSweep --worlds day-parts,organic \
 *   --requests 4000 --seeds 1 --clients impressions \
 *   --variants 'defaults|ranking.item-exploration=0.5|ranking.item-exploration=2,recommendations.co-clicked-seeds=5'
 * </pre> Variants are separated by {@code |}, a variant's properties (under
 * {@code kairos.}) by {@code ,}; {@code defaults} sets none. {@code --threads N} runs
 * that many at once (1).
 */
public final class SandboxSweep {

	private SandboxSweep() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		List<WorldSpec> worlds = new ArrayList<>();
		for (String w : options
			.getOrDefault("worlds", String.join(",", Worlds.ALL.stream().map(WorldSpec::name).toList()))
			.split(",")) {
			if (!w.isBlank() && !w.strip().equals("none")) {
				worlds.add(Worlds.named(w.strip()));
			}
		}
		int requests = Integer.parseInt(options.getOrDefault("requests", "4000"));
		int seeds = Integer.parseInt(options.getOrDefault("seeds", "1"));
		List<ClientBehaviour> clients = new ArrayList<>();
		for (String c : options.getOrDefault("clients", "impressions").split(",")) {
			clients.add(ClientBehaviour.of(c.strip()));
		}
		List<String> baselines = List.of(options
			.getOrDefault("baselines", "epsilon-greedy,vowpal-wabbit,item-to-item,most-viewed-by-user,viewed-together")
			.split(","));
		List<Map<String, String>> variants = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (String v : options.getOrDefault("variants", "defaults").split("\\|")) {
			Map<String, String> properties = new LinkedHashMap<>();
			if (!v.strip().equals("defaults")) {
				for (String kv : v.split(",")) {
					String[] parts = kv.split("=", 2);
					properties.put(parts[0].strip(), parts[1].strip());
				}
			}
			variants.add(properties);
			labels.add(v.strip());
		}
		ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(options.getOrDefault("threads", "1")));
		// world × client → learner label → mean over seeds
		Map<String, Map<String, Future<Double>>> results = new LinkedHashMap<>();
		for (WorldSpec world : worlds) {
			// the in-process baselines count their own slates, so they give exactly the
			// same
			// figures with either client (EvaluationSuiteTest asserts it): run once per
			// world
			Map<String, Future<Double>> baselineRuns = new LinkedHashMap<>();
			for (String baseline : baselines) {
				if (Learners.appliesTo(baseline, world)) {
					baselineRuns.put(baseline, pool.submit(() -> mean(world, ClientBehaviour.IMPRESSIONS, seeds,
							requests, (seed) -> Learners.create(baseline, seed))));
				}
			}
			for (ClientBehaviour client : clients) {
				Map<String, Future<Double>> byLearner = new LinkedHashMap<>(baselineRuns);
				for (int v = 0; v < variants.size(); v++) {
					Map<String, String> properties = variants.get(v);
					byLearner.put("sandbox[" + labels.get(v) + "]", pool.submit(() -> mean(world, client, seeds,
							requests, (seed) -> new SandboxLearner("kairos-sandbox", seed, properties))));
				}
				results.put(world.name() + " " + client.label(), byLearner);
			}
		}
		Map<String, List<Double>> ratios = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Future<Double>>> e : results.entrySet()) {
			double best = Double.NEGATIVE_INFINITY;
			String bestName = "";
			StringBuilder line = new StringBuilder(e.getKey());
			for (Map.Entry<String, Future<Double>> r : e.getValue().entrySet()) {
				double value = r.getValue().get();
				if (!r.getKey().startsWith("sandbox[") && value > best) {
					best = value;
					bestName = r.getKey();
				}
			}
			line.append(String.format(Locale.ROOT, " | best other %s %.3f", bestName, best));
			for (Map.Entry<String, Future<Double>> r : e.getValue().entrySet()) {
				if (r.getKey().startsWith("sandbox[")) {
					double value = r.getValue().get();
					line.append(String.format(Locale.ROOT, " | %s %.3f (%.2fx)", r.getKey(), value, value / best));
					ratios.computeIfAbsent(r.getKey(), (k) -> new ArrayList<>()).add(value / best);
				}
			}
			System.out.println(line);
		}
		for (String name : options.getOrDefault("replays", "").split(",")) {
			if (name.isBlank()) {
				continue;
			}
			java.nio.file.Path data = java.nio.file.Path.of(options.getOrDefault("data", "data"));
			ReplayData d = ReplayData.named(name.strip(), data);
			int scored = Integer.parseInt(options.getOrDefault("replay-scored", "300"));
			int history = Integer.parseInt(options.getOrDefault("replay-history", "3000"));
			Map<String, Future<ReplayResult>> byLearner = new LinkedHashMap<>();
			for (String baseline : List.of("most-popular", "recent-popular", "item-to-item", "bought-before")) {
				byLearner.put(baseline, pool.submit(() -> {
					try (Learner l = Learners.create(baseline, 1, java.time.Duration.ofDays(7))) {
						return Replay.run(d, l, scored, history, null);
					}
				}));
			}
			for (int v = 0; v < variants.size(); v++) {
				Map<String, String> properties = variants.get(v);
				byLearner.put("sandbox[" + labels.get(v) + "]", pool.submit(() -> {
					try (Learner l = new SandboxLearner("kairos-sandbox", 1, properties)) {
						return Replay.run(d, l, scored, history, null);
					}
				}));
			}
			double popular = byLearner.get("most-popular").get().hitRate();
			StringBuilder line = new StringBuilder(name + " HitRate@10");
			for (Map.Entry<String, Future<ReplayResult>> r : byLearner.entrySet()) {
				ReplayResult result = r.getValue().get();
				line.append(String.format(Locale.ROOT, " | %s %.3f (%.2fx, consumed %.1f%%, new items %.3f of %d)",
						r.getKey(), result.hitRate(), result.hitRate() / popular, 100 * result.consumedShare(),
						result.newItemHitRate(), result.newItemSteps()));
			}
			System.out.println(line);
		}
		ratios.forEach((label, list) -> System.out.printf(Locale.ROOT, "%s: mean %.2fx, worst %.2fx%n", label,
				list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
				list.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
		pool.shutdown();
	}

	private interface Factory {

		Learner create(long seed);

	}

	private static double mean(WorldSpec world, ClientBehaviour client, int seeds, int requests, Factory factory) {
		double sum = 0;
		for (long seed = 1; seed <= seeds; seed++) {
			try (Learner learner = factory.create(seed)) {
				sum += WorldRun.run(world, seed, requests, learner, client, null).lastFifth();
			}
		}
		return sum / seeds;
	}

}
