package dev.kairos.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.core.ranking.MapCandidateSource;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.ranking.UserState;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the embeddings cost a request and the worker (issue 19), in one run:
 * <ul>
 * <li>{@code recommend}: the request's whole decision (about 200 candidates without the
 * towers, 250 with) ({@link Recommender}: candidates, signals, the schema-2 feature
 * vectors with similar-to and hashed content and context, the LinUCB terms at d = 48, the
 * blend, top 10) over a catalogue of 50,000 items, with the two-tower model off (no
 * towers served) and on (user tower, exact retrieval of 50 items, the two-tower feature),
 * and with the neural-linear policy's terms at d = 64;</li>
 * <li>{@code trainOneSlateAndClick}: the worker's tower trainer on one served slate of 10
 * items with their feature vectors (the neural-linear layer's {@code A += z zᵀ}) and one
 * click (a training step against the 9 shown-not-clicked items and 4 sampled
 * negatives).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class EmbeddingServingBenchmark {

	static final long NOW = 1_800_000_000_000L;

	@Param({ "off", "on", "neural-linear" })
	public String embeddings;

	private static final int ITEMS = 50_000;

	private static final int CATEGORIES = 50;

	/**
	 * Items per ranked list: with the user's six categories' lists, the co-clicked items
	 * of three recent items and retrieval's 50, about 200-300 candidates.
	 */
	private static final int LIST_LENGTH = 15;

	private Recommender recommender;

	private Source source;

	private List<UserState> users;

	private RidgePosterior linucb;

	private RidgePosterior neuralLinear;

	private TowerTrainer trainer;

	private SplittableRandom random;

	private int next;

	/** A serving snapshot's shape: lists of 100 per kind, co-occurrences of 100. */
	static final class Source extends MapCandidateSource {

		/** The ranked lists, by {@code kind:category}. */
		final Map<String, List<String>> lists = new HashMap<>();

		@Override
		public List<String> list(ListKind kind, String category) {
			return this.lists.getOrDefault(kind + ":" + category, List.of());
		}

	}

	@Setup
	public void setUp() {
		SplittableRandom world = new SplittableRandom(1);
		ForwardDecay decay = new ForwardDecay(7 * 24);
		this.source = new Source();
		this.trainer = new TowerTrainer(new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS), 100_000, 20,
				FeatureVector.DIMENSION);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < ITEMS; i++) {
			String id = "i" + i;
			String category = "c" + world.nextInt(CATEGORIES);
			List<String> tags = List.of("t" + world.nextInt(500), "t" + world.nextInt(500));
			Map<String, Object> attributes = Map.of("brand", "b" + world.nextInt(100), "price",
					(double) world.nextInt(1000));
			double pop = decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(1000), NOW - world.nextInt(1_000_000));
			this.source.items.put(id,
					new CatalogueItem(id, category, NOW - 86_400_000L * world.nextInt(60), world.nextInt(100),
							world.nextInt(2000), world.nextInt(200), pop, pop, ItemDescription.of(tags, attributes)));
			this.trainer.register(id, category, tags, Map.of("price", (double) world.nextInt(1000)),
					Map.of("brand", "b" + world.nextInt(100)));
			ids.add(id);
		}
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			this.source.lists.put(kind + ":null", sample(ids, LIST_LENGTH, world));
			for (int c = 0; c < CATEGORIES; c++) {
				this.source.lists.put(kind + ":c" + c, sample(ids, LIST_LENGTH, world));
			}
		}
		for (String id : ids) {
			List<String> partners = sample(ids, 30, world);
			double[] logSums = new double[partners.size()];
			for (int k = 0; k < logSums.length; k++) {
				logSums[k] = decay.add(ForwardDecay.EMPTY, 1 + world.nextInt(20), NOW - world.nextInt(1_000_000));
			}
			this.source.co.put(id, new CoOccurrences(partners, logSums));
		}
		this.source.freeze();
		this.users = new ArrayList<>();
		for (int u = 0; u < 1_000; u++) {
			List<String> recent = sample(ids, 20, world);
			Map<String, Double> interests = new HashMap<>();
			for (int k = 0; k < 5; k++) {
				interests.put("c" + world.nextInt(CATEGORIES), decay.add(ForwardDecay.EMPTY, 3, NOW - 3_600_000));
			}
			this.users.add(new UserState(true, 200, 20, 180, interests, recent, Set.copyOf(recent.subList(0, 10)), null,
					Map.of(), Map.of()));
		}
		this.random = new SplittableRandom(2);
		// 20,000 slates and clicks train the towers and the layer
		for (int t = 0; t < 20_000; t++) {
			trainOneSlateAndClick();
		}
		if (!this.embeddings.equals("off")) {
			this.source.towers = this.trainer.snapshot(1, (id) -> true);
		}
		this.linucb = RidgePosterior.of(randomStatistics(FeatureVector.DIMENSION, world), 1);
		LinearStatistics layer = this.trainer.neuralLinear();
		this.neuralLinear = RidgePosterior.of(layer, 1);
		this.recommender = new Recommender(new Recommender.Settings(
				new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1, new ClockLift(0.5, 0, false, 0.5)), decay,
				new ForwardDecay(6), new ForwardDecay(72), new SmoothedRate(0.05, 20), 1, 3, 3 * 86_400_000L, 3, 20,
				false));
		int candidates = ((Recommender.Slate) recommend()).candidates().size();
		System.out.println("candidates per request: " + candidates);
	}

	private static LinearStatistics randomStatistics(int d, SplittableRandom world) {
		LinearStatistics s = LinearStatistics.empty(d);
		for (int n = 0; n < 2_000; n++) {
			double[] x = new double[d];
			for (int j = 0; j < d; j++) {
				x[j] = world.nextDouble() - 0.5;
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

	@Benchmark
	public Object recommend() {
		UserState user = this.users.get(this.random.nextInt(this.users.size()));
		Recommender.Scorer scorer = this.embeddings.equals("neural-linear") ? new Recommender.Scorer() {

			@Override
			public Recommender.Terms score(double[][] x) {
				throw new IllegalStateException("towers expected");
			}

			@Override
			public Recommender.Terms score(double[][] x, float[] u,
					List<dev.kairos.core.ranking.CandidateSignals> candidates) {
				TowerSnapshot towers = EmbeddingServingBenchmark.this.source.towers;
				double[][] z = new double[x.length][];
				for (int i = 0; i < x.length; i++) {
					z[i] = TowerTrainer.neuralLinearFeatures(u, towers.itemVector(candidates.get(i).itemId()), x[i]);
				}
				return terms(EmbeddingServingBenchmark.this.neuralLinear, z);
			}

		} : (x) -> terms(this.linucb, x);
		return this.recommender.recommend(
				new Recommender.Request(10, NOW, 20.5, null, Set.of(), Map.of("device", "ios", "country", "fr")), user,
				this.source, scorer, this.random);
	}

	private Recommender.Terms terms(RidgePosterior posterior, double[][] x) {
		double[] mean = new double[x.length];
		double[] bonus = new double[x.length];
		posterior.meansAndWidths(x, mean, bonus);
		return new Recommender.Terms(mean, bonus, posterior.count());
	}

	/**
	 * Paired timing for a shared, noisy machine, where JMH's iterations of one setting
	 * and the next run under different loads: one JVM, one catalogue, and rounds that
	 * time 200 requests with the towers off, on, and with neural-linear, back to back;
	 * prints each setting's median over the rounds and the median of the per-round ratios
	 * to off. Then times 20,000 training slates and clicks. Run:
	 *
	 * <pre>
	 * ./mvnw -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
	 *   -Dexec.args="-Xmx3g -cp %classpath dev.kairos.bench.EmbeddingServingBenchmark"
	 * </pre>
	 */
	public static void main(String[] args) {
		EmbeddingServingBenchmark b = new EmbeddingServingBenchmark();
		b.embeddings = "on";
		b.setUp();
		TowerSnapshot towers = b.source.towers;
		// "on-hnsw": as on, retrieving through the HNSW index serving builds above
		// kairos.embeddings.ann-min-items
		TowerSnapshot indexed = towers.withIndex(dev.kairos.core.embedding.HnswIndex.build(towers,
				dev.kairos.core.embedding.HnswIndex.Settings.DEFAULTS, System.currentTimeMillis()));
		// one setting alone (for a profiler: java -XX:StartFlightRecording=... ... off
		// 100)
		String[] settings = (args.length > 0) ? args[0].split(",")
				: new String[] { "off", "on", "on-hnsw", "neural-linear" };
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		double[][] micros = new double[settings.length][rounds];
		for (int round = -5; round < rounds; round++) {
			for (int s = 0; s < settings.length; s++) {
				b.embeddings = settings[s].equals("on-hnsw") ? "on" : settings[s];
				b.source.towers = switch (settings[s]) {
					case "off" -> null;
					case "on-hnsw" -> indexed;
					default -> towers;
				};
				long start = System.nanoTime();
				for (int n = 0; n < 200; n++) {
					b.recommend();
				}
				if (round >= 0) {
					micros[s][round] = (System.nanoTime() - start) / 200 / 1_000.0;
				}
			}
		}
		for (int s = 0; s < settings.length; s++) {
			double[] ratios = new double[rounds];
			for (int r = 0; r < rounds; r++) {
				ratios[r] = micros[s][r] / micros[0][r];
			}
			System.out.printf("recommend, %s: median %.0f us per request (%d rounds of 200), ratio to off %.2f%n",
					settings[s], median(micros[s]), rounds, median(ratios));
		}
		if (args.length > 0) {
			return;
		}
		long start = System.nanoTime();
		for (int n = 0; n < 20_000; n++) {
			b.trainOneSlateAndClick();
		}
		double perSlate = (System.nanoTime() - start) / 20_000 / 1_000.0;
		System.out.printf("train one slate of 10 and one click: %.0f us, %.0f clicks/s on one core%n", perSlate,
				1e6 / perSlate);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	@Benchmark
	public long trainOneSlateAndClick() {
		int n = this.next++;
		String user = "u" + (n % 5_000);
		List<String> slate = new ArrayList<>(10);
		List<double[]> features = new ArrayList<>(10);
		for (int k = 0; k < 10; k++) {
			slate.add("i" + ((n * 7919L + k * 104_729L) % ITEMS));
			double[] x = new double[FeatureVector.DIMENSION];
			x[0] = 1;
			x[1 + k] = 0.5;
			x[40] = -0.3;
			features.add(x);
		}
		this.trainer.served(user, slate, features, n % 24);
		this.trainer.positive(user, slate.get(n % 10), n % 24);
		return this.trainer.positives();
	}

}
