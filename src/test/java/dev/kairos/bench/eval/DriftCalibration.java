package dev.kairos.bench.eval;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.learning.DriftWatch;
import dev.kairos.learning.Observation;

/**
 * Calibrates the worker's drift detector ({@link DriftWatch}) on the suite's worlds: the
 * reward stream kairos-sandbox (the service's defaults) makes in each world and seed is
 * recorded once, as the batches of observations {@link DriftDetectionDelay.Watched} feeds
 * the detector, and then played to a fresh detector per setting of (δ, λ, minimum
 * impressions). Per setting: in the drifting worlds (default, day-parts, weekly) the
 * detections before the drift and the requests from the drift's start to the first
 * detection after it; in the others (popular, niche, organic) every detection, a false
 * alarm of world drift (the learner's own learning curve moves the stream too).
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.DriftCalibration --requests 3000 --seeds 2 --threads 2
 * </pre>
 */
public final class DriftCalibration {

	private DriftCalibration() {
	}

	/** One recorded batch: the request it came after, and its observations. */
	record Batch(int request, List<Observation> observations) {
	}

	/** A recorded stream: its world, seed, drift request (-1: none) and batches. */
	record Stream(String world, long seed, int driftAt, List<Batch> batches) {
	}

	/** A detector that records what it is fed, with the request it was fed after. */
	static final class Recorder extends DriftWatch {

		final List<Batch> batches = new ArrayList<>();

		DriftDetectionDelay.Watched watched;

		Recorder() {
			super(new DriftWatch.Settings(DriftResponse.Kind.NONE, 0.02, 50, 1000, Duration.ofHours(1),
					Duration.ofHours(2)), null, Clock.systemUTC(), (d) -> {
					});
		}

		@Override
		public synchronized List<Detection> observe(List<Observation> observations) {
			this.batches.add(new Batch(this.watched.request, List.copyOf(observations)));
			return List.of();
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		int requests = Integer.parseInt(options.getOrDefault("requests", "3000"));
		int seeds = Integer.parseInt(options.getOrDefault("seeds", "2"));
		List<String> worlds = List
			.of(options.getOrDefault("worlds", "default,day-parts,weekly,popular,niche,organic").split(","));
		ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(options.getOrDefault("threads", "1")));
		List<Future<Stream>> recorded = new ArrayList<>();
		for (String world : worlds) {
			for (long seed = 1; seed <= seeds; seed++) {
				long s = seed;
				recorded.add(pool.submit(() -> {
					WorldSpec spec = Worlds.named(world);
					Recorder recorder = new Recorder();
					try (DriftDetectionDelay.Watched learner = new DriftDetectionDelay.Watched(
							Learners.create("kairos-sandbox", s), recorder)) {
						recorder.watched = learner;
						WorldRun.run(spec, s, requests, learner, ClientBehaviour.IMPRESSIONS, null);
					}
					return new Stream(world, s, new SimulatedWorld(spec, s, requests).driftRequest(), recorder.batches);
				}));
			}
		}
		List<Stream> streams = new ArrayList<>();
		for (Future<Stream> f : recorded) {
			streams.add(f.get());
		}
		pool.shutdown();
		double[] deltas = { 0.0, 0.005, 0.01, 0.02 };
		double[] thresholds = { 5, 10, 20, 30, 50 };
		int[] minimums = { 200, 500, 1000 };
		System.out.println("| δ | λ | min impressions | drifting worlds: detected after the drift (of runs) "
				+ "| mean requests to it | alarms before the drift | non-drifting worlds: alarms | per 1,000 requests |");
		System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (double delta : deltas) {
			for (double threshold : thresholds) {
				for (int minimum : minimums) {
					DriftWatch.Settings settings = new DriftWatch.Settings(DriftResponse.Kind.NONE, delta, threshold,
							minimum, Duration.ofHours(1), Duration.ofHours(2));
					int drifting = 0;
					int detected = 0;
					long delaySum = 0;
					int before = 0;
					int falseAlarms = 0;
					long quietRequests = 0;
					for (Stream stream : streams) {
						DriftWatch watch = new DriftWatch(settings, null, Clock.systemUTC(), (d) -> {
						});
						Integer first = null;
						int alarmsBefore = 0;
						for (Batch batch : stream.batches()) {
							int n = watch.observe(batch.observations()).size();
							if (n == 0) {
								continue;
							}
							if (stream.driftAt() < 0 || batch.request() < stream.driftAt()) {
								alarmsBefore += n;
							}
							else if (first == null) {
								first = batch.request() - stream.driftAt();
							}
						}
						if (stream.driftAt() >= 0) {
							drifting++;
							before += alarmsBefore;
							if (first != null) {
								detected++;
								delaySum += first;
							}
						}
						else {
							falseAlarms += alarmsBefore;
							quietRequests += requests;
						}
					}
					System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %d of %d | %s | %d | %d | %.2f |",
							delta, threshold, minimum, detected, drifting,
							(detected > 0) ? Long.toString(delaySum / detected) : "–", before, falseAlarms,
							(quietRequests > 0) ? 1000.0 * falseAlarms / quietRequests : Double.NaN));
				}
			}
		}
	}

}
