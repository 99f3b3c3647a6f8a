package dev.kairos.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import dev.kairos.core.drift.DriftResponse;
import dev.kairos.core.ranking.RepeatConsumption;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of Kairos, under {@code kairos.*}. Each has a default, so the service
 * starts with no configuration at all.
 *
 * @param infrastructure where Kafka and Redis come from: {@code embedded} (started in and
 * by this process, on loopback) or {@code external} (the standard {@code spring.kafka.*}
 * and {@code spring.data.redis.*} settings)
 * @param roles which roles this process plays
 * @param embedded settings of the embedded Kafka broker and Redis server
 * @param topics Kafka topic names and layout
 * @param events ingestion of interaction events
 * @param features how events turn into user and item features
 * @param recommendations the request path
 * @param ranking how candidates are scored and blended
 * @param learning how feedback becomes reward and the model learns
 * @param api HTTP limits
 * @param security API keys and rate limits
 * @param evaluation off-policy evaluation of the service's own log
 * @param fairness the exposure audit
 * @param policies the parameters of the policies beyond LinUCB's α and λ
 */
@ConfigurationProperties("kairos")
@Validated
public record KairosProperties(@DefaultValue("embedded") @NotNull Infrastructure infrastructure,
		@DefaultValue @Valid Roles roles, @DefaultValue @Valid Embedded embedded, @DefaultValue @Valid Topics topics,
		@DefaultValue @Valid Events events, @DefaultValue @Valid Features features,
		@DefaultValue @Valid Recommendations recommendations, @DefaultValue @Valid Ranking ranking,
		@DefaultValue @Valid Learning learning, @DefaultValue @Valid Api api, @DefaultValue @Valid Security security,
		@DefaultValue @Valid Evaluation evaluation, @DefaultValue @Valid Fairness fairness,
		@DefaultValue @Valid Policies policies) {

	/** Where Kafka and Redis come from. */
	public enum Infrastructure {

		/** Start a real Kafka broker (KRaft) and a real redis-server for this process. */
		EMBEDDED,
		/**
		 * Use the servers named by {@code spring.kafka.*} and
		 * {@code spring.data.redis.*}.
		 */
		EXTERNAL

	}

	/**
	 * The roles of this process; both by default, one each in Kubernetes.
	 *
	 * @param api serve the REST API
	 * @param worker consume events from Kafka into the feature store
	 */
	public record Roles(@DefaultValue("true") boolean api, @DefaultValue("true") boolean worker) {
	}

	/**
	 * The embedded Kafka broker and Redis server.
	 *
	 * @param kafkaPort broker port on 127.0.0.1; 0 picks a free one
	 * @param redisPort Redis port on 127.0.0.1; 0 picks a free one
	 * @param redisBinary path of a redis-server to run; empty uses the one packaged with
	 * Kairos (Redis 7.0.15 for Linux and macOS)
	 */
	public record Embedded(@DefaultValue("0") @Min(0) @Max(65535) int kafkaPort,
			@DefaultValue("0") @Min(0) @Max(65535) int redisPort, @DefaultValue("") String redisBinary) {
	}

	/**
	 * Kafka topics, created on start if missing.
	 *
	 * @param events interaction events, keyed by user id
	 * @param impressions served slates ({@code ServedSlate}, compact binary), keyed by
	 * user id like the events (same partitions)
	 * @param observations what the worker's join of slates and feedback learned, for the
	 * model's merge
	 * @param deadLetter records the worker could not process after its retries
	 * @param partitions partitions of each topic
	 * @param replicationFactor replicas of each topic
	 */
	public record Topics(@DefaultValue("kairos.events") @NotBlank String events,
			@DefaultValue("kairos.impressions") @NotBlank String impressions,
			@DefaultValue("kairos.observations") @NotBlank String observations,
			@DefaultValue("kairos.events.dlt") @NotBlank String deadLetter, @DefaultValue("3") @Positive int partitions,
			@DefaultValue("1") @Positive short replicationFactor) {
	}

	/**
	 * Ingestion of interaction events.
	 *
	 * @param maxBatch most events in one {@code POST /events}
	 * @param publishTimeout longest wait for Kafka's acknowledgement before answering 503
	 * @param retryAfter the {@code Retry-After} given with a 503
	 * @param maxFutureSkew how far in the future an event's timestamp may be
	 * @param deduplicationWindow how long a client's {@code eventId} is remembered
	 * @param deliveryAttempts attempts at processing a record before it goes to the
	 * dead-letter topic
	 */
	public record Events(@DefaultValue("1000") @Positive @Max(10_000) int maxBatch,
			@DefaultValue("1500ms") @NotNull Duration publishTimeout, @DefaultValue("5s") @NotNull Duration retryAfter,
			@DefaultValue("24h") @NotNull Duration maxFutureSkew,
			@DefaultValue("24h") @NotNull Duration deduplicationWindow,
			@DefaultValue("3") @Positive int deliveryAttempts) {
	}

	/**
	 * How events change features.
	 *
	 * @param popularityHalfLife half-life of an item's decayed popularity
	 * @param trendingHalfLife half-life of an item's trending score
	 * @param interestHalfLife half-life of a user's category interests
	 * @param viewWeight weight of a view in popularity and interests
	 * @param clickWeight weight of a click
	 * @param purchaseWeight weight of a purchase
	 * @param recentItems how many recent items are kept per user
	 * @param consumedItems how many clicked or purchased items are kept per user (and
	 * excluded from their recommendations)
	 * @param userTtl how long an inactive user's features are kept
	 * @param ctrPrior click-through rate assumed with no data
	 * @param ctrPriorStrength how many impressions that prior is worth
	 * @param clockSigmaHours width of the Interest Clock's Gaussian over hours
	 * @param clockHalfLife half-life of Interest Clock buckets
	 * @param clockMaxCategories most categories in a user's Interest Clock
	 * @param zone the time zone whose hour of day the Interest Clocks use
	 * @param clockImpressionReward what an impression adds to the Interest Clock of its
	 * category at its hour, ≤ 0: a small negative makes a category shown and not taken
	 * fade
	 */
	public record Features(@DefaultValue("7d") @NotNull Duration popularityHalfLife,
			@DefaultValue("6h") @NotNull Duration trendingHalfLife,
			@DefaultValue("3d") @NotNull Duration interestHalfLife,
			@DefaultValue("1") @DecimalMin("0") double viewWeight,
			@DefaultValue("3") @DecimalMin("0") double clickWeight,
			@DefaultValue("5") @DecimalMin("0") double purchaseWeight, @DefaultValue("50") @Positive int recentItems,
			@DefaultValue("2000") @Positive int consumedItems, @DefaultValue("30d") @NotNull Duration userTtl,
			@DefaultValue("0.05") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
					inclusive = false) double ctrPrior,
			@DefaultValue("20") @Positive double ctrPriorStrength,
			@DefaultValue("1.0") @DecimalMin(value = "0", inclusive = false) double clockSigmaHours,
			@DefaultValue("14d") @NotNull Duration clockHalfLife, @DefaultValue("16") @Positive int clockMaxCategories,
			@DefaultValue("UTC") @NotBlank String zone,
			@DefaultValue("-0.1") @DecimalMax("0") double clockImpressionReward) {
	}

	/**
	 * The request path.
	 *
	 * @param candidatesPerSource how many items each candidate source contributes
	 * @param interestCategories how many categories feed candidates: those with the
	 * highest upper bound of the user's Interest Clock lift at the hour, and as many of
	 * the user's long-term categories
	 * @param newItemAge how long an item counts as new
	 * @param coClickedSeeds how many of the user's latest items bring the items clicked
	 * together with them as candidates
	 * @param snapshotMinInterval the shortest time between two refreshes of the serving
	 * snapshot by pushed changes (the items a worker batch or a catalogue write changed):
	 * how long a change may wait to be coalesced with the next
	 * @param snapshotFullRefresh how often the serving snapshot is rebuilt in full from
	 * Redis, whatever changes were pushed (the bound on staleness if a notice is lost)
	 * @param leastShownPerSource how many of the least-shown items, overall and in each
	 * category that feeds candidates, are candidates (for exploration; at most
	 * {@code candidatesPerSource})
	 * @param repeats whether items a user clicked or bought are ever recommended to them
	 * again: {@code never}, or {@code learned}: the user's repeat share, learned from how
	 * often they consumed an item again and smoothed towards everybody's, gives that
	 * share of the slate's places (rounded) to their own consumed items, most recent
	 * first ("buy it again", for catalogues bought again: groceries, supplies)
	 * @param repeatPriorStrength with {@code learned}: how many of a user's own
	 * consumptions weigh as much as everybody's repeat share in theirs
	 */
	public record Recommendations(@DefaultValue("50") @Positive @Max(1000) int candidatesPerSource,
			@DefaultValue("3") @Min(0) @Max(20) int interestCategories,
			@DefaultValue("3d") @NotNull Duration newItemAge, @DefaultValue("3") @Min(0) @Max(20) int coClickedSeeds,
			@DefaultValue("100ms") @NotNull Duration snapshotMinInterval,
			@DefaultValue("60s") @NotNull Duration snapshotFullRefresh,
			@DefaultValue("20") @Min(0) @Max(1000) int leastShownPerSource,
			@DefaultValue("never") @Pattern(regexp = "never|learned") String repeats,
			@DefaultValue("5") @Positive double repeatPriorStrength) {

		/** The repeat consumption rule these settings give. */
		public RepeatConsumption repeatConsumption() {
			return new RepeatConsumption("learned".equals(this.repeats), this.repeatPriorStrength);
		}

	}

	/**
	 * How candidates are scored and blended.
	 *
	 * @param policy the policy everybody gets, unless {@code policies} splits users: one
	 * of {@link #POLICIES} ({@code linucb} by default; {@code popularity} does not learn;
	 * {@code neural-linear} is linear Thompson sampling over the two towers' product and
	 * the features, and needs {@code kairos.embeddings.enabled}, else it is
	 * {@code linear-thompson})
	 * @param interestClockWeight weight of the Interest Clock term; 0 switches it off
	 * @param modelConfidenceRewards rewards after which the model's and the prior's
	 * weights are equal
	 * @param maxCategoryShare the largest share of a slate one category may take
	 * @param clockPriorEvents how many of a user's own events weigh as much as the global
	 * clock in their Interest Clock blend
	 * @param itemExploration weight of an item's own exploration bonus, the posterior
	 * standard deviation of its click-through rate; 0 switches it off
	 * @param clockLiftPriorStrength strength of the prior of a user's Interest Clock
	 * lift, in population-expected clicks
	 * @param clockExploration how the ranking tries the categories least known for the
	 * user at this time of day: {@code thompson} (a draw from the Interest Clock lift's
	 * posterior) or {@code ucb} (its upper bound)
	 * @param clockExplorationWidth for {@code ucb}: how many posterior standard
	 * deviations the upper bound adds; 0 switches exploration off
	 * @param clockLiftGlobalPrior how much the global clock sets the prior of a user's
	 * lift, in [0, 1] (see ClockLift): 1 trusts the crowd's hours fully, 0 not at all
	 * @param experiment the name of the experiment users are assigned in (renaming it
	 * reshuffles them)
	 * @param policies policy name to weight, to split users between policies; empty:
	 * everybody gets {@code policy}
	 * @param excludeViewed whether items a user viewed lately (their recent items) are
	 * not recommended to them, as items they clicked, bought or skipped never are
	 * @param coOccurrenceLift how much an item often viewed, clicked or bought with the
	 * user's latest items is lifted: its score (less its exploration) is multiplied by
	 * {@code 1 + w·affinity}, the affinity in [0, 1] from its places in those items'
	 * co-occurrence lists; {@code learned}: {@code w} is learned from the served items'
	 * rewards (AffinityLift); a number: {@code w} fixed; 0 switches it off
	 * @param clockSmoothingHours the width, in hours, of the circular Gaussian kernel the
	 * Interest Clock lift reads the user's clicks and exposures per 6-hour block with,
	 * around the request's hour; 0 reads the hour's block alone
	 * @param countOwnServes whether an item this replica served counts in its exposure at
	 * once, until the worker's counts reach the serving snapshot: without it a ranking
	 * serves the same least-known item for as many requests as the pipeline lags
	 * @param coOccurrenceSeeds of how many of the user's latest items the co-occurrence
	 * lift reads the co-occurrence lists (its affinity); apart from
	 * {@code kairos.recommendations.co-clicked-seeds}, which says how many bring
	 * candidates
	 */
	public record Ranking(@DefaultValue("linucb") @NotBlank String policy,
			@DefaultValue("1") @DecimalMin("0") double interestClockWeight,
			@DefaultValue("200") @Positive double modelConfidenceRewards,
			@DefaultValue("1") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double maxCategoryShare,
			@DefaultValue("2") @Positive double clockPriorEvents,
			@DefaultValue("1") @DecimalMin("0") double itemExploration,
			@DefaultValue("0.5") @Positive double clockLiftPriorStrength,
			@DefaultValue("ucb") @Pattern(regexp = "thompson|ucb") String clockExploration,
			@DefaultValue("0") @DecimalMin("0") double clockExplorationWidth,
			@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double clockLiftGlobalPrior,
			@DefaultValue("default") @NotBlank String experiment, Map<String, Integer> policies,
			@DefaultValue("false") boolean excludeViewed,
			@DefaultValue("0") @Pattern(regexp = "learned|\\d+(\\.\\d+)?") String coOccurrenceLift,
			@DefaultValue("0") @DecimalMin("0") double clockSmoothingHours,
			@DefaultValue("true") boolean countOwnServes, @DefaultValue("3") @Min(0) @Max(50) int coOccurrenceSeeds) {

		/** Whether the co-occurrence lift's weight is learned. */
		public boolean coOccurrenceLiftLearned() {
			return "learned".equals(this.coOccurrenceLift);
		}

		/** The co-occurrence lift's fixed weight, 0 if learned or off. */
		public double coOccurrenceLiftWeight() {
			return coOccurrenceLiftLearned() ? 0 : Double.parseDouble(this.coOccurrenceLift);
		}

		/** The policies the service can serve, by the names {@code policy} takes. */
		public static final List<String> POLICIES = List.of("linucb", "hybrid-linucb", "linear-thompson",
				"discounted-linucb", "sliding-window-linucb", "ucb1", "epsilon-greedy", "softmax", "bernoulli-thompson",
				"bdes", "meta-bandit", "neural-linear", "popularity");

		public Ranking {
			// an unknown name would start and then fail every request: refuse it at
			// start-up
			requireKnown("kairos.ranking.policy", policy);
			if (policies != null) {
				policies.keySet().forEach((name) -> requireKnown("kairos.ranking.policies", name));
			}
		}

		private static void requireKnown(String property, String name) {
			if (name != null && !POLICIES.contains(name)) {
				throw new IllegalArgumentException(
						property + ": unknown policy '" + name + "'; valid policies: " + String.join(", ", POLICIES));
			}
		}

	}

	/**
	 * Learning from feedback.
	 *
	 * @param alpha LinUCB's exploration strength α (linear Thompson's posterior scale)
	 * @param lambda the ridge regulariser λ
	 * @param attributionWindow how long, in event time (the request's {@code at}, the
	 * events' timestamps), a slate waits for feedback; its items count as observations of
	 * reward 0 when served, and feedback within the window raises their reward
	 * @param clickReward reward of a click
	 * @param purchaseReward reward of a purchase
	 * @param viewReward reward of a view
	 * @param skipReward reward of a skip
	 * @param refreshInterval how often serving checks the model's version
	 * @param seed seed of this replica's random source for the policies' choices (split
	 * per request); unset: a random seed per process, so that replicas draw differently.
	 * Set it for reproducible tests and replays
	 * @param holdoutShare share of slates whose feedback is kept out of the model, to
	 * judge it by (the learning guard)
	 * @param guardMargin the drop in held-out AUC, against the best of the recent
	 * snapshots, that freezes learning
	 * @param guardMinObservations fewest held-out observations the guard judges on
	 * @param guardInterval how often the guard checks
	 * @param snapshotInterval how often the model is snapshotted
	 * @param decayHalfLife half-life of the model's evidence, for drift; 0 keeps
	 * everything
	 * @param drift live drift detection
	 * @param joinStore where the slate join keeps its open slates
	 * @param stateDirectory the slate join's local state directory (Kafka Streams'
	 * {@code state.dir}); unset: a new temporary directory per start, restored from the
	 * changelogs. On a volume it survives a restart and shortens the restore
	 */
	public record Learning(@DefaultValue("0.3") @DecimalMin("0") double alpha,
			@DefaultValue("1.0") @DecimalMin(value = "0", inclusive = false) double lambda,
			@DefaultValue("30m") @NotNull Duration attributionWindow, @DefaultValue("1") double clickReward,
			@DefaultValue("1") double purchaseReward, @DefaultValue("0.2") double viewReward,
			@DefaultValue("0") double skipReward, @DefaultValue("200ms") @NotNull Duration refreshInterval, Long seed,
			@DefaultValue("0.05") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double holdoutShare,
			@DefaultValue("0.05") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
					inclusive = false) double guardMargin,
			@DefaultValue("500") @Positive int guardMinObservations,
			@DefaultValue("30s") @NotNull Duration guardInterval,
			@DefaultValue("10m") @NotNull Duration snapshotInterval,
			@DefaultValue("7d") @NotNull Duration decayHalfLife, @DefaultValue @Valid Drift drift,
			@DefaultValue("rocksdb") @NotNull JoinStore joinStore, String stateDirectory) {

		/**
		 * Where the worker's slate join keeps its open slates: {@code rocksdb} (on disk,
		 * memory bounded by RocksDB's caches) or {@code memory} (the heap holds every
		 * slate of the attribution window). Both are restored from their changelog
		 * topics.
		 */
		public enum JoinStore {

			ROCKSDB, MEMORY

		}

	}

	/**
	 * Live drift detection on the reward stream (Page–Hinkley per policy and segment, in
	 * the worker).
	 *
	 * @param response what a detection does: {@code decay} (the model decays with
	 * {@code half-life} for {@code fast-decay-for}), {@code reset} (the model's evidence
	 * is forgotten at once) or {@code none} (only the meter and the log line; the
	 * default: neither response won across the evaluation suite's seven worlds, and where
	 * the drift hurts the shared model they came too late to help, docs/evaluation.md
	 * "Drift")
	 * @param delta the change of the click-through rate tolerated
	 * @param threshold the alarm threshold, in summed deviations of 0/1 rewards (with
	 * {@code delta}, calibrated on the evaluation suite's worlds: the only setting tried
	 * that detected their drifts more often than chance and stayed quiet without drift)
	 * @param minImpressions impressions a stream needs before it may alarm (again), and
	 * the newest impressions held back while their feedback comes in
	 * @param halfLife the model's half-life while it decays faster
	 * @param fastDecayFor how long it decays faster after a detection
	 */
	public record Drift(@DefaultValue("none") @NotNull DriftResponse.Kind response,
			@DefaultValue("0.005") @DecimalMin("0") double delta,
			@DefaultValue("100") @DecimalMin(value = "0", inclusive = false) double threshold,
			@DefaultValue("1000") @Positive int minImpressions, @DefaultValue("1h") @NotNull Duration halfLife,
			@DefaultValue("2h") @NotNull Duration fastDecayFor) {
	}

	/**
	 * The parameters of the policies other than LinUCB's α and λ
	 * ({@code kairos.learning}). Each policy's state is kept only while it is served.
	 *
	 * @param epsilon {@code epsilon-greedy}: the probability that the slate's last place
	 * goes to a uniformly random remaining candidate
	 * @param softmaxTemperature {@code softmax}: the temperature τ of the draw of the
	 * slate's last place over the candidates' blended scores
	 * @param ucb1Scale {@code ucb1}: the scale c of its bonus
	 * {@code c·sqrt(2 ln n/(n_i+1))}
	 * @param itemPriorStrength the per-item policies: how many pulls the mean of all
	 * items weighs as in an item's mean
	 * @param metaAlphas {@code meta-bandit}: the grid of LinUCB exploration strengths its
	 * EXP3 chooses from
	 * @param metaGamma {@code meta-bandit}: EXP3's exploration γ, in (0, 1]
	 * @param bdesMinAlpha {@code bdes}: α when the candidates are well known
	 * @param bdesMaxAlpha {@code bdes}: α when they are as unknown as with no data
	 * @param discountedHalfLife {@code discounted-linucb}: the half-life of its evidence
	 * @param slidingWindow {@code sliding-window-linucb}: the window its statistics
	 * cover, in whole hours of learning
	 * @param propensityDraws Monte Carlo draws of a randomised policy's propensities
	 * (Thompson sampling): the stated standard error is at most
	 * {@code 0.5/sqrt(draws + 1)}
	 */
	public record Policies(@DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1") double epsilon,
			@DefaultValue("0.05") @Positive double softmaxTemperature,
			@DefaultValue("0.1") @DecimalMin("0") double ucb1Scale,
			@DefaultValue("10") @Positive double itemPriorStrength, @DefaultValue( {
					"0", "0.1", "0.3", "1" }) @NotNull List<Double> metaAlphas,
			@DefaultValue("0.1") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double metaGamma,
			@DefaultValue("0.05") @DecimalMin("0") double bdesMinAlpha,
			@DefaultValue("1") @DecimalMin("0") double bdesMaxAlpha,
			@DefaultValue("1d") @NotNull Duration discountedHalfLife,
			@DefaultValue("24h") @NotNull Duration slidingWindow,
			@DefaultValue("100") @Min(0) @Max(10000) int propensityDraws){

		public Policies {
			if (metaAlphas.isEmpty() || metaAlphas.stream().anyMatch((a) -> a == null || !(a >= 0))) {
				throw new IllegalArgumentException("kairos.policies.meta-alphas: at least one alpha, none negative");
			}
			if (bdesMaxAlpha < bdesMinAlpha) {
				throw new IllegalArgumentException("kairos.policies.bdes-max-alpha must be at least bdes-min-alpha");
			}
			if (slidingWindow.toHours() < 1) {
				throw new IllegalArgumentException("kairos.policies.sliding-window must be at least 1h");
			}
		}

	}

	/**
	 * HTTP limits.
	 *
	 * @param maxBodySize the largest request body accepted (larger ones get 413)
	 */
	public record Api(@DefaultValue("1MB") @NotNull DataSize maxBodySize) {
	}

	/**
	 * Access control of the REST API (never of the management port). Keys come from
	 * configuration or a secret (for example {@code KAIROS_SECURITY_WRITE_KEYS=k1,k2});
	 * clients send one in {@code X-API-Key} or {@code Authorization: Bearer}. With no
	 * keys configured the API is open.
	 *
	 * @param writeKeys keys that may write ({@code POST}, {@code PUT}, {@code DELETE})
	 * and use {@code /admin/**}; they may read too. Empty: writes and admin are open
	 * @param readKeys keys that may read ({@code GET}); empty: reads are open
	 * @param recommendationsOpen whether {@code GET /recommendations} is open to anyone
	 * even when read keys are configured
	 * @param rateLimit requests per second allowed per key (per client address for
	 * requests without a key); 0 switches rate limiting off
	 * @param burst requests a key may make at once above its steady rate
	 */
	public record Security(@DefaultValue List<String> writeKeys, @DefaultValue List<String> readKeys,
			@DefaultValue("false") boolean recommendationsOpen, @DefaultValue("0") @DecimalMin("0") double rateLimit,
			@DefaultValue("100") @Positive int burst) {
	}

	/**
	 * Off-policy evaluation of the service's own log ({@code GET /admin/evaluation}).
	 *
	 * @param maxSlates most slates one evaluation reads (the newest are kept); a slate of
	 * 10 items costs about 5 KB of heap while the evaluation runs
	 * @param readTimeout how long reading the slates and events topics may take before
	 * the evaluation answers 503
	 */
	public record Evaluation(@DefaultValue("20000") @Positive int maxSlates,
			@DefaultValue("60s") @NotNull Duration readTimeout) {
	}

	/**
	 * The exposure audit ({@code GET /admin/fairness}).
	 *
	 * @param itemAttribute an item attribute whose values are audited as a dimension (for
	 * example {@code provider}); empty for none
	 * @param userAttribute a key of the users' event context whose values are audited as
	 * a dimension (for example {@code segment}); empty for none
	 * @param maxGroups how many distinct values a dimension keeps apart (the rest count
	 * as one group)
	 * @param minShown fewest showings for a group's click-through rate to enter the
	 * lowest-to-highest ratio
	 * @param refreshInterval how often the fairness gauges read the counts again
	 * @param minNewShare exposure constraint applied when serving: at least this share of
	 * each slate's places for new items (created within
	 * {@code kairos.recommendations.new-item-age}), when the candidates hold enough; 0
	 * for none
	 * @param minShare exposure constraints applied when serving: per value of
	 * {@code item-attribute}, at least this share of each slate's places for its items
	 * (e.g. {@code min-share.indie=0.2}); empty for none
	 * @param maxShare exposure constraint applied when serving: at most this share of
	 * each slate's places (at least one place) for any one value of
	 * {@code item-attribute}; 0 for none
	 */
	public record Fairness(@DefaultValue("") String itemAttribute, @DefaultValue("") String userAttribute,
			@DefaultValue("50") @Positive int maxGroups, @DefaultValue("100") @DecimalMin("0") double minShown,
			@DefaultValue("5s") Duration refreshInterval,
			@DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double minNewShare,
			@DefaultValue Map<String, Double> minShare,
			@DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double maxShare) {

		public Fairness {
			minShare = (minShare != null) ? Map.copyOf(minShare) : Map.of();
			minShare.forEach((value, share) -> {
				if (share == null || !(share > 0 && share <= 1)) {
					throw new IllegalArgumentException(
							"kairos.fairness.min-share." + value + " must be in (0, 1]: " + share);
				}
			});
			if ((!minShare.isEmpty() || maxShare > 0) && (itemAttribute == null || itemAttribute.isBlank())) {
				throw new IllegalArgumentException(
						"kairos.fairness.min-share and max-share need kairos.fairness.item-attribute (e.g. provider)");
			}
		}

	}

}
