package dev.kairos.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per client (an API key's identity, or a client address): {@code rate}
 * tokens per second up to {@code burst}; a request takes one token.
 */
final class TokenBuckets {

	/** Above this many buckets the idle ones are forgotten, bounding memory. */
	private static final int MAX_BUCKETS = 10_000;

	private final double ratePerNano;

	private final double burst;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	TokenBuckets(double ratePerSecond, int burst, LongSupplier nanoTime) {
		this.ratePerNano = ratePerSecond / 1e9;
		this.burst = burst;
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes a token from the client's bucket.
	 * @return 0 if the request may go on, else the nanoseconds until a token is there
	 */
	long take(String client) {
		if (this.buckets.size() > MAX_BUCKETS) {
			long now = this.nanoTime.getAsLong();
			this.buckets.values().removeIf((bucket) -> bucket.isFull(now));
		}
		return this.buckets.computeIfAbsent(client, (key) -> new Bucket(this.nanoTime.getAsLong()))
			.take(this.nanoTime.getAsLong());
	}

	private final class Bucket {

		private double tokens;

		private long updated;

		Bucket(long now) {
			this.tokens = TokenBuckets.this.burst;
			this.updated = now;
		}

		synchronized long take(long now) {
			refill(now);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - this.tokens) / TokenBuckets.this.ratePerNano));
		}

		synchronized boolean isFull(long now) {
			refill(now);
			return this.tokens >= TokenBuckets.this.burst;
		}

		private void refill(long now) {
			long elapsed = Math.max(0, now - this.updated);
			this.tokens = Math.min(TokenBuckets.this.burst, this.tokens + elapsed * TokenBuckets.this.ratePerNano);
			this.updated = now;
		}

	}

}
