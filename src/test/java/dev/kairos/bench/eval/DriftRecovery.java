package dev.kairos.bench.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kairos.core.drift.RewardStreams;
import dev.kairos.core.learn.PageHinkley;

/**
 * The drift detector and its response, measured in the suite's worlds: kairos-sandbox
 * ({@link SandboxLearner}, which decays its model and runs the worker's detector and
 * response, {@code core.drift}) with each variant of properties, on each world, seed and
 * client. Per run: the suite's figures (last fifth; before the drift, the first tenth
 * after it, requests back at 80%) and the detector's detections (the requests from the
 * drift's start to the first detection after it; the detections before it, or in a world
 * without drift, false alarms). Prints one table per variant (medians over the seeds) and
 * writes every run to {@code --out} (CSV).
 *
 * <p>
 * With {@code --calibrate true} it also plays the reward streams the first variant's runs
 * fed their detector to a fresh detector per setting of (δ, λ, minimum impressions),
 * watching either the 0/1 rewards ({@link RewardStreams}, as the worker does) or the
 * residuals (reward minus the policy's expected reward at serve time), and prints how
 * many drifting runs each setting detects after the drift, how soon, and its false alarms
 * per 10,000 requests before the drifts and in the worlds without drift. The first
 * variant's response should be {@code none} for the streams to be unaffected.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.DriftRecovery --requests 4000 --seeds 3 \
 *   --clients impressions,clicks-only --threads 1 --calibrate true \
 *   --variants 'none=learning.drift.response=none|decay=learning.drift.response=decay|reset=learning.drift.response=reset|fixed-1d=learning.drift.response=none,learning.decay-half-life=1d'
 * </pre> A variant is {@code label=properties} ({@code defaults} for none), properties
 * under {@code kairos.} separated by {@code ,}, variants by {@code |}; {@code --worlds}
 * names the worlds (all seven by default), {@code --first-seed} the first seed (1).
 */
public final class DriftRecovery {

	private DriftRecovery() {
	}

