package dev.kairos.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The share of hits among recent observations: counts kept in one-second buckets over a
 * sliding window, so that a gauge shows what happens now rather than since start. Lock
 * free; a bucket is reset by the first observation that finds it stale (a race there
 * loses at most one observation, which a gauge can afford).
 */
final class RecentShare {

	private final int buckets;

	private final AtomicLongArray second;

	private final AtomicLongArray hits;

	private final AtomicLongArray total;

	private final LongSupplier nowMillis;

	RecentShare(int windowSeconds, LongSupplier nowMillis) {
		this.buckets = windowSeconds;
		this.second = new AtomicLongArray(windowSeconds);
		this.hits = new AtomicLongArray(windowSeconds);
		this.total = new AtomicLongArray(windowSeconds);
		this.nowMillis = nowMillis;
	}

	void record(long hitCount, long count) {
		long now = this.nowMillis.getAsLong() / 1000;
		int i = (int) (now % this.buckets);
		long seen = this.second.get(i);
		if (seen != now && this.second.compareAndSet(i, seen, now)) {
			this.hits.set(i, 0);
			this.total.set(i, 0);
		}
		this.hits.addAndGet(i, hitCount);
		this.total.addAndGet(i, count);
	}

	/** Hits over observations in the window; 0 when nothing was observed. */
	double share() {
		long now = this.nowMillis.getAsLong() / 1000;
		long h = 0;
		long n = 0;
		for (int i = 0; i < this.buckets; i++) {
			if (now - this.second.get(i) < this.buckets) {
				h += this.hits.get(i);
				n += this.total.get(i);
			}
		}
		return (n == 0) ? 0 : (double) h / n;
	}

}
