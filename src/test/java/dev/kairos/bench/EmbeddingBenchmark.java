package dev.kairos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.kairos.core.embedding.ItemContent;
import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TwoTowerModel;
import dev.kairos.core.embedding.UserContext;
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
 * The two-tower model's costs (issue 19): exact retrieval of the 200 items nearest a
 * user's vector by a full scan, at 50,000 and 500,000 items (d = 16); the user tower; and
 * one online training step (a click against 2 unclicked impressions and 4 sampled
 * negatives), whose inverse is the worker's training throughput on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class EmbeddingBenchmark {

	@Param({ "50000", "500000" })
	public int items;

	private TwoTowerModel model;

	private TowerSnapshot snapshot;

	private List<UserContext> users;

	private SplittableRandom random;

	private int next;

	@Setup
	public void setUp() {
		this.model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		SplittableRandom world = new SplittableRandom(1);
		for (int i = 0; i < this.items; i++) {
			this.model.register(new ItemContent("i" + i, List.of("category=c" + world.nextInt(50),
					"tag=t" + world.nextInt(500), "tag=t" + world.nextInt(500))));
		}
		this.users = new ArrayList<>();
		for (int u = 0; u < 1_000; u++) {
			List<String> recent = new ArrayList<>();
			for (int j = 0; j < 20; j++) {
				recent.add("i" + world.nextInt(this.items));
			}
			this.users.add(new UserContext(recent, Map.of("c" + world.nextInt(50), 1.0), world.nextInt(24)));
		}
		for (int t = 0; t < 20_000; t++) {
			train();
		}
		this.snapshot = this.model.snapshot(1, (id) -> true);
		this.random = new SplittableRandom(2);
	}

	private double train() {
		UserContext user = this.users.get(this.next++ % this.users.size());
		return this.model.learn(user, "i" + (this.next * 7919 % this.items),
				List.of("i" + (this.next * 104_729 % this.items), "i" + (this.next * 1299 % this.items)));
	}

	@Benchmark
	public Object retrieve200Nearest() {
		UserContext user = this.users.get(this.random.nextInt(this.users.size()));
		return this.snapshot.nearest(this.snapshot.userVector(user), 200, (id) -> false);
	}

	@Benchmark
	public float[] userTower() {
		return this.snapshot.userVector(this.users.get(this.random.nextInt(this.users.size())));
	}

	@Benchmark
	public double learnOneClick() {
		return train();
	}

}
