package dev.kairos.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.bandit.Slate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Vowpal Wabbit ({@code --cb_explore_adf --epsilon 0.1 -q UA}) on the same data shape as
 * {@link LinearPolicyBenchmark} at d = 32: the first 16 entries as the shared (user)
 * namespace, the other 16 per action. Predict = choose among the candidates (VW scores
 * them all and gives a pmf); learn = one multi-line ADF example with the chosen action's
 * cost. VW parses the text example and learns natively per call, so it does more work per
 * call than Kairos' dense-vector update: compare orders of magnitude, not digits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class VowpalWabbitBenchmark {

	@Param({ "200", "20" })
	public int candidateCount;

	private VowpalWabbitPolicy vw;

	private List<Arm> candidates;

	private SplittableRandom random;

	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		this.vw = new VowpalWabbitPolicy(VowpalWabbitPolicy.DEFAULT_ARGUMENTS, 16, 5);
		this.candidates = Candidates.of(this.candidateCount, 32, 1);
		this.random = new SplittableRandom(2);
		for (int t = 0; t < 500; t++) {
			Slate slate = this.vw.select(this.candidates, 1);
			Arm chosen = byId(slate.chosen().get(0).id());
			this.vw.update(chosen, Candidates.reward(chosen.features(), this.random));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.vw.close();
	}

	private Arm byId(String id) {
		for (Arm arm : this.candidates) {
			if (arm.id().equals(id)) {
				return arm;
			}
		}
		throw new IllegalStateException(id);
	}

	/** Predict: VW's pmf over the candidates, one action sampled. */
	@Benchmark
	public Slate predict() {
		return this.vw.select(this.candidates, 1);
	}

	/**
	 * Predict then learn the reward of the chosen action (VW learns on the example it
	 * last predicted).
	 */
	@Benchmark
	public Slate predictThenLearn() {
		Slate slate = this.vw.select(this.candidates, 1);
		Arm chosen = byId(slate.chosen().get(0).id());
		this.vw.update(chosen, (this.next++ & 1));
		return slate;
	}

}
