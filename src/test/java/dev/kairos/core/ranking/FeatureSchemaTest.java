package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The feature schema's version 2 entries: content and context features hashed into named
 * buckets, and the co-occurrence similarity to the user's recent items.
 */
class FeatureSchemaTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final ForwardDecay DECAY = new ForwardDecay(7 * 24);

	private static CandidateSignals candidate(String id, String category, ItemDescription description) {
		return new CandidateSignals(id, category, 0, 0, 0.05, 0, 0, 0, false, 100, 0, 0, 0, 1, description,
				CandidateSignals.Similarity.NONE, 0);
	}

	@Test
	void tagsAttributesAndContextReachTheVectorAndAreNamed() {
		ItemDescription description = ItemDescription.of(List.of("running"), Map.of("brand", "acme", "price", 120.0));
		UserSignals user = new UserSignals(true, 5, 0.1, 8, Map.of("device", "ios"));
		CandidateSignals shoe = candidate("shoe", "Sport", description);
		CandidateSignals plain = candidate("plain", "Sport", ItemDescription.EMPTY);
		double[][] x = FeatureVector.build(user, List.of(shoe, plain));
		double[][] noContext = FeatureVector.build(new UserSignals(true, 5, 0.1, 8), List.of(shoe, plain));
		// the content makes the two items' vectors differ in the hashed entries only
		for (int j = 0; j < FeatureVector.HASHED_OFFSET; j++) {
			assertThat(x[0][j]).as("entry %d", j).isEqualTo(x[1][j]);
		}
		double content = 0;
		double plainHashed = 0;
		for (int j = FeatureVector.HASHED_OFFSET; j < FeatureVector.DIMENSION; j++) {
			content += Math.abs(noContext[0][j]);
			plainHashed += Math.abs(noContext[1][j]);
			assertThat(x[0][j]).isBetween(-1.0, 1.0);
		}
		assertThat(content).isGreaterThan(0);
		// an item with no content and a request with no context: nothing hashed
		assertThat(plainHashed).isZero();
		// with context, even the plain item has hashed features (the context and its
		// cross with the category)
		double plainWithContext = 0;
		for (int j = FeatureVector.HASHED_OFFSET; j < FeatureVector.DIMENSION; j++) {
			plainWithContext += Math.abs(x[1][j]);
		}
		assertThat(plainWithContext).isGreaterThan(0);

		List<String> names = FeatureVector.names(user, shoe);
		assertThat(names).hasSize(FeatureVector.DIMENSION);
		String hashedNames = String.join(" + ", names.subList(FeatureVector.HASHED_OFFSET, FeatureVector.DIMENSION));
		assertThat(hashedNames).contains("tag:running", "attr:brand=acme", "attr:price", "context.device=ios",
				"context.device=ios&category=Sport");
		// each named feature sits in the bucket its name is listed at
		Map<String, Double> hashed = FeatureVector.hashed(user, shoe);
		assertThat(hashed).containsEntry("tag:running", 1.0)
			.containsEntry("attr:brand=acme", 1.0)
			.containsEntry("context.device=ios", 1.0);
		assertThat(hashed.get("attr:price")).isCloseTo(Math.log1p(120) / Math.log1p(1e6), within(1e-12));
		assertThat(names.subList(0, 32)).isEqualTo(FeatureVector.NAMES.subList(0, 32));
	}

	@Test
	void theSameFeaturesGiveTheSameVectorWhateverTheOrderTheyCameIn() {
		ItemDescription a = ItemDescription.of(List.of("x", "y", "z"), Map.of("k", "v"));
		ItemDescription b = ItemDescription.of(List.of("z", "x", "y"), Map.of("k", "v"));
		UserSignals user = new UserSignals(false, 0, 0, 20, Map.of("country", "fr", "device", "web"));
		assertThat(FeatureVector.build(user, List.of(candidate("i", "c", a))))
			.isDeepEqualTo(FeatureVector.build(user, List.of(candidate("i", "c", b))));
	}

	@Test
	void eachBucketIsTheSumOfItsNamedFeaturesInNameOrderToTheBit() {
		// the vectors hash an item's content once and the request's context once per
		// category; the definition hashes every named feature of every candidate in name
		// order: the two must agree exactly, whatever falls in one bucket together
		SplittableRandom random = new SplittableRandom(17);
		List<Map<String, String>> contexts = List.of(Map.of(), Map.of("device", "ios"),
				Map.of("device", "web", "country", "fr", "a", "b&category=c1"));
		for (Map<String, String> context : contexts) {
			UserSignals user = new UserSignals(true, 40, 0.05, 13.5, context);
			List<CandidateSignals> candidates = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				List<String> tags = new java.util.ArrayList<>();
				for (int t = random.nextInt(6); t > 0; t--) {
					tags.add("t" + random.nextInt(8));
				}
				Map<String, Object> attributes = new HashMap<>();
				for (int a = random.nextInt(4); a > 0; a--) {
					attributes.put("s" + random.nextInt(5), "v" + random.nextInt(4));
					attributes.put("n" + random.nextInt(5), random.nextDouble(-5000, 5000));
				}
				// a numeric attribute whose name is a string attribute's feature
				if (random.nextInt(10) == 0) {
					attributes.put("s1=v1", 7.0);
					attributes.put("s1", "v1");
				}
				candidates.add(candidate("i" + i, "c" + random.nextInt(3), ItemDescription.of(tags, attributes)));
			}
			double[][] x = FeatureVector.build(user, candidates);
			for (int i = 0; i < candidates.size(); i++) {
				double[] expected = new double[FeatureVector.DIMENSION];
				for (Map.Entry<String, Double> f : FeatureVector.hashed(user, candidates.get(i)).entrySet()) {
					int h = dev.kairos.core.learn.MurmurHash3.hash32(f.getKey(), FeatureVector.SCHEMA_VERSION);
					expected[FeatureVector.HASHED_OFFSET
							+ Math.floorMod(h, FeatureVector.HASHED_BUCKETS)] += (h < 0 ? -1 : 1) * f.getValue();
				}
				for (int j = FeatureVector.HASHED_OFFSET; j < FeatureVector.DIMENSION; j++) {
					assertThat(x[i][j]).as("candidate %d, entry %d", i, j)
						.isEqualTo(Math.max(-1, Math.min(1, expected[j])));
				}
			}
		}
	}

	/** Two items often taken together, and one seen with nothing. */
	private static final class Catalogue extends MapCandidateSource {

		void add(String id, double popularity) {
			double logSum = DECAY.add(ForwardDecay.EMPTY, popularity, NOW);
			this.items.put(id, new CatalogueItem(id, "c", NOW - 30L * 24 * 3_600_000, 0, 0, 0, logSum, logSum));
		}

		@Override
		public List<String> list(ListKind kind, String category) {
			return (kind == ListKind.NEW) ? this.items.keySet().stream().sorted().toList() : List.of();
		}

	}

	@Test
	void similarToIsTheShrunkCosineToTheNearestRecentItemAndNamesIt() {
		Catalogue catalogue = new Catalogue();
		catalogue.add("seen", 20);
		catalogue.add("partner", 10);
		catalogue.add("stranger", 10);
		// "seen" and "partner" co-occurred 8 times
		double co = DECAY.add(ForwardDecay.EMPTY, 8, NOW);
		catalogue.co.put("seen", new CoOccurrences(List.of("partner"), new double[] { co }));
		catalogue.co.put("partner", new CoOccurrences(List.of("seen"), new double[] { co }));
		Recommender recommender = new Recommender(new Recommender.Settings(
				new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1, new ClockLift(0.5, 0, false, 0.5)), DECAY,
				DECAY, DECAY, new SmoothedRate(0.05, 20), 1, 3, 3 * 24 * 3_600_000L, 3, 20, false));
		UserState user = new UserState(true, 3, 1, 0, Map.of(), List.of("seen"), Set.of("seen"), null, Map.of(),
				Map.of());
		Recommender.Slate slate = recommender.recommend(
				new Recommender.Request(5, NOW, 10, null, Set.of(), Map.of("device", "ios")), user, catalogue,
				(x) -> Recommender.Terms.none(x.length), new SplittableRandom(1));
		int partner = index(slate, "partner");
		int stranger = index(slate, "stranger");
		double expected = 8 / Math.sqrt(20 * 10.0) * 8 / (8 + Recommender.SIMILARITY_SHRINKAGE);
		assertThat(slate.features()[partner][FeatureVector.SIMILAR_TO]).isCloseTo(expected, within(1e-9));
		assertThat(slate.features()[partner][FeatureVector.SIMILAR_TO + 1]).isCloseTo(expected, within(1e-9));
		assertThat(slate.features()[stranger][FeatureVector.SIMILAR_TO]).isZero();
		assertThat(slate.featureNames(partner).get(FeatureVector.SIMILAR_TO)).isEqualTo("similar-to:seen");
		assertThat(slate.featureNames(stranger).get(FeatureVector.SIMILAR_TO)).isEqualTo("similar-to");
		assertThat(String.join(",", slate.featureNames(stranger))).contains("context.device=ios");
	}

	private static int index(Recommender.Slate slate, String itemId) {
		for (int i = 0; i < slate.candidates().size(); i++) {
			if (slate.candidates().get(i).itemId().equals(itemId)) {
				return i;
			}
		}
		throw new AssertionError(itemId + " is not a candidate");
	}

}
