package dev.kairos.core.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.ArmScore;
import dev.kairos.core.bandit.LinUcb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The estimators on slate logs whose truth is known: a world of {@value #POOL} items,
 * each slate {@value #K} of them, whose clicks follow the item-position model (item
 * quality times the slot's examination probability). The target ranks by a noisy copy of
 * the quality; its true value is computed exactly, over every set of items a slate can
 * show.
 */
class SlateLogEvaluationTest {

	private static final int POOL = 10;

	private static final int K = 4;

	private static final double[] EXAMINATION = { 1.0, 0.7, 0.5, 0.35 };

	private static final int SLATES = 1500;

	private static final int LOGS = 200;

	/** One world: the items' true qualities and their features (noisy quality, other). */
	private record World(double[] quality, double[][] features) {

		static World of(long seed) {
			SplittableRandom random = new SplittableRandom(seed);
			double[] quality = new double[POOL];
			double[][] features = new double[POOL][];
			for (int i = 0; i < POOL; i++) {
				quality[i] = 0.05 + 0.45 * random.nextDouble();
				features[i] = new double[] { quality[i] + 0.1 * random.nextGaussian(), random.nextDouble() };
			}
			return new World(quality, features);
		}

		/** The target's ranking of a set of items (by feature 0, as the policy does). */
		int[] targetRanking(int[] items) {
			FeatureRankingPolicy target = new FeatureRankingPolicy("target", 0);
			List<ArmScore> chosen = target.select(arms(items), items.length).chosen();
			return chosen.stream().mapToInt((s) -> Integer.parseInt(s.id().substring(1))).toArray();
		}

		/** The rank of each item by feature 1, which the non-uniform logger follows. */
		int[] loggerRanking(int[] items) {
			return new FeatureRankingPolicy("logger", 1).select(arms(items), items.length)
				.chosen()
				.stream()
				.mapToInt((s) -> Integer.parseInt(s.id().substring(1)))
				.toArray();
		}

		List<Arm> arms(int[] items) {
			List<Arm> arms = new ArrayList<>();
			for (int item : items) {
				arms.add(new Arm("i" + item, this.features[item]));
			}
			return arms;
		}

		/**
		 * The target's exact value: the mean over every K-subset (each equally likely) of
		 * its expected reward per slot.
		 */
		double targetValue() {
			double sum = 0;
			int subsets = 0;
			for (int[] items : subsets(POOL, K)) {
				int[] ranking = targetRanking(items);
				double value = 0;
				for (int j = 0; j < K; j++) {
					value += this.quality[ranking[j]] * EXAMINATION[j];
				}
				sum += value / K;
				subsets++;
			}
			return sum / subsets;
		}

		/**
		 * A log whose logger, for each slate, draws {@value #K} items uniformly, then
		 * with probability {@code greedy} orders them by feature 1, else uniformly at
		 * random; each slot's propensity is the exact marginal probability of its item
		 * there.
		 */
		List<LoggedSlate> log(long seed, double greedy) {
			SplittableRandom random = new SplittableRandom(seed);
			List<LoggedSlate> log = new ArrayList<>(SLATES);
			Instant start = Instant.parse("2026-01-01T00:00:00Z");
			for (int t = 0; t < SLATES; t++) {
				int[] items = sample(random);
				int[] greedyOrder = loggerRanking(items);
				int[] order = (random.nextDouble() < greedy) ? greedyOrder : shuffle(items.clone(), random);
				List<LoggedSlate.Slot> slots = new ArrayList<>(K);
				for (int j = 0; j < K; j++) {
					int item = order[j];
					double propensity = greedy * ((greedyOrder[j] == item) ? 1 : 0) + (1 - greedy) / K;
					double reward = (random.nextDouble() < this.quality[item] * EXAMINATION[j]) ? 1 : 0;
					slots.add(new LoggedSlate.Slot("i" + item, propensity, this.features[item], reward));
				}
				log.add(new LoggedSlate("s" + t, start.plusSeconds(t), "logger", slots));
			}
			return log;
		}

	}

	private static int[] sample(SplittableRandom random) {
		int[] all = new int[POOL];
		for (int i = 0; i < POOL; i++) {
			all[i] = i;
		}
		shuffle(all, random);
		return java.util.Arrays.copyOf(all, K);
	}

	private static int[] shuffle(int[] a, SplittableRandom random) {
		for (int i = a.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int tmp = a[i];
			a[i] = a[j];
			a[j] = tmp;
		}
		return a;
	}

	private static List<int[]> subsets(int n, int k) {
		List<int[]> all = new ArrayList<>();
		int[] current = new int[k];
		collect(all, current, 0, 0, n);
		return all;
	}

	private static void collect(List<int[]> all, int[] current, int depth, int from, int n) {
		if (depth == current.length) {
			all.add(current.clone());
			return;
		}
		for (int i = from; i < n; i++) {
			current[depth] = i;
			collect(all, current, depth + 1, i + 1, n);
		}
	}

	/**
	 * Per estimator, the share of {@value #LOGS} seeded logs whose interval covers the
	 * truth.
	 */
	private static Map<String, Double> coverage(double greedy) {
		Map<String, Integer> covered = new LinkedHashMap<>();
		for (int seed = 1; seed <= LOGS; seed++) {
			World world = World.of(seed);
			double truth = world.targetValue();
			SlateLogEvaluation.Result result = SlateLogEvaluation.standard()
				.evaluate(new FeatureRankingPolicy("target", 0), world.log(1000 + seed, greedy));
			for (PolicyValueEstimate estimate : result.estimates()) {
				covered.merge(estimate.estimator(), estimate.interval().contains(truth) ? 1 : 0, Integer::sum);
			}
		}
		Map<String, Double> rates = new LinkedHashMap<>();
		covered.forEach((name, n) -> rates.put(name, n / (double) LOGS));
		return rates;
	}

	@Test
	void underAUniformLoggerEveryIntervalCoversTheTruthAtAboutItsNominalRate() {
		Map<String, Double> rates = coverage(0);
		assertThat(rates).containsOnlyKeys("replay", "ips", "snips", "dr");
		// 95% nominal; with 200 logs a true 95% falls below 0.90 with probability < 0.1%
		rates.forEach((name, rate) -> assertThat(rate).as(name).isBetween(0.90, 1.0));
	}

	@Test
	void underAPartlyGreedyLoggerTheWeightedEstimatorsStillCoverTheTruth() {
		Map<String, Double> rates = coverage(0.5);
		for (String name : List.of("ips", "snips", "dr")) {
			assertThat(rates.get(name)).as(name).isBetween(0.90, 1.0);
		}
	}

	@Test
	void theEstimatesAreNotTrivialTheyMoveWithTheTarget() {
		// the target's truth differs from a worse target's, and the estimates follow
		World world = World.of(7);
		List<LoggedSlate> log = world.log(77, 0);
		double good = world.targetValue();
		SlateLogEvaluation.Result result = SlateLogEvaluation.standard()
			.evaluate(new FeatureRankingPolicy("target", 0), log);
		SlateLogEvaluation.Result other = SlateLogEvaluation.standard()
			.evaluate(new FeatureRankingPolicy("by-feature-1", 1), log);
		double ips = result.estimates().get(1).value();
		double otherIps = other.estimates().get(1).value();
		assertThat(ips).isCloseTo(good, within(0.02));
		assertThat(Math.abs(ips - otherIps)).isGreaterThan(0.005);
		assertThat(result.logged().impressions()).isEqualTo((long) SLATES * K);
		assertThat(result.deterministicLog()).isFalse();
		assertThat(result.support().minimumPropensity()).isEqualTo(1.0 / K);
		// about one slot in K agrees under a uniform logger
		assertThat(result.support().matched() / (double) (SLATES * K)).isCloseTo(1.0 / K, within(0.03));
	}

	@Test
	void aDeterministicLogEvaluatedOnItsOwnPolicyGivesTheObservedRateAndSaysItIsDeterministic() {
		World world = World.of(3);
		SplittableRandom random = new SplittableRandom(5);
		List<LoggedSlate> log = new ArrayList<>();
		for (int t = 0; t < 500; t++) {
			int[] order = world.loggerRanking(sample(random));
			List<LoggedSlate.Slot> slots = new ArrayList<>();
			for (int j = 0; j < K; j++) {
				double reward = (random.nextDouble() < world.quality()[order[j]] * EXAMINATION[j]) ? 1 : 0;
				slots.add(new LoggedSlate.Slot("i" + order[j], 1.0, world.features()[order[j]], reward));
			}
			log.add(new LoggedSlate("s" + t, Instant.EPOCH.plusSeconds(t), "by-feature-1", slots));
		}
		SlateLogEvaluation.Result self = SlateLogEvaluation.standard()
			.evaluate(new FeatureRankingPolicy("by-feature-1", 1), log);
		assertThat(self.deterministicLog()).isTrue();
		assertThat(self.support().matched()).isEqualTo(500L * K);
		for (PolicyValueEstimate estimate : self.estimates()) {
			assertThat(estimate.value()).as(estimate.estimator()).isCloseTo(self.logged().meanReward(), within(1e-12));
		}
		// another target agrees only in part, and IPS counts the rest as 0: a lower bound
		SlateLogEvaluation.Result other = SlateLogEvaluation.standard()
			.evaluate(new FeatureRankingPolicy("target", 0), log);
		assertThat(other.support().matched()).isLessThan(500L * K);
		assertThat(other.estimates().get(1).value()).isLessThanOrEqualTo(other.estimates().get(2).value());
	}

	@Test
	void aLearningTargetLearnsOnlyWhereItAgreesWithTheLog() {
		World world = World.of(11);
		List<LoggedSlate> log = world.log(12, 0);
		SlateLogEvaluation.Result result = SlateLogEvaluation.standard().evaluate(LinUcb.shared(2, 0.3, 1.0), log);
		assertThat(result.policy()).isEqualTo("linucb");
		assertThat(result.estimates()).allSatisfy((e) -> assertThat(e.value()).isFinite());
		assertThat(result.support().matched()).isPositive().isLessThan((long) SLATES * K);
	}

}
