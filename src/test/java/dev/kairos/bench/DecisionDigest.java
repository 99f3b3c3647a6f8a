package dev.kairos.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.ServedLinUcb;
import dev.kairos.core.bandit.ServedLinearThompson;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.ranking.UserState;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;

/**
 * What the request path serves on one seeded state, printed one request a line (the
 * slate's item ids, scores, propensities and reasons, and the policy's terms of every
 * candidate), so that two builds can be compared: a change to how the decision is
 * computed (representations, loops) must print the same slates, the same reasons and the
 * same figures to within rounding. The state is {@link EmbeddingServingBenchmark}'s shape
 * (50,000 items with tags and attributes, lists of 15, co-occurrences of 30, users with
 * interests, recent and consumed items, a request context) at a smaller scale, served by
 * LinUCB (deterministic) and linear Thompson sampling with the Interest Clock's Thompson
 * lift (randomised: Monte Carlo propensities), each from the same seeds. It uses only the
 * core's public API and the test's {@code MapCandidateSource}, so it compiles against
 * another build of the same API; for a build before the int-indexed catalogue
 * ({@code ItemCatalogue}), compile that revision's own copy of this file (the state and
 * the lines printed are the same):
 *
 * <pre>
 * java -cp target/classes:target/test-classes:... dev.kairos.bench.DecisionDigest 300 &gt; new.txt
 * python3 bench/compare-digests.py old.txt new.txt
 * </pre>
 */
public final class DecisionDigest {

	private static final long NOW = 1_800_000_000_000L;

	private DecisionDigest() {
	}

	public static void main(String[] args) {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 300;
		print(requests, System.out);
	}

