package dev.kairos.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kairos.core.interestclock.CategoryScore;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockCodec;
import dev.kairos.core.interestclock.InterestClockParameters;
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
 * The Interest Clock of a user with 8 categories: reads, an update, and its storage
 * codec.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class InterestClockBenchmark {

	private static final long NOW = 1_764_000_000_000L;

	private InterestClock clock;

	private byte[] encoded;

	private int next;

	@Setup
	public void setUp() {
		this.clock = new InterestClock(InterestClockParameters.defaults());
		for (int i = 0; i < 500; i++) {
			this.clock.update("category-" + (i % 8), (i * 7) % 24, 1, NOW - (500 - i) * 60_000L);
		}
		this.encoded = InterestClockCodec.encode(this.clock);
	}

	/** The preference for one category at an hour. */
	@Benchmark
	public double preference() {
		return this.clock.preference("category-3", 9.5, NOW);
	}

	/** The top 3 categories at an hour. */
	@Benchmark
	public List<CategoryScore> topCategories() {
		return this.clock.topCategories(21, NOW, 3);
	}

	/** One reward (with the lazy decay of all buckets). */
	@Benchmark
	public InterestClock update() {
		this.clock.update("category-" + (this.next++ % 8), 9, 1, NOW + this.next);
		return this.clock;
	}

	/** Decoding the stored form (what a worker does before an update). */
	@Benchmark
	public InterestClock decode() {
		return InterestClockCodec.decode(this.encoded, InterestClockParameters.defaults());
	}

	/** Encoding for storage. */
	@Benchmark
	public byte[] encode() {
		return InterestClockCodec.encode(this.clock);
	}

}
