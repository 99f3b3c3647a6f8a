package dev.kairos.redis;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that name one write each, for scripts that must write once whatever is delivered
 * twice: a random prefix per instance and a counter. Safe for concurrent use.
 */
final class WriteTokens {

	private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";

	private final AtomicLong written = new AtomicLong();

	/** A token no other write of this process or another has. */
	String next() {
		return this.prefix + this.written.incrementAndGet();
	}

}
