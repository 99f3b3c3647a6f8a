package dev.kairos.bench.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import java.util.function.ToDoubleFunction;

import dev.kairos.bench.sim.Simulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation suite's command ({@code bench/evaluate.sh}): every world × learner ×
 * seed × client behaviour, then every real-data replay, with a progress bar on stderr;
 * writes {@code results.md} (the tables, with the command line, machine and date),
 * {@code results.json}, {@code runs.csv}, {@code replays.csv} and one PNG of normalized
 * CTR per world to the output directory.
 *
 * <p>
 * Options: {@code --worlds a,b} (default: all), {@code --learners a,b} (default: all the
 * in-process learners, plus {@code kairos} and {@code kairos-4782707} when their jars are
 * given), {@code --seeds N} (3), {@code --requests N} (10,000), {@code --clients
 * impressions,clicks-only}, {@code --jar} and {@code --old-jar} (the Kairos jars),
 * {@code --old-name} (the old jar's learner, {@code kairos-4782707} by default),
 * {@code --http-worlds}, {@code --http-seeds N}, {@code --http-clients} (where the Kairos
 * jars run, default everywhere), {@code --replays a,b} (online-retail, stackexchange,
 * open-bandit, otto), {@code --replay-learners}, {@code --replay-scored N} (2,000),
 * {@code --replay-history N} (warm-up steps, all by default), {@code --port} (first API
 * port, 18100), {@code --data} (the data directory), {@code --out}, {@code --command}
 * (the command line to print in the header).
 */
public final class EvaluationSuite {

	/**
	 * The Kairos jars' learners: the old one (named by {@code --old-name}) and this one.
	 */
	private final List<String> jarLearners;

	private final String oldName;

	private final Map<String, String> options;

	private final Path out;

	private final java.util.concurrent.atomic.AtomicInteger services = new java.util.concurrent.atomic.AtomicInteger();

	private EvaluationSuite(Map<String, String> options) {
		this.options = options;
		this.oldName = options.getOrDefault("old-name", "kairos-4782707");
		this.jarLearners = List.of(this.oldName, "kairos");
		this.out = Path.of(options.getOrDefault("out", "bench/results/evaluation"));
	}

	public static void main(String[] args) throws IOException {
		new EvaluationSuite(options(args)).run();
	}

	private void run() throws IOException {
		Files.createDirectories(this.out);
		Instant began = Instant.now();
		List<WorldSpec> worlds = list("worlds", Worlds.ALL.stream().map(WorldSpec::name).toList()).stream()
			.map(Worlds::named)
			.toList();
		List<String> defaultLearners = new ArrayList<>(Learners.IN_PROCESS);
		if (this.options.containsKey("old-jar")) {
			defaultLearners.add(this.oldName);
		}
		if (this.options.containsKey("jar")) {
			defaultLearners.add("kairos");
		}
		List<String> learners = list("learners", defaultLearners);
		int seeds = Integer.parseInt(this.options.getOrDefault("seeds", "3"));
		int requests = Integer.parseInt(this.options.getOrDefault("requests", "10000"));
		List<ClientBehaviour> clients = list("clients", List.of("impressions", "clicks-only")).stream()
			.map(ClientBehaviour::of)
			.toList();
		List<String> httpWorlds = list("http-worlds", worlds.stream().map(WorldSpec::name).toList());
		int httpSeeds = Integer.parseInt(this.options.getOrDefault("http-seeds", Integer.toString(seeds)));
		List<String> httpClients = list("http-clients", clients.stream().map(ClientBehaviour::label).toList());
		List<String> replays = list("replays", List.of("online-retail", "stackexchange", "open-bandit", "otto"));
		List<String> replayLearners = list("replay-learners",
				java.util.stream.Stream.concat(
						defaultLearners.stream()
							.filter((l) -> List.of("random", "most-popular", "recent-popular", "item-to-item")
								.contains(l) || (this.jarLearners.contains(l) && learners.contains(l))),
						Learners.REPLAY_ONLY.stream())
					.toList());
		int replayScored = Integer.parseInt(this.options.getOrDefault("replay-scored", "2000"));
		int replayHistory = Integer.parseInt(this.options.getOrDefault("replay-history", "-1"));
		Path data = Path.of(this.options.getOrDefault("data", "data"));

		// the plan, for the progress bar
		record SimTask(WorldSpec world, String learner, long seed, ClientBehaviour client) {
		}
		List<SimTask> tasks = new ArrayList<>();
		for (WorldSpec world : worlds) {
			for (long seed = 1; seed <= seeds; seed++) {
				for (ClientBehaviour client : clients) {
					for (String learner : learners) {
						boolean http = this.jarLearners.contains(learner);
						if (!Learners.appliesTo(learner, world) || (http && (!httpWorlds.contains(world.name())
								|| seed > httpSeeds || !httpClients.contains(client.label())))) {
							continue;
						}
						tasks.add(new SimTask(world, learner, seed, client));
					}
				}
			}
		}
		Map<String, ReplayData> datasets = new LinkedHashMap<>();
		for (String name : replays) {
			datasets.put(name, ReplayData.named(name, data));
		}
		long total = (long) tasks.size() * requests;
		for (ReplayData d : datasets.values()) {
			total += (long) replayLearners.size() * Replay.scoredSteps(d, scored(d, replayScored));
		}
		ProgressBar progress = new ProgressBar(total);

		// two lanes: the in-process learners, and Kairos over HTTP (which mostly waits on
		// its
		// service); each run has its own world and learner, so the figures do not depend
		// on
		// the interleaving
		RunResult[] runResults = new RunResult[tasks.size()];
		List<ReplayResult> replayResults = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, ReplayResult> replayByKey = new java.util.concurrent.ConcurrentHashMap<>();
		Runnable inProcess = () -> lane(tasks.size(), (i) -> !this.jarLearners.contains(tasks.get(i).learner()),
				(i) -> {
					SimTask task = tasks.get(i);
					progress.label(task.world().name() + " " + task.learner() + " seed " + task.seed() + " "
							+ task.client().label());
					try (Learner learner = learner(task.learner(), task.seed(), Duration.ofDays(1),
							task.world().name() + "-" + task.seed() + "-" + task.client().label())) {
						runResults[i] = WorldRun.run(task.world(), task.seed(), requests, learner, task.client(),
								progress);
					}
				});
		Runnable http = () -> lane(tasks.size(), (i) -> this.jarLearners.contains(tasks.get(i).learner()), (i) -> {
			SimTask task = tasks.get(i);
			progress.label(
					task.world().name() + " " + task.learner() + " seed " + task.seed() + " " + task.client().label());
			try (Learner learner = learner(task.learner(), task.seed(), Duration.ofDays(1),
					task.world().name() + "-" + task.seed() + "-" + task.client().label())) {
				runResults[i] = WorldRun.run(task.world(), task.seed(), requests, learner, task.client(), progress);
			}
		});
		Runnable inProcessReplays = () -> replays(datasets, replayLearners, false, replayScored, replayHistory,
				progress, replayByKey);
		Runnable httpReplays = () -> replays(datasets, replayLearners, true, replayScored, replayHistory, progress,
				replayByKey);
		Thread httpLane = new Thread(() -> {
			http.run();
			httpReplays.run();
		}, "kairos-http");
		httpLane.setDaemon(true);
		httpLane.start();
		inProcess.run();
		inProcessReplays.run();
		try {
			httpLane.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		List<RunResult> runs = Arrays.stream(runResults).filter(Objects::nonNull).toList();
		if (runs.size() != tasks.size()) {
			// the others' figures are kept: a run that failed is left out of the tables
			System.err.println((tasks.size() - runs.size()) + " runs failed (left out of the results): "
					+ java.util.stream.IntStream.range(0, tasks.size())
						.filter((i) -> runResults[i] == null)
						.mapToObj((i) -> tasks.get(i).world().name() + " " + tasks.get(i).learner() + " "
								+ tasks.get(i).client().label())
						.toList());
		}
		for (ReplayData d : datasets.values()) {
			for (String name : replayLearners) {
				ReplayResult r = replayByKey.get(d.name() + "|" + name);
				if (r != null) {
					replayResults.add(r);
				}
			}
		}
		progress.done();
		write(runs, replayResults, worlds, learners, clients, datasets, began, seeds, requests);
	}

	private void lane(int size, java.util.function.IntPredicate mine, java.util.function.IntConsumer run) {
		for (int i = 0; i < size; i++) {
			if (mine.test(i)) {
				try {
					run.accept(i);
				}
				catch (RuntimeException ex) {
					System.err.println();
					ex.printStackTrace();
				}
			}
		}
	}

	private void replays(Map<String, ReplayData> datasets, List<String> learners, boolean http, int scored, int history,
			ProgressBar progress, Map<String, ReplayResult> results) {
		for (ReplayData d : datasets.values()) {
			for (String name : learners) {
				if (this.jarLearners.contains(name) != http) {
					continue;
				}
				progress.label(d.name() + " " + name);
				try (Learner learner = learner(name, 1, Duration.ofDays(7), d.name())) {
					results.put(d.name() + "|" + name, Replay.run(d, learner, scored(d, scored), history, progress));
				}
				catch (RuntimeException ex) {
					System.err.println();
					ex.printStackTrace();
				}
			}
		}
	}

	/**
	 * Open Bandit has few clicks: all are scored, after a warm-up; OTTO is tiny: its
	 * second half is scored.
	 */
	private static int scored(ReplayData data, int scored) {
		long scorable = data.steps().stream().filter((s) -> !s.targets().isEmpty()).count();
		return switch (data.name()) {
			case "open-bandit" -> (int) (scorable * 4 / 5);
			case "otto" -> (int) Math.min(scored, scorable / 2);
			default -> scored;
		};
	}

	private Learner learner(String name, long seed, Duration halfLife, String label) {
		if (!this.jarLearners.contains(name)) {
			return Learners.create(name, seed, halfLife);
		}
		String jar = this.options.get(name.equals("kairos") ? "jar" : "old-jar");
		if (jar == null) {
			throw new IllegalArgumentException(name + " needs --" + (name.equals("kairos") ? "jar" : "old-jar"));
		}
		int base = Integer.parseInt(this.options.getOrDefault("port", "18100"))
				+ 10 * (this.services.getAndIncrement() % 40);
		return new KairosHttpLearner(name, Path.of(jar), base,
				Path.of("target", "evaluation-logs").resolve(name + "-" + label + ".log"));
	}

	private void write(List<RunResult> runs, List<ReplayResult> replays, List<WorldSpec> worlds, List<String> learners,
			List<ClientBehaviour> clients, Map<String, ReplayData> datasets, Instant began, int seeds, int requests)
			throws IOException {
		StringBuilder md = new StringBuilder("# Evaluation suite results\n\n");
		md.append("Command: `").append(this.options.getOrDefault("command", "EvaluationSuite")).append("`\n\n");
		md.append(String.format(Locale.ROOT, "Run %s, %.1f minutes; %s.%n%n", began.truncatedTo(ChronoUnit.SECONDS),
				Duration.between(began, Instant.now()).toSeconds() / 60.0, machine()));
		md.append(String.format(Locale.ROOT,
				"%d requests per world, seeds 1–%d (Kairos over HTTP: as given by --http-* in the command), "
						+ "medians over the seeds run. Normalized CTR = (CTR − random) / (oracle − random) over the last fifth "
						+ "of the requests: 0 is a random slate, 1 the oracle's.%n%n",
				requests, seeds));
		for (ClientBehaviour client : clients) {
			md.append("## Last-fifth normalized CTR, client posts ").append(client.label()).append("\n\n");
			table(md, runs, worlds, learners, client, RunResult::lastFifth, true);
		}
		md.append(
				"## Drift: normalized CTR before it, in the first tenth of the run after it, requests until back at 80%\n\n");
		driftTable(md, runs, worlds, learners);
		md.append("## New items' share of the slots in their first ")
			.append(WorldRun.NEW_ITEM_REQUESTS)
			.append(" requests (impressions client), learner / oracle\n\n");
		newItemTable(md, runs, worlds, learners);
		if (!replays.isEmpty()) {
			md.append("## Real data replayed in time order: HitRate@10 / MRR@10\n\n");
			replayTable(md, replays, datasets);
		}
		Files.writeString(this.out.resolve("results.md"), md);
		StringBuilder csv = new StringBuilder(
				"world,learner,client,seed,requests,last_fifth,ctr_over_oracle,before_drift,after_drift,recovered_within,"
						+ "new_item_share,oracle_new_item_share,invalid_slots,clicks,windows\n");
		for (RunResult r : runs) {
			csv.append(String.join(",", r.world(), r.learner(), r.client(), Long.toString(r.seed()),
					Integer.toString(r.requests()), num(r.lastFifth()), num(r.ctrOverOracle()), num(r.beforeDrift()),
					num(r.afterDrift()), num(r.recoveredWithin()), num(r.newItemShare()), num(r.oracleNewItemShare()),
					Long.toString(r.invalidSlots()), Long.toString(r.clicks()),
					Arrays.stream(r.windows()).mapToObj(EvaluationSuite::num).reduce((a, b) -> a + " " + b).orElse("")))
				.append('\n');
		}
		Files.writeString(this.out.resolve("runs.csv"), csv);
		StringBuilder rcsv = new StringBuilder(
				"dataset,learner,warm_up_steps,scored,hit_rate_at_10,mrr_at_10,consumed_share,items,refused_items,refused_events,failed_requests,new_item_steps,new_item_hit_rate_at_10\n");
		for (ReplayResult r : replays) {
			rcsv.append(String.join(",", r.dataset(), r.learner(), Integer.toString(r.warmUpSteps()),
					Long.toString(r.scored()), num(r.hitRate()), num(r.mrr()), num(r.consumedShare()),
					Integer.toString(r.items()), Long.toString(r.refusedItems()), Long.toString(r.refusedEvents()),
					Long.toString(r.failedRequests()), Long.toString(r.newItemSteps()), num(r.newItemHitRate())))
				.append('\n');
		}
		Files.writeString(this.out.resolve("replays.csv"), rcsv);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("command", this.options.getOrDefault("command", "EvaluationSuite"));
		json.put("began", began.toString());
		json.put("machine", machine());
		json.put("runs", runs);
		json.put("replays", replays);
		Files.writeString(this.out.resolve("results.json"),
				JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
		for (WorldSpec world : worlds) {
			Map<String, double[]> series = new LinkedHashMap<>();
			for (String learner : learners) {
				List<RunResult> mine = runs.stream()
					.filter((r) -> r.world().equals(world.name()) && r.learner().equals(learner)
							&& r.client().equals(ClientBehaviour.IMPRESSIONS.label()))
					.toList();
				if (!mine.isEmpty()) {
					double[] mean = new double[WorldRun.WINDOWS];
					mine.forEach((r) -> {
						for (int w = 0; w < mean.length; w++) {
							mean[w] += r.windows()[w] / mine.size();
						}
					});
					series.put(learner, mean);
				}
			}
			if (!series.isEmpty()) {
				Simulator.plot(this.out.resolve(world.name() + ".png"), series,
						"normalized CTR per window, world " + world.name() + " (impressions client, mean of seeds)");
			}
		}
		System.out.println(md);
		System.out.println("wrote " + this.out.toAbsolutePath());
	}

	private static void table(StringBuilder md, List<RunResult> runs, List<WorldSpec> worlds, List<String> learners,
			ClientBehaviour client, ToDoubleFunction<RunResult> metric, boolean ratios) {
		List<String> present = learners.stream()
			.filter((l) -> runs.stream().anyMatch((r) -> r.learner().equals(l) && r.client().equals(client.label())))
			.toList();
		List<String> kairos = present.stream().filter((l) -> l.startsWith("kairos")).toList();
		md.append("| world |");
		present.forEach((l) -> md.append(' ').append(l).append(" |"));
		md.append(" best other |");
		kairos.forEach((k) -> md.append(' ').append(k).append(" ÷ best other |"));
		md.append("\n|---|");
		present.forEach((l) -> md.append("---:|"));
		md.append("---|");
		kairos.forEach((k) -> md.append("---:|"));
		md.append('\n');
		Map<String, List<Double>> ratiosByKairos = new LinkedHashMap<>();
		for (WorldSpec world : worlds) {
			Map<String, Double> medians = new LinkedHashMap<>();
			for (String l : present) {
				medians.put(l,
						median(runs.stream()
							.filter((r) -> r.world().equals(world.name()) && r.learner().equals(l)
									&& r.client().equals(client.label()))
							.mapToDouble(metric)
							.toArray()));
			}
			md.append("| ").append(world.name()).append(" |");
			medians.values().forEach((v) -> md.append(' ').append(fixed(v)).append(" |"));
			String best = medians.entrySet()
				.stream()
				.filter((e) -> !e.getKey().startsWith("kairos") && !Double.isNaN(e.getValue()))
				.max(Map.Entry.comparingByValue())
				.map(Map.Entry::getKey)
				.orElse(null);
			md.append(' ').append((best == null) ? "" : best + " " + fixed(medians.get(best))).append(" |");
			for (String k : kairos) {
				double ratio = (best == null || medians.get(best) <= 0) ? Double.NaN
						: medians.get(k) / medians.get(best);
				if (!Double.isNaN(ratio)) {
					ratiosByKairos.computeIfAbsent(k, (x) -> new ArrayList<>()).add(ratio);
				}
				md.append(' ')
					.append(Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio))
					.append(" |");
			}
			md.append('\n');
		}
		if (ratios && !kairos.isEmpty()) {
			md.append("| mean of the ratios |");
			present.forEach((l) -> md.append(" |"));
			md.append(" |");
			for (String k : kairos) {
				List<Double> r = ratiosByKairos.getOrDefault(k, List.of());
				md.append(' ')
					.append(r.isEmpty() ? "–"
							: String.format(Locale.ROOT, "%.2f× (%d worlds)",
									r.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), r.size()))
					.append(" |");
			}
			md.append('\n');
		}
		md.append('\n');
	}

	private static void driftTable(StringBuilder md, List<RunResult> runs, List<WorldSpec> worlds,
			List<String> learners) {
		md.append("| world | learner | client | before | first tenth after | back at 80% within (requests) |\n");
		md.append("|---|---|---|---:|---:|---:|\n");
		for (WorldSpec world : worlds) {
			if (world.drift() == WorldSpec.Drift.NONE) {
				continue;
			}
			for (String learner : learners) {
				for (ClientBehaviour client : ClientBehaviour.values()) {
					List<RunResult> mine = runs.stream()
						.filter((r) -> r.world().equals(world.name()) && r.learner().equals(learner)
								&& r.client().equals(client.label()) && r.beforeDrift() != null)
						.toList();
					if (mine.isEmpty() || learner.equals("random")) {
						continue;
					}
					double within = median(mine.stream()
						.mapToDouble(
								(r) -> (r.recoveredWithin() == null) ? Double.POSITIVE_INFINITY : r.recoveredWithin())
						.toArray());
					md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", world.name(), learner,
							client.label(), fixed(median(mine.stream().mapToDouble(RunResult::beforeDrift).toArray())),
							fixed(median(mine.stream().mapToDouble(RunResult::afterDrift).toArray())),
							Double.isInfinite(within) ? "not in the run" : String.format(Locale.ROOT, "%.0f", within)));
				}
			}
		}
		md.append('\n');
	}

	private static void newItemTable(StringBuilder md, List<RunResult> runs, List<WorldSpec> worlds,
			List<String> learners) {
		md.append("| world |");
		learners.forEach((l) -> md.append(' ').append(l).append(" |"));
		md.append(" oracle |\n|---|");
		learners.forEach((l) -> md.append("---:|"));
		md.append("---:|\n");
		for (WorldSpec world : worlds) {
			if (world.newItems() == 0) {
				continue;
			}
			md.append("| ").append(world.name()).append(" |");
			double oracle = Double.NaN;
			for (String learner : learners) {
				List<RunResult> mine = runs.stream()
					.filter((r) -> r.world().equals(world.name()) && r.learner().equals(learner)
							&& r.client().equals(ClientBehaviour.IMPRESSIONS.label()) && r.newItemShare() != null)
					.toList();
				md.append(' ')
					.append(mine.isEmpty() ? "–"
							: percent(median(mine.stream().mapToDouble(RunResult::newItemShare).toArray())))
					.append(" |");
				if (!mine.isEmpty()) {
					oracle = median(mine.stream().mapToDouble(RunResult::oracleNewItemShare).toArray());
				}
			}
			md.append(' ').append(percent(oracle)).append(" |\n");
		}
		md.append('\n');
	}

	private static void replayTable(StringBuilder md, List<ReplayResult> replays, Map<String, ReplayData> datasets) {
		md.append(
				"| data set | predicted | learner | warm-up steps | scored | HitRate@10 | MRR@10 | ÷ most-popular (HitRate) | HitRate@10, items < 7 days old (steps) | already-consumed slots | items refused | refusals |\n");
		md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (ReplayResult r : replays) {
			double popular = replays.stream()
				.filter((o) -> o.dataset().equals(r.dataset()) && o.learner().equals("most-popular"))
				.mapToDouble(ReplayResult::hitRate)
				.findFirst()
				.orElse(Double.NaN);
			md.append(String.format(Locale.ROOT,
					"| %s | %s | %s | %d | %d | %.3f | %.3f | %s | %.3f (%d) | %s | %s | %s |%n", r.dataset(),
					datasets.get(r.dataset()).protocol(), r.learner(), r.warmUpSteps(), r.scored(), r.hitRate(),
					r.mrr(),
					(Double.isNaN(popular) || popular == 0) ? "–"
							: String.format(Locale.ROOT, "%.2f×", r.hitRate() / popular),
					r.newItemHitRate(), r.newItemSteps(), percent(r.consumedShare()),
					r.learner().startsWith("kairos-sandbox") || !r.learner().startsWith("kairos") ? "–"
							: r.refusedItems() + " of " + r.items(),
					r.refusals().isEmpty() ? "" : r.refusals().toString().replace("|", "/")));
		}
		md.append('\n');
	}

	private static double median(double[] values) {
		double[] sorted = Arrays.stream(values).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static String fixed(double v) {
		return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
	}

	private static String percent(double v) {
		return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
	}

	private static String num(Double v) {
		return (v == null || v.isNaN()) ? "" : String.format(Locale.ROOT, "%.6f", v);
	}

	private static String machine() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((l) -> l.startsWith("model name"))
				.findFirst()
				.map((l) -> l.replaceAll(".*:\\s*", ""))
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux: the CPU stays unnamed
		}
		return String.format(Locale.ROOT, "%d cores (%s), %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
				cpu, System.getProperty("os.name"), System.getProperty("os.version"),
				System.getProperty("java.version"));
	}

	private List<String> list(String option, List<String> otherwise) {
		String value = this.options.get(option);
		return (value == null || value.isBlank()) ? otherwise
				: Arrays.stream(value.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				String key = args[i].substring(2);
				String value = (i + 1 < args.length && !args[i + 1].startsWith("--")) ? args[++i] : "true";
				options.put(key, value);
			}
		}
		return options;
	}

	/**
	 * A progress bar on stderr: share done, the current task, elapsed and remaining time.
	 */
	static final class ProgressBar implements WorldRun.Progress {

		private final long total;

		private final long started = System.nanoTime();

		private long done;

		private String label = "";

		private long lastDrawn;

		ProgressBar(long total) {
			this.total = Math.max(1, total);
		}

		synchronized void label(String label) {
			this.label = label;
			draw();
		}

		@Override
		public synchronized void step() {
			this.done++;
			long now = System.nanoTime();
			if (now - this.lastDrawn > 1_000_000_000L) {
				draw();
			}
		}

		private void draw() {
			this.lastDrawn = System.nanoTime();
			double share = Math.min(1, (double) this.done / this.total);
			double elapsed = (this.lastDrawn - this.started) / 1e9;
			String eta = (share > 0.001)
					? String.format(Locale.ROOT, "%.0f min left", elapsed / share * (1 - share) / 60) : "";
			int width = 30;
			int filled = (int) Math.round(share * width);
			System.err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %5.1f min %s | %-60.60s", "#".repeat(filled),
					" ".repeat(width - filled), 100 * share, elapsed / 60, eta, this.label);
		}

		synchronized void done() {
			this.done = this.total;
			draw();
			System.err.println();
		}

	}

}
