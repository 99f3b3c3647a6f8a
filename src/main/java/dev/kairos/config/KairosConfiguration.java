package dev.kairos.config;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.ranking.ExperimentAssignment;
import dev.kairos.core.ranking.ExposureConstraints;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import dev.kairos.evaluation.LogEvaluation;
import dev.kairos.fairness.FairnessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import dev.kairos.fairness.FairnessReport;
import dev.kairos.fairness.FairnessSettings;
import dev.kairos.fairness.FairnessStore;
import dev.kairos.fairness.FairnessTally;
import dev.kairos.evaluation.ServedLog;
import dev.kairos.events.EventParser;
import dev.kairos.events.RecentEvents;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.items.ItemParser;
import dev.kairos.learning.DriftWatch;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.PolicySettings;
import dev.kairos.learning.ModelLearner;
import dev.kairos.learning.ModelMaintenance;
import dev.kairos.metrics.KairosMetrics;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.ServingModel;
import dev.kairos.learning.SlateLog;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.recommendations.RecommendationService;
import dev.kairos.recommendations.ServingSnapshots;
import dev.kairos.recommendations.SnapshotChanges;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/** Maps the properties to the parameters of the plain-Java parts, and wires them. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class KairosConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	public FeatureSettings featureSettings(KairosProperties properties) {
		KairosProperties.Features f = properties.features();
		return new FeatureSettings(decay(f.popularityHalfLife()), decay(f.trendingHalfLife()),
				decay(f.interestHalfLife()), f.viewWeight(), f.clickWeight(), f.purchaseWeight(),
				new SmoothedRate(f.ctrPrior(), f.ctrPriorStrength()), f.recentItems(), f.consumedItems(), f.userTtl(),
				properties.events().deduplicationWindow(),
				new InterestClockParameters(f.clockSigmaHours(), f.clockHalfLife(), 1, 1, f.clockMaxCategories()),
				ZoneId.of(f.zone()), f.clockImpressionReward());
	}

	private static ForwardDecay decay(Duration halfLife) {
		return new ForwardDecay(halfLife.toMillis() / 3_600_000.0);
	}

	@Bean
	EventParser eventParser(KairosProperties properties, Clock clock) {
		return new EventParser(properties.events().maxBatch(), properties.events().maxFutureSkew(), clock);
	}

	@Bean
	ItemParser itemParser(KairosProperties properties, Clock clock) {
		return new ItemParser(properties.events().maxBatch(), clock);
	}

	@Bean
	FeatureUpdates featureUpdates(FeatureStore store, FeatureSettings settings) {
		return new FeatureUpdates(store, settings);
	}

	@Bean
	public LearningSettings learningSettings(KairosProperties properties) {
		KairosProperties.Learning l = properties.learning();
		return new LearningSettings(properties.ranking().policy(), l.alpha(), l.lambda(), l.attributionWindow(),
				l.clickReward(), l.purchaseReward(), l.viewReward(), l.skipReward(), l.refreshInterval(),
				l.holdoutShare());
	}

	@Bean
	FairnessSettings fairnessSettings(KairosProperties properties) {
		KairosProperties.Fairness f = properties.fairness();
		return new FairnessSettings(f.itemAttribute().strip(), f.userAttribute().strip(),
				properties.recommendations().newItemAge().toMillis(), f.maxGroups(), f.minShown());
	}

	/**
	 * The exposure constraints applied when serving
	 * ({@code kairos.fairness.min-new-share}, {@code min-share.<value>},
	 * {@code max-share}); none by default.
	 */
	@Bean
	public ExposureConstraints exposureConstraints(KairosProperties properties) {
		KairosProperties.Fairness f = properties.fairness();
		List<ExposureConstraints.Minimum> minimums = new ArrayList<>();
		if (f.minNewShare() > 0) {
			minimums.add(new ExposureConstraints.Minimum(ExposureConstraints.NEW_ITEMS, f.minNewShare()));
		}
		String attribute = f.itemAttribute().strip();
		new TreeMap<>(f.minShare())
			.forEach((value, share) -> minimums.add(new ExposureConstraints.Minimum(attribute + '=' + value, share)));
		List<ExposureConstraints.Maximum> maximums = (f.maxShare() > 0)
				? List.of(new ExposureConstraints.Maximum(attribute, f.maxShare())) : List.of();
		return new ExposureConstraints(minimums, maximums);
	}

	@Bean
	FairnessTally fairnessTally(FairnessStore store, FairnessSettings settings) {
		return new FairnessTally(store, settings);
	}

	@Bean
	FairnessReport fairnessReport(FairnessStore store, FairnessSettings settings) {
		return new FairnessReport(store, settings);
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	FairnessMetrics fairnessMetrics(FairnessReport report, MeterRegistry registry) {
		return new FairnessMetrics(report, registry);
	}

	/**
	 * Off-policy evaluation of the served log, seeded like the rest of learning (42 when
	 * no seed is set).
	 */
	@Bean
	LogEvaluation logEvaluation(ServedLog log, LearningSettings settings, KairosProperties properties) {
		Long seed = properties.learning().seed();
		return new LogEvaluation(log, settings, properties.evaluation().maxSlates(), (seed != null) ? seed : 42L);
	}

	/**
	 * The policies served (the default and the experiment's arms) and their parameters.
	 */
	@Bean
	public PolicySettings policySettings(KairosProperties properties) {
		KairosProperties.Ranking r = properties.ranking();
		KairosProperties.Learning l = properties.learning();
		KairosProperties.Policies p = properties.policies();
		Set<String> served = new TreeSet<>();
		served.add(r.policy());
		if (r.policies() != null) {
			served.addAll(r.policies().keySet());
		}
		return new PolicySettings(served, l.alpha(), l.lambda(), p.epsilon(), p.softmaxTemperature(), p.ucb1Scale(),
				p.itemPriorStrength(), p.metaAlphas(), p.metaGamma(), p.bdesMinAlpha(), p.bdesMaxAlpha(),
				p.discountedHalfLife(), p.slidingWindow(), p.propensityDraws(), l.seed());
	}

	@Bean
	ServingModel servingModel(ModelStore store, LearningSettings settings, PolicySettings policies) {
		return new ServingModel(store, settings, policies);
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	ModelLearner modelLearner(ModelStore store, KairosMetrics metrics, DriftWatch drift, PolicySettings policies) {
		return new ModelLearner(store, metrics, drift, policies);
	}

	/** Live drift detection on the reward stream, in the worker. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	DriftWatch driftWatch(ModelStore store, KairosProperties properties, Clock clock, KairosMetrics metrics) {
		return new DriftWatch(driftSettings(properties), store, clock,
				(detection) -> metrics.driftDetected(detection.policy(), detection.segment(), detection.direction()));
	}

	/** The drift detector's settings ({@code kairos.learning.drift.*}). */
	public DriftWatch.Settings driftSettings(KairosProperties properties) {
		KairosProperties.Drift d = properties.learning().drift();
		return new DriftWatch.Settings(d.response(), d.delta(), d.threshold(), d.minImpressions(), d.halfLife(),
				d.fastDecayFor());
	}

	@Bean
	public SlateRanker slateRanker(KairosProperties properties) {
		KairosProperties.Ranking r = properties.ranking();
		return new SlateRanker(r.interestClockWeight(), r.modelConfidenceRewards(), r.maxCategoryShare(),
				PopularityBlend.DEFAULT, r.clockPriorEvents(), r.itemExploration(),
				new ClockLift(r.clockLiftPriorStrength(), r.clockExplorationWidth(),
						"thompson".equals(r.clockExploration()), r.clockLiftGlobalPrior()));
	}

	@Bean
	ExperimentAssignment experimentAssignment(KairosProperties properties) {
		KairosProperties.Ranking r = properties.ranking();
		return (r.policies() == null || r.policies().isEmpty()) ? ExperimentAssignment.only(r.policy())
				: new ExperimentAssignment(r.experiment(), new TreeMap<>(r.policies()));
	}

	@Bean
	public Recommender recommender(SlateRanker ranker, FeatureSettings settings, KairosProperties properties) {
		KairosProperties.Recommendations r = properties.recommendations();
		return new Recommender(new Recommender.Settings(ranker, settings.popularity(), settings.trending(),
				settings.interest(), settings.ctr(), settings.ctr().priorRate() * settings.ctr().priorStrength(),
				r.interestCategories(), r.newItemAge().toMillis(), r.coClickedSeeds(),
				Math.min(r.leastShownPerSource(), r.candidatesPerSource()), properties.ranking().excludeViewed(),
				Recommender.DEFAULT_RETRIEVED_ITEMS, properties.ranking().coOccurrenceLiftWeight(),
				properties.ranking().clockSmoothingHours(), properties.ranking().countOwnServes(),
				properties.ranking().coOccurrenceLiftLearned(), properties.ranking().coOccurrenceSeeds()),
				r.repeatConsumption());
	}

	/**
	 * The serving snapshot of this API instance: built at start, moved by pushed changes
	 * and a background tick at the model's refresh interval.
	 */
	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	ServingSnapshots servingSnapshots(FeatureStore store, FeatureSettings settings, ServingModel model,
			SnapshotChanges changes, LearningSettings learning, KairosProperties properties) {
		KairosProperties.Recommendations r = properties.recommendations();
		return new ServingSnapshots(store, settings, model, changes, r.candidatesPerSource(),
				learning.refreshInterval(), r.snapshotFullRefresh(), r.snapshotMinInterval());
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
	RecommendationService recommendationService(FeatureStore store, ServingSnapshots snapshots, Recommender recommender,
			FeatureSettings settings, SlateLog slates, LearningSettings learning, ExperimentAssignment experiment,
			PolicySettings policies, RecentEvents recent, ExposureConstraints constraints) {
		return new RecommendationService(store, snapshots, recommender, settings.zone(), slates, learning, experiment,
				policies, recent, constraints);
	}

	/**
	 * The events this instance accepted in the last two minutes, per user, read before
	 * the worker stores them: what the users consumed, left out of their recommendations,
	 * and what they viewed, clicked or bought (the event types of positive weight), among
	 * their recent items.
	 */
	@Bean
	RecentEvents recentEvents(FeatureSettings settings) {
		return RecentEvents.standard(settings::makesRecent);
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	ModelMaintenance modelMaintenance(ModelStore store, KairosProperties properties, Clock clock, KairosMetrics metrics,
			DriftWatch drift) {
		KairosProperties.Learning l = properties.learning();
		return new ModelMaintenance(store, new HoldoutGuard(l.guardMargin(), l.guardMinObservations(), 20), l.lambda(),
				l.decayHalfLife(), clock, metrics, drift);
	}

	/**
	 * The worker's timers for the shared model: decay every minute, snapshots and the
	 * learning guard at their configured intervals.
	 */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	SchedulingConfigurer modelMaintenanceTimers(ModelMaintenance maintenance, KairosProperties properties,
			PolicySettings policies, ModelStore store, Clock clock) {
		KairosProperties.Learning l = properties.learning();
		return (registrar) -> {
			registrar.addFixedDelayTask(maintenance::decay, Duration.ofMinutes(1));
			if (policies.serves("discounted-linucb")) {
				// discounted-linucb's own statistics forget with their own half-life
				registrar.addFixedDelayTask(() -> {
					try {
						store.decayDiscounted(clock.millis(), policies.discountedHalfLife(), Duration.ofSeconds(30));
					}
					catch (RuntimeException ex) {
						org.slf4j.LoggerFactory.getLogger(KairosConfiguration.class)
							.warn("Could not decay discounted-linucb's statistics: {}", ex.getMessage());
					}
				}, Duration.ofMinutes(1));
			}
			registrar.addFixedDelayTask(maintenance::snapshot, l.snapshotInterval());
			registrar.addFixedDelayTask(maintenance::guard, l.guardInterval());
		};
	}

}
