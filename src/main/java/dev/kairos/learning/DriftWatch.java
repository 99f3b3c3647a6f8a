package dev.kairos.learning;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.core.drift.RewardStreams;
import dev.kairos.core.ranking.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live drift detection on the reward stream, in the worker: per policy and segment (a new
 * user, served the cold-start ranking, or an established one), the shown items of each
 * merged batch are a stream of 0/1 rewards (an item with positive feedback 1, else 0),
 * watched by {@link RewardStreams} (two Page–Hinkley tests per stream, the newest
 * impressions held back while their feedback comes in). A detection is counted
 * ({@code kairos.drift.detections}), logged, and answered by {@link DriftResponse}:
 * {@code decay} makes the model forget faster for a while (the maintenance's decay runs
 * with {@link Settings#halfLife()} instead of the configured half-life for
 * {@link Settings#fastDecayFor()}), {@code reset} forgets the shared model's evidence at
 * once, {@code none} only reports. The evaluation suite's sandbox calls the same two
 * classes.
 *
 * <p>
 * Fed only with batches that were merged (a redelivered batch is skipped before), so each
 * observation counts once. The state is the process's own: each worker watches the
 * partitions it learns from, and the response applies to the shared model.
 */
public class DriftWatch {

	private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);

	/**
	 * The detector's settings.
	 *
	 * @param response what a detection does
	 * @param delta the change of the click-through rate tolerated (Page–Hinkley's δ)
	 * @param threshold the alarm threshold (Page–Hinkley's λ), in summed deviations of
	 * 0/1 rewards
	 * @param minImpressions impressions a stream needs before it may alarm (again)
	 * @param halfLife the model's half-life while it decays faster
	 * @param fastDecayFor how long it decays faster after a detection
	 */
	public record Settings(DriftResponse.Kind response, double delta, double threshold, int minImpressions,
			Duration halfLife, Duration fastDecayFor) {

		public Settings {
			// the response's own settings check the kind and the durations
			new DriftResponse.Settings(response, halfLife, fastDecayFor);
		}

		/** The sensitivity of the tests. */
		public RewardStreams.Sensitivity sensitivity() {
			return new RewardStreams.Sensitivity(this.delta, this.threshold, this.minImpressions);
		}

		/** The response to a detection. */
		public DriftResponse.Settings responseSettings() {
			return new DriftResponse.Settings(this.response, this.halfLife, this.fastDecayFor);
		}

	}

	/**
	 * A detected change.
	 *
	 * @param policy the policy that served the slates
	 * @param segment {@code new-user} or {@code established-user}
	 * @param direction {@code up} (more positive feedback) or {@code down}
	 * @param impressions impressions of the stream seen since its last detection
	 */
	public record Detection(String policy, String segment, String direction, long impressions) {
	}

	private final Settings settings;

	private final ModelStore store;

	private final Clock clock;

	private final Consumer<Detection> detections;

	private final RewardStreams streams;

	private final DriftResponse response;

	/**
	 * @param settings the detector's settings
	 * @param store the shared model, for the {@code reset} response
	 * @param clock the clock
	 * @param detections told of each detection (the meter)
	 */
	public DriftWatch(Settings settings, ModelStore store, Clock clock, Consumer<Detection> detections) {
		this.settings = settings;
		this.store = store;
		this.clock = clock;
		this.detections = detections;
		this.streams = new RewardStreams(settings.sensitivity());
		this.response = new DriftResponse(settings.responseSettings());
	}

	/** The segment of a shown item, from why it was shown. */
	public static String segment(String reason) {
		return Reason.COLD_START.wireName().equals(reason) ? "new-user" : "established-user";
	}

	/**
	 * Feeds the observations of a merged batch, in log order.
	 * @return the detections they caused
	 */
	public synchronized List<Detection> observe(List<Observation> observations) {
		// per stream: the batch's impressions and first positives
		Map<String, long[]> batch = new TreeMap<>();
		for (Observation o : observations) {
			if (o.kind() == Observation.Kind.SHOWN) {
				batch.computeIfAbsent(o.policy() + '\u0000' + segment(o.reason()), (k) -> new long[2])[0]++;
			}
			else if (o.kind() == Observation.Kind.CREDIT && o.firstPositive()) {
				batch.computeIfAbsent(o.policy() + '\u0000' + segment(o.reason()), (k) -> new long[2])[1]++;
			}
		}
		List<Detection> found = new ArrayList<>();
		batch.forEach((key, counts) -> {
			for (RewardStreams.Change change : this.streams.add(key, counts[0], counts[1])) {
				String[] parts = key.split("\u0000", 2);
				found.add(new Detection(parts[0], parts[1], change.direction().wireName(), change.impressions()));
			}
		});
		for (Detection detection : found) {
			respond(detection);
		}
		return found;
	}

	private void respond(Detection detection) {
		log.warn(
				"Drift detected: the positive feedback of policy {} for {} went {} (after {} impressions); response: {}",
				detection.policy(), detection.segment(), detection.direction(), detection.impressions(),
				this.settings.response().name().toLowerCase(Locale.ROOT));
		this.detections.accept(detection);
		if (this.response.detected(this.clock.millis())) {
			try {
				if (this.store.reset(this.clock.millis())) {
					log.warn("Drift reset: the shared model's evidence (A and b) was forgotten");
				}
				else {
					log.warn("Drift reset skipped: learning is frozen");
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not reset the model after drift: {}", ex.getMessage());
			}
		}
	}

	/**
	 * The half-life the maintenance should decay the model with now: the drift half-life
	 * while a detection's faster decay lasts, else {@code configured}.
	 */
	public Duration decayHalfLife(Duration configured) {
		return this.response.halfLife(this.clock.millis(), configured);
	}

	/** Whether a detection's faster decay is under way. */
	public boolean decayingFaster() {
		return this.response.decayingFaster(this.clock.millis());
	}

}