	static void print(int requests, PrintStream out) {
		SplittableRandom world = new SplittableRandom(11);
		ForwardDecay decay = new ForwardDecay(7 * 24);
		EmbeddingServingBenchmark.Source source = new EmbeddingServingBenchmark.Source();
		List<String> ids = new ArrayList<>();
		int items = 5_000;
		int categories = 40;
		for (int i = 0; i < items; i++) {
			String id = "i" + i;
			String category = "c" + world.nextInt(categories);
			List<String> tags = new ArrayList<>();
			for (int t = world.nextInt(4); t > 0; t--) {
				tags.add("t" + world.nextInt(60));
			}
			Map<String, Object> attributes = new HashMap<>();
			if (world.nextBoolean()) {
				attributes.put("brand", "b" + world.nextInt(30));
			}
			if (world.nextBoolean()) {
				attributes.put("price", (double) world.nextInt(1000) - 100);
			}
			double pop = decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(1000), NOW - world.nextInt(1_000_000));
			double trend = decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(100), NOW - world.nextInt(1_000_000));
			long created = (i % 17 == 0) ? Long.MIN_VALUE : NOW - 3_600_000L * world.nextInt(24 * 30);
			source.items.put(id, new CatalogueItem(id, category, created, world.nextInt(100), world.nextInt(2000),
					world.nextInt(200), pop, trend, ItemDescription.of(tags, attributes)));
			ids.add(id);
		}
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			source.lists.put(kind + ":null", sample(ids, 15, world));
			for (int c = 0; c < categories; c++) {
				source.lists.put(kind + ":c" + c, sample(ids, 15, world));
			}
		}
		for (String id : ids) {
			List<String> partners = sample(ids, 30, world);
			double[] logSums = new double[partners.size()];
			for (int k = 0; k < logSums.length; k++) {
				logSums[k] = decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(20), NOW - world.nextInt(1_000_000));
			}
			source.co.put(id, new CoOccurrences(partners, logSums));
		}
		source.freeze();
		List<UserState> users = new ArrayList<>();
		for (int u = 0; u < 200; u++) {
			List<String> recent = sample(ids, world.nextInt(21), world);
			Map<String, Double> interests = new HashMap<>();
			for (int k = world.nextInt(6); k > 0; k--) {
				interests.put("c" + world.nextInt(categories),
						decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(5), NOW - world.nextInt(10_000_000)));
			}
			Map<String, Long> blockClicks = new HashMap<>();
			Map<String, Double> exposures = new HashMap<>();
			for (int k = world.nextInt(6); k > 0; k--) {
				String key = "c" + world.nextInt(categories) + ":" + world.nextInt(4);
				blockClicks.put(key, (long) world.nextInt(5));
				exposures.put(key, world.nextDouble() * 3);
			}
			boolean known = u % 5 != 0;
			users.add(new UserState(known, known ? 1 + world.nextInt(300) : 0, world.nextInt(30), world.nextInt(300),
					interests, recent, Set.copyOf(recent.subList(0, recent.size() / 2)), null, blockClicks, exposures));
		}
		RidgePosterior posterior = RidgePosterior.of(statistics(FeatureVector.DIMENSION, world), 1);
		List<Map<String, String>> contexts = List.of(Map.of(), Map.of("device", "ios"),
				Map.of("device", "android", "country", "fr"));
		for (String setting : new String[] { "linucb", "linear-thompson" }) {
			boolean thompson = setting.equals("linear-thompson");
			Recommender recommender = new Recommender(new Recommender.Settings(
					new SlateRanker(1, 200, 0.3, PopularityBlend.DEFAULT, 2, 1,
							new ClockLift(0.5, thompson ? 1 : 0, thompson, 0.5)),
					decay, new ForwardDecay(6), new ForwardDecay(72), new SmoothedRate(0.05, 20), 1, 3, 3 * 86_400_000L,
					3, 20, false, 50, 0.5, 0));
			ServingPolicy policy = thompson ? new ServedLinearThompson(posterior, 0.3)
					: new ServedLinUcb("linucb", posterior, 0.8);
			SplittableRandom requestRandom = new SplittableRandom(5);
			for (int r = 0; r < requests; r++) {
				UserState user = users.get(r % users.size());
				Recommender.Request request = new Recommender.Request(1 + r % 12, NOW - 600_000L * r, (r * 1.7) % 24,
						(r % 23 == 0) ? "c3" : null, (r % 7 == 0) ? Set.of("i1", "i2", "i3") : Set.of(),
						contexts.get(r % contexts.size()));
				Recommender.Slate slate = recommender.recommend(request, user, source, policy, requestRandom.split(),
						thompson ? 20 : 0);
				StringBuilder line = new StringBuilder(setting).append(' ').append(r);
				for (int j = 0; j < slate.items().size(); j++) {
					var item = slate.items().get(j);
					line.append(' ')
						.append(item.itemId())
						.append(':')
						.append(item.reason())
						.append(':')
						.append(item.score())
						.append(':')
						.append(slate.propensities()[j]);
				}
				line.append(" | ").append(slate.candidates().size());
				for (int i = 0; i < slate.candidates().size(); i++) {
					line.append(' ')
						.append(slate.terms().expectedReward()[i])
						.append('/')
						.append(slate.terms().explorationBonus()[i]);
				}
				out.println(line);
			}
		}
	}

	private static LinearStatistics statistics(int d, SplittableRandom world) {
		LinearStatistics s = LinearStatistics.empty(d);
		for (int n = 0; n < 500; n++) {
			double[] x = new double[d];
			for (int j = 0; j < d; j++) {
				x[j] = (world.nextDouble() < 0.6) ? world.nextDouble() - 0.5 : 0;
			}
			s = s.plus(LinearStatistics.observation(x, world.nextDouble() < 0.1 ? 1 : 0));
		}
		return s;
	}

	private static List<String> sample(List<String> ids, int n, SplittableRandom world) {
		List<String> sample = new ArrayList<>(n);
		for (int k = 0; k < n; k++) {
			sample.add(ids.get(world.nextInt(ids.size())));
		}
		return sample;
	}

}