	/** One run's figures. */
	record Run(String variant, String world, String client, long seed, int requests, int driftAt, RunResult result,
			List<SandboxLearner.DriftDetection> detections, List<SandboxLearner.DriftBatch> batches) {

		/**
		 * Detections before the drift (all of them without one). A detection at slate s
		 * was fed the slates before s, so one at the drift's first request is still
		 * before it.
		 */
		long alarmsBefore() {
			return this.detections.stream().filter((d) -> this.driftAt < 0 || d.slate() <= this.driftAt).count();
		}

		/** Requests from the drift's start to the first detection after it, or null. */
		Long firstAfter() {
			return (this.driftAt < 0) ? null
					: this.detections.stream()
						.filter((d) -> d.slate() > this.driftAt)
						.map((d) -> d.slate() - this.driftAt)
						.findFirst()
						.orElse(null);
		}

		/** Requests without drift: before it, or all. */
		long quietRequests() {
			return (this.driftAt < 0) ? this.requests : this.driftAt;
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		List<String> worlds = List
			.of(options.getOrDefault("worlds", String.join(",", Worlds.ALL.stream().map(WorldSpec::name).toList()))
				.split(","));
		int requests = Integer.parseInt(options.getOrDefault("requests", "4000"));
		int seeds = Integer.parseInt(options.getOrDefault("seeds", "3"));
		int firstSeed = Integer.parseInt(options.getOrDefault("first-seed", "1"));
		List<ClientBehaviour> clients = new ArrayList<>();
		for (String c : options.getOrDefault("clients", "impressions,clicks-only").split(",")) {
			clients.add(ClientBehaviour.of(c.strip()));
		}
		Map<String, Map<String, String>> variants = new LinkedHashMap<>();
		for (String v : options.getOrDefault("variants", "defaults=defaults").split("\\|")) {
			String[] labelled = v.split("=", 2);
			Map<String, String> properties = new LinkedHashMap<>();
			if (!labelled[1].strip().equals("defaults")) {
				for (String kv : labelled[1].split(",")) {
					String[] parts = kv.split("=", 2);
					properties.put(parts[0].strip(), parts[1].strip());
				}
			}
			variants.put(labelled[0].strip(), properties);
		}
		ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(options.getOrDefault("threads", "1")));
		List<Future<Run>> futures = new ArrayList<>();
		for (String world : worlds) {
			WorldSpec spec = Worlds.named(world.strip());
			for (ClientBehaviour client : clients) {
				for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
					for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
						long s = seed;
						futures.add(pool
							.submit(() -> run(variant.getKey(), variant.getValue(), spec, s, requests, client)));
					}
				}
			}
		}
		List<Run> runs = new ArrayList<>();
		for (Future<Run> f : futures) {
			Run run = f.get();
			runs.add(run);
			System.err.printf(Locale.ROOT, "done %s %s %s seed %d: last fifth %.3f, detections %d%n", run.variant(),
					run.world(), run.client(), run.seed(), run.result().lastFifth(), run.detections().size());
		}
		pool.shutdown();
		write(Path.of(options.getOrDefault("out", "target/drift-recovery.csv")), runs);
		System.out.printf(Locale.ROOT, "%d requests, %d seeds; medians over the seeds%n%n", requests, seeds);
		for (ClientBehaviour client : clients) {
			System.out.println("client " + client.label());
			System.out.println();
			System.out
				.println("| world | variant | last fifth | before the drift | first tenth after | back at 80% within"
						+ " | first detection after the drift (requests, per seed) | detections before the drift / in the run "
						+ "(sum over seeds) | false alarms per 10,000 requests |");
			System.out.println("|---|---|---:|---:|---:|---:|---|---:|---:|");
			for (String world : worlds) {
				for (String variant : variants.keySet()) {
					List<Run> cell = runs.stream()
						.filter((r) -> r.world().equals(world.strip()) && r.variant().equals(variant)
								&& r.client().equals(client.label()))
						.toList();
					if (cell.isEmpty()) {
						continue;
					}
					boolean drifting = cell.get(0).driftAt() >= 0;
					long alarms = cell.stream().mapToLong(Run::alarmsBefore).sum();
					long quiet = cell.stream().mapToLong(Run::quietRequests).sum();
					System.out.println(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s | %s | %s | %d | %.1f |",
							world, variant, median(cell.stream().mapToDouble((r) -> r.result().lastFifth()).toArray()),
							drifting ? num(median(cell.stream().mapToDouble((r) -> r.result().beforeDrift()).toArray()))
									: "–",
							drifting ? num(median(cell.stream().mapToDouble((r) -> r.result().afterDrift()).toArray()))
									: "–",
							drifting ? recovered(cell) : "–",
							drifting ? String.join(", ",
									cell.stream()
										.map((r) -> (r.firstAfter() == null) ? "none" : Long.toString(r.firstAfter()))
										.toList())
									: "–",
							alarms, 10_000.0 * alarms / quiet));
				}
			}
			System.out.println();
		}
		if (Boolean.parseBoolean(options.getOrDefault("calibrate", "false"))) {
			String first = variants.keySet().iterator().next();
			calibrate(runs.stream().filter((r) -> r.variant().equals(first)).toList());
		}
	}

	private static Run run(String variant, Map<String, String> properties, WorldSpec spec, long seed, int requests,
			ClientBehaviour client) {
		try (SandboxLearner learner = new SandboxLearner("kairos-sandbox", seed, properties)) {
			RunResult result = WorldRun.run(spec, seed, requests, learner, client, null);
			int driftAt = new SimulatedWorld(spec, seed, requests).driftRequest();
			return new Run(variant, spec.name(), client.label(), seed, requests, driftAt, result,
					List.copyOf(learner.driftDetections()), List.copyOf(learner.driftLog()));
		}
	}

	private static String recovered(List<Run> cell) {
		double[] values = cell.stream()
			.mapToDouble((r) -> (r.result().recoveredWithin() == null) ? Double.POSITIVE_INFINITY
					: r.result().recoveredWithin())
			.toArray();
		double m = median(values);
		return Double.isInfinite(m) ? "not in the run" : String.format(Locale.ROOT, "%.0f", m);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static String num(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	private static void write(Path out, List<Run> runs) throws IOException {
		Files.createDirectories(out.toAbsolutePath().getParent());
		try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
			w.println("variant,world,client,seed,requests,drift_at,last_fifth,before_drift,after_drift,"
					+ "recovered_within,detections,alarms_before,first_after,detection_requests");
			for (Run r : runs) {
				RunResult x = r.result();
				w.println(String.join(",", r.variant(), r.world(), r.client(), Long.toString(r.seed()),
						Integer.toString(r.requests()), Integer.toString(r.driftAt()), num(x.lastFifth()),
						(x.beforeDrift() == null) ? "" : num(x.beforeDrift()),
						(x.afterDrift() == null) ? "" : num(x.afterDrift()),
						(x.recoveredWithin() == null) ? "" : String.format(Locale.ROOT, "%.0f", x.recoveredWithin()),
						Integer.toString(r.detections().size()), Long.toString(r.alarmsBefore()),
						(r.firstAfter() == null) ? "" : Long.toString(r.firstAfter()),
						String.join(" ",
								r.detections()
									.stream()
									.map((d) -> d.slate() + ":" + d.change().stream().replace(',', ';') + ":"
											+ d.change().direction().wireName())
									.toList())));
			}
		}
	}

	// ------------------------------------------------------------- calibration

	/** Plays recorded streams to detectors of a grid of settings. */
	private static void calibrate(List<Run> runs) {
		double[] deltas = { 0, 0.005, 0.01, 0.02, 0.05 };
		double[] thresholds = { 5, 10, 20, 50, 100 };
		int[] minimums = { 200, 1000 };
		System.out.println("Calibration on the streams of variant " + runs.get(0).variant() + " (" + runs.size()
				+ " runs, both clients' streams)");
		System.out.println();
		System.out.println("| watches | δ | λ | min impressions | drifting runs detected after the drift | "
				+ "median requests to it | false alarms per 10,000 requests: before the drifts | in the worlds without drift |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		for (boolean residuals : new boolean[] { false, true }) {
			for (double delta : deltas) {
				for (double threshold : thresholds) {
					for (int minimum : minimums) {
						int drifting = 0;
						int detected = 0;
						List<Long> delays = new ArrayList<>();
						long alarmsBefore = 0;
						long requestsBefore = 0;
						long alarmsQuiet = 0;
						long requestsQuiet = 0;
						for (Run run : runs) {
							Replayed replayed = new Replayed(delta, threshold, minimum, residuals);
							Long first = null;
							long before = 0;
							for (SandboxLearner.DriftBatch batch : run.batches()) {
								int n = replayed.add(batch);
								if (n == 0) {
									continue;
								}
								if (run.driftAt() < 0 || batch.slate() <= run.driftAt()) {
									before += n;
								}
								else if (first == null) {
									first = batch.slate() - run.driftAt();
								}
							}
							if (run.driftAt() >= 0) {
								drifting++;
								alarmsBefore += before;
								requestsBefore += run.driftAt();
								if (first != null) {
									detected++;
									delays.add(first);
								}
							}
							else {
								alarmsQuiet += before;
								requestsQuiet += run.requests();
							}
						}
						System.out.println(String.format(Locale.ROOT,
								"| %s | %s | %s | %d | %d of %d | %s | %.1f | %.1f |",
								residuals ? "residuals" : "0/1 rewards", delta, threshold, minimum, detected, drifting,
								delays.isEmpty() ? "–"
										: String.format(Locale.ROOT, "%.0f",
												median(delays.stream().mapToDouble(Long::doubleValue).toArray())),
								(requestsBefore > 0) ? 10_000.0 * alarmsBefore / requestsBefore : Double.NaN,
								(requestsQuiet > 0) ? 10_000.0 * alarmsQuiet / requestsQuiet : Double.NaN));
					}
				}
			}
		}
	}

	/**
	 * A fresh detector for a replay: the worker's {@link RewardStreams}, or the same
	 * held-back scheme and Page–Hinkley pair on the residuals (each released impression's
	 * 0/1 reward minus its share of the released impressions' expected reward).
	 */
	private static final class Replayed {

		private final RewardStreams rewards;

		private final double delta;

		private final double threshold;

		private final int minimum;

		private final boolean residuals;

		private final Map<String, double[]> held = new LinkedHashMap<>();

		private final Map<String, PageHinkley[]> tests = new LinkedHashMap<>();

		Replayed(double delta, double threshold, int minimum, boolean residuals) {
			this.rewards = new RewardStreams(new RewardStreams.Sensitivity(delta, threshold, minimum));
			this.delta = delta;
			this.threshold = threshold;
			this.minimum = minimum;
			this.residuals = residuals;
		}

		int add(SandboxLearner.DriftBatch batch) {
			if (!this.residuals) {
				return this.rewards.add(batch.stream(), batch.impressions(), batch.positives()).size();
			}
			double[] h = this.held.computeIfAbsent(batch.stream(), (k) -> new double[3]);
			PageHinkley[] t = this.tests.computeIfAbsent(batch.stream(),
					(k) -> new PageHinkley[] { new PageHinkley(this.delta, this.threshold, 1, this.minimum),
							new PageHinkley(this.delta, this.threshold, 1, this.minimum) });
			h[0] += batch.impressions();
			h[1] += batch.positives();
			h[2] += batch.expected();
			long n = (long) Math.max(0, h[0] - this.minimum);
			if (n == 0) {
				return 0;
			}
			long ones = Math.min(n, Math.round(h[1] * n / h[0]));
			double expected = h[2] * n / h[0];
			h[0] -= n;
			h[1] -= ones;
			h[2] -= expected;
			int alarms = 0;
			for (long i = 0; i < n; i++) {
				double x = (((i + 1) * ones / n > i * ones / n) ? 1 : 0) - expected / n;
				boolean rose = t[0].update(x);
				boolean fell = t[1].update(-x);
				if (rose || fell) {
					alarms++;
					t[0].reset();
					t[1].reset();
				}
			}
			return alarms;
		}

	}

}
