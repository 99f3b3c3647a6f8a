package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.ArmStatistics;
import dev.kairos.core.bandit.ItemArms;
import dev.kairos.core.bandit.ServedBernoulliThompson;
import dev.kairos.core.bandit.ServedEpsilonGreedy;
import dev.kairos.core.bandit.ServedLinUcb;
import dev.kairos.core.bandit.ServedLinearThompson;
import dev.kairos.core.bandit.ServedMetaBandit;
import dev.kairos.core.bandit.ServedSoftmax;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded statistical test of the logged propensities: one request's context served
 * again and again, each served (place, item) counted, and the frequencies compared with
 * the propensities logged for them. Exact propensities (ε-greedy, softmax, the
 * meta-bandit's mixture) must match the frequencies within 4.5 binomial standard errors
 * (about 1 in 150,000 per cell by chance, a dozen cells per test, fixed seeds); Monte
 * Carlo estimates (Thompson sampling) within that plus their own stated error.
 */
class PolicyPropensityTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final SlateRanker RANKER = new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1,
			new ClockLift(0.5, 0, false, 0.5));

	private static final Recommender RECOMMENDER = new Recommender(
			new Recommender.Settings(RANKER, new ForwardDecay(24), new ForwardDecay(24), new ForwardDecay(24),
					new SmoothedRate(0.05, 20), 1, 3, 3 * 24 * 3_600_000L, 3, 20, false));

	private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e", "f", "g", "h");

	/** Eight items in four categories, with some clicks and exposure. */
	private static final CandidateSource SOURCE = new MapCandidateSource() {

		{
			for (int i = 0; i < ITEMS.size(); i++) {
				String id = ITEMS.get(i);
				this.items.put(id, new CatalogueItem(id, "c" + (i % 4), NOW - 30L * 24 * 3_600_000, i, 10 + 3 * i,
						20 + i, ForwardDecay.EMPTY, ForwardDecay.EMPTY));
			}
		}

		@Override
		public List<String> list(ListKind kind, String category) {
			return (kind == ListKind.NEW && category == null) ? ITEMS : List.of();
		}

	};

	private static final UserState USER = new UserState(true, 10, 1, 5, Map.of(), List.of(), Set.of(),
			new InterestClock(InterestClockParameters.defaults()), Map.of(), Map.of());

	private static final Recommender.Request REQUEST = new Recommender.Request(3, NOW, 9.5, null, Set.of());

	private static ItemArms arms() {
		Map<String, ArmStatistics> arms = new HashMap<>();
		for (int i = 0; i < ITEMS.size(); i++) {
			arms.put(ITEMS.get(i), new ArmStatistics(100, i * 2.0, i * 2.0));
		}
		return new ItemArms(arms, 10);
	}

	/** A posterior learned from a seeded stream over the fixture's own vectors. */
	private static RidgePosterior posterior() {
		Recommender.Slate probe = RECOMMENDER.recommend(REQUEST, USER, SOURCE,
				ServingPolicy.of("probe", (x) -> Recommender.Terms.none(x.length)), new SplittableRandom(1), 0);
		double[][] x = probe.features();
		RidgeModel model = new RidgeModel(x[0].length, 1);
		SplittableRandom random = new SplittableRandom(7);
		for (int t = 0; t < 3000; t++) {
			int i = random.nextInt(x.length);
			model.update(x[i], (random.nextDouble() < 0.05 + 0.02 * i) ? 1 : 0);
		}
		LinearStatistics statistics = model.statistics();
		return RidgePosterior.of(statistics, 1);
	}

	/** Serves n times; per (place, item) the times served and the propensities logged. */
	private static Map<String, double[]> serve(ServingPolicy policy, int n, int draws, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, double[]> cells = new HashMap<>();
		for (int t = 0; t < n; t++) {
			Recommender.Slate slate = RECOMMENDER.recommend(REQUEST, USER, SOURCE, policy, random.split(), draws);
			assertThat(slate.items()).hasSize(3);
			for (int j = 0; j < slate.items().size(); j++) {
				double[] cell = cells.computeIfAbsent(j + ":" + slate.items().get(j).itemId(), (k) -> new double[3]);
				cell[0]++;
				cell[1] += slate.propensities()[j];
				cell[2] = Math.max(cell[2], slate.propensityError());
			}
		}
		return cells;
	}

	private static void assertMatch(Map<String, double[]> cells, int n, boolean exact) {
		for (Map.Entry<String, double[]> e : cells.entrySet()) {
			double served = e.getValue()[0];
			double frequency = served / n;
			double logged = e.getValue()[1] / served;
			double p = Math.max(frequency, logged);
			double bound = 4.5 * Math.sqrt(p * (1 - p) / n) + 1e-12 + (exact ? 0 : 2 * e.getValue()[2]);
			assertThat(logged).as("propensity of %s (served %s times of %s)", e.getKey(), served, n)
				.isCloseTo(frequency, org.assertj.core.data.Offset.offset(bound));
		}
	}

	@Test
	void aDeterministicPolicyLogsOneAndSaysSo() {
		ServingPolicy linucb = new ServedLinUcb("linucb", posterior(), 0.3);
		Recommender.Slate first = RECOMMENDER.recommend(REQUEST, USER, SOURCE, linucb, new SplittableRandom(1), 100);
		Recommender.Slate second = RECOMMENDER.recommend(REQUEST, USER, SOURCE, linucb, new SplittableRandom(2), 100);
		assertThat(first.deterministic()).isTrue();
		assertThat(first.propensityError()).isZero();
		assertThat(first.propensities()).containsOnly(1.0);
		assertThat(first.items()).isEqualTo(second.items());
	}

	@Test
	void epsilonGreedyPropensitiesAreExactFrequencies() {
		int n = 20_000;
		Map<String, double[]> cells = serve(new ServedEpsilonGreedy(arms(), 0.3), n, 0, 11);
		// the last place is explored: 0.7 for the ranking's item plus 0.3 / m for each of
		// the m = 6 remaining candidates
		assertThat(cells.keySet().stream().filter((k) -> k.startsWith("2:"))).hasSize(6);
		assertThat(cells.keySet().stream().filter((k) -> k.startsWith("0:"))).hasSize(1);
		assertMatch(cells, n, true);
		double lastPlace = cells.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("2:"))
			.mapToDouble((e) -> e.getValue()[1] / e.getValue()[0])
			.sum();
		assertThat(lastPlace).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void softmaxPropensitiesAreExactFrequencies() {
		int n = 20_000;
		Map<String, double[]> cells = serve(new ServedSoftmax(arms(), 0.05), n, 0, 12);
		assertThat(cells.keySet().stream().filter((k) -> k.startsWith("2:")).count()).isGreaterThan(2);
		assertMatch(cells, n, true);
	}

	@Test
	void theMetaBanditsMixturePropensitiesAreExactFrequencies() {
		int n = 20_000;
		ServingPolicy meta = new ServedMetaBandit(posterior(), new double[] { 0, 0.5, 3, 20 },
				new double[] { 0, 1.2, 0.3, 0.8 }, 0.2);
		Map<String, double[]> cells = serve(meta, n, 0, 13);
		// the grid's configurations disagree somewhere, or the test would prove nothing
		assertThat(cells).hasSizeGreaterThan(3);
		assertMatch(cells, n, true);
	}

	@Test
	void thompsonSamplingsMonteCarloPropensitiesMatchFrequenciesWithinTheirError() {
		int n = 3_000;
		Map<String, double[]> linear = serve(new ServedLinearThompson(posterior(), 1.0), n, 100, 14);
		assertThat(linear).hasSizeGreaterThan(3);
		assertMatch(linear, n, false);
		Map<String, double[]> bernoulli = serve(new ServedBernoulliThompson(arms()), n, 100, 15);
		assertThat(bernoulli).hasSizeGreaterThan(3);
		assertMatch(bernoulli, n, false);
	}

	@Test
	void monteCarloStatesItsError() {
		Recommender.Slate slate = RECOMMENDER.recommend(REQUEST, USER, SOURCE,
				new ServedLinearThompson(posterior(), 1.0), new SplittableRandom(3), 99);
		assertThat(slate.deterministic()).isFalse();
		assertThat(slate.propensityError()).isEqualTo(0.05);
		for (double p : slate.propensities()) {
			assertThat(p).isGreaterThanOrEqualTo(0.01).isLessThanOrEqualTo(1.0);
		}
	}

}
