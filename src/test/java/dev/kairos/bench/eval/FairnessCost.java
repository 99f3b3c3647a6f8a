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
 * What the exposure constraints applied when serving ({@code kairos.fairness.*}) cost:
 * kairos-sandbox ({@link SandboxLearner}, the service's request path with its defaults)
 * with the items' attribute {@code provider} (four providers, each owning every fourth
 * category) and without and with each constraint, on the worlds and seeds given; per
 * world and variant the mean over the seeds of the normalized CTR (last fifth, and over
 * the whole run) and the shares of the slots: new items and each provider.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.FairnessCost --worlds default,day-parts \
 *   --seeds 3 --requests 3000 --threads 2
 * </pre> Variants ({@code --variants}, separated by {@code |}, each a list of properties
 * under {@code kairos.} separated by {@code ,}; {@code none} sets none) are added to
 * {@code fairness.item-attribute=provider}.
 */
public final class FairnessCost {

	private FairnessCost() {
	}

	/** One run's figures. */
	record Figures(double lastFifth, double whole, Map<String, Double> shares) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		List<WorldSpec> worlds = new ArrayList<>();
		for (String w : options.getOrDefault("worlds", "default,day-parts,weekly,niche").split(",")) {
			worlds.add(Worlds.named(w.strip()));
		}
		int requests = Integer.parseInt(options.getOrDefault("requests", "3000"));
		int seeds = Integer.parseInt(options.getOrDefault("seeds", "3"));
		String[] variants = options
			.getOrDefault("variants",
					"none|fairness.min-new-share=0.2|fairness.min-share.p3=0.3|fairness.max-share=0.3")
			.split("\\|");
		ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(options.getOrDefault("threads", "1")));
		Map<String, List<Future<Figures>>> runs = new LinkedHashMap<>();
		for (WorldSpec world : worlds) {
			for (String variant : variants) {
				Map<String, String> properties = new LinkedHashMap<>();
				properties.put("fairness.item-attribute", "provider");
				if (!variant.strip().equals("none")) {
					for (String kv : variant.split(",")) {
						String[] parts = kv.split("=", 2);
						properties.put(parts[0].strip(), parts[1].strip());
					}
				}
				List<Future<Figures>> bySeed = new ArrayList<>();
				for (long seed = 1; seed <= seeds; seed++) {
					long s = seed;
					bySeed.add(pool.submit(() -> {
						try (SandboxLearner learner = new SandboxLearner("kairos-sandbox", s, properties)) {
							RunResult r = WorldRun.run(world, s, requests, learner, ClientBehaviour.IMPRESSIONS, null);
							double whole = 0;
							for (double w : r.windows()) {
								whole += w;
							}
							return new Figures(r.lastFifth(), whole / r.windows().length, learner.shares());
						}
					}));
				}
				runs.put(world.name() + " | " + variant.strip(), bySeed);
			}
		}
		System.out
			.println("| world | constraint | normalized CTR, last fifth | whole run | new items | p0 | p1 | p2 | p3 |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
		for (Map.Entry<String, List<Future<Figures>>> e : runs.entrySet()) {
			double last = 0;
			double whole = 0;
			Map<String, Double> shares = new LinkedHashMap<>();
			for (Future<Figures> f : e.getValue()) {
				Figures figures = f.get();
				last += figures.lastFifth() / e.getValue().size();
				whole += figures.whole() / e.getValue().size();
				figures.shares().forEach((k, v) -> shares.merge(k, v / e.getValue().size(), Double::sum));
			}
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f%%", e.getKey(),
					last, whole, 100 * shares.getOrDefault("new", 0.0)));
			for (int p = 0; p < SandboxLearner.PROVIDERS; p++) {
				line.append(String.format(Locale.ROOT, " | %.1f%%", 100 * shares.getOrDefault("provider=p" + p, 0.0)));
			}
			System.out.println(line.append(" |"));
		}
		pool.shutdown();
	}

}
