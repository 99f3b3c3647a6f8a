package dev.kairos.core.bandit;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of shared-mode LinUCB at the service's sizes (200 candidates, d = 32):
 * the design targets are 100 µs per selection and 5 µs per update (DESIGN.md §8). Run
 * with
 * {@code java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main LinUcbBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinUcbBenchmark {

	private LinUcb policy;

	private List<Arm> candidates;

	private int next;

	@Setup
	public void setUp() {
		this.policy = LinUcb.shared(32, 1.0, 1.0);
		LinearProblem problem = new LinearProblem(32, 200, 0.1, 1L);
		this.candidates = problem.candidates();
		SplittableRandom random = new SplittableRandom(2L);
		for (int t = 0; t < 10_000; t++) {
			Arm arm = this.candidates.get(random.nextInt(200));
			this.policy.update(arm, problem.reward(arm.features()));
		}
	}

	/**
	 * One request: θ invalidated by an update since the last request, then select 10 of
	 * 200.
	 */
	@Benchmark
	public Slate updateThenSelectTenOfTwoHundred() {
		this.policy.update(this.candidates.get(this.next++ % 200), 0.5);
		return this.policy.select(this.candidates, 10);
	}

	/** Select 10 of 200 with θ cached. */
	@Benchmark
	public Slate selectTenOfTwoHundred() {
		return this.policy.select(this.candidates, 10);
	}

	/** One rank-1 update. */
	@Benchmark
	public void update() {
		this.policy.update(this.candidates.get(this.next++ % 200), 0.5);
	}

}
