package dev.kairos.recommendations;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * This replica's source of randomness for the policies: one generator, seeded once per
 * process, split per request ({@link SplittableRandom#split()}: an independent stream per
 * request, drawn under a short lock). The sequence therefore never restarts (a new model
 * version does not reset it), and replicas draw differently unless given the same seed. A
 * configured seed ({@code kairos.learning.seed}) makes a replica's requests reproducible
 * in the order they arrive, for tests and replays; without one the seed is random.
 */
final class RequestRandomness {

	private final SplittableRandom root;

	private final long seed;

	RequestRandomness(Long seed) {
		this.seed = (seed != null) ? seed : new SecureRandom().nextLong();
		this.root = new SplittableRandom(this.seed);
	}

	/** A fresh generator for one request. */
	synchronized SplittableRandom next() {
		return this.root.split();
	}

	/** The seed this replica started from. */
	long seed() {
		return this.seed;
	}

}
