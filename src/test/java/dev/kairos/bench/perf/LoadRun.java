package dev.kairos.bench.perf;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives asynchronous calls at a fixed offered rate (open loop) or as fast as a fixed
 * number of callers can (closed loop), and reports what was achieved.
 *
 * <p>
 * Open loop: each call starts at its {@link Schedule intended start}; its latency counts
 * from there. At most {@code maxInFlight} calls are outstanding (the client's connection
 * budget); past that the schedule waits, and the wait is part of the latency. Calls not
 * sent by the end of the run plus a grace period are not sent at all and counted as
 * {@code unsent}, their latency recorded as the time they had already waited (a lower
 * bound), so an overloaded rate shows as such instead of running forever.
 */
final class LoadRun {

	/** One call: starts it and completes with whether it succeeded. */
	@FunctionalInterface
	interface Call {

		CompletableFuture<Boolean> start(long index);

	}

	/** What a run achieved. */
	record Result(String mode, double offeredPerSecond, double achievedPerSecond, long ok, long failed, long unsent,
			double seconds, Latencies.Summary latency, double loadAverage) {

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("mode", this.mode);
			json.put("offeredPerSecond", this.offeredPerSecond);
			json.put("achievedPerSecond", this.achievedPerSecond);
			json.put("ok", this.ok);
			json.put("failed", this.failed);
			json.put("unsent", this.unsent);
			json.put("seconds", this.seconds);
			json.put("latency", this.latency.json());
			json.put("loadAverage1m", this.loadAverage);
			return json;
		}

		/**
		 * Whether the service kept up: at least 95% of the offered rate answered, nothing
		 * failed or left unsent.
		 */
		boolean keptUp() {
			return this.failed == 0 && this.unsent == 0 && this.achievedPerSecond >= 0.95 * this.offeredPerSecond;
		}

	}

	private LoadRun() {
	}

	static Result openLoop(double rate, Duration duration, int maxInFlight, Duration grace, Call call) {
		Latencies latencies = new Latencies();
		Semaphore inFlight = new Semaphore(maxInFlight);
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicLong lastEnd = new AtomicLong();
		Schedule schedule = new Schedule(System.nanoTime() + 20_000_000L, rate);
		long n = schedule.count(duration);
		long deadline = schedule.startNanos() + duration.toNanos() + grace.toNanos();
		long unsent = 0;
		for (long i = 0; i < n; i++) {
			long intended = schedule.intendedStart(i);
			sleepUntil(intended);
			boolean permitted;
			try {
				permitted = inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				permitted = false;
			}
			if (!permitted) {
				for (long j = i; j < n; j++) {
					latencies.recordNanos(Schedule.latencyNanos(schedule.intendedStart(j), deadline));
				}
				unsent = n - i;
				break;
			}
			start(call, i, (end, good) -> {
				latencies.recordNanos(Schedule.latencyNanos(intended, end));
				(good ? ok : failed).incrementAndGet();
				lastEnd.accumulateAndGet(end, Math::max);
				inFlight.release();
			});
		}
		awaitAll(inFlight, maxInFlight, Duration.ofSeconds(60));
		double seconds = Math.max(duration.toNanos(), lastEnd.get() - schedule.startNanos()) / 1e9;
		return new Result("open", rate, ok.get() / seconds, ok.get(), failed.get(), unsent, seconds,
				latencies.summary(), Machine.loadAverage());
	}

	/**
	 * {@code callers} callers each start their next call when the previous one ends, for
	 * {@code duration}; latency counts from each call's actual start.
	 */
	static Result closedLoop(int callers, Duration duration, Call call) {
		return closedLoop(callers, duration, Long.MAX_VALUE, call);
	}

	/** A closed loop that also ends after {@code calls} calls. */
	static Result closedLoop(int callers, Duration duration, long calls, Call call) {
		Latencies latencies = new Latencies();
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicLong index = new AtomicLong();
		Semaphore done = new Semaphore(0);
		long begin = System.nanoTime();
		long end = begin + duration.toNanos();
		for (int c = 0; c < callers; c++) {
			next(call, index, calls, latencies, ok, failed, end, done);
		}
		done.acquireUninterruptibly(callers);
		double seconds = (System.nanoTime() - begin) / 1e9;
		return new Result("closed(" + callers + ")", Double.NaN, ok.get() / seconds, ok.get(), failed.get(), 0, seconds,
				latencies.summary(), Machine.loadAverage());
	}

	private static void next(Call call, AtomicLong index, long calls, Latencies latencies, AtomicLong ok,
			AtomicLong failed, long end, Semaphore done) {
		long started = System.nanoTime();
		long i = index.getAndIncrement();
		if (started >= end || i >= calls) {
			done.release();
			return;
		}
		start(call, i, (finished, good) -> {
			latencies.recordNanos(finished - started);
			(good ? ok : failed).incrementAndGet();
			// on another thread, so that calls failing at once do not recurse without
			// bound
			CompletableFuture.runAsync(() -> next(call, index, calls, latencies, ok, failed, end, done));
		});
	}

	private interface Completion {

		void completed(long endNanos, boolean good);

	}

	private static void start(Call call, long index, Completion completion) {
		CompletableFuture<Boolean> future;
		try {
			future = call.start(index);
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.failedFuture(ex);
		}
		future.whenComplete(
				(good, ex) -> completion.completed(System.nanoTime(), ex == null && Boolean.TRUE.equals(good)));
	}

	private static void awaitAll(Semaphore inFlight, int permits, Duration timeout) {
		try {
			if (inFlight.tryAcquire(permits, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				inFlight.release(permits);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void sleepUntil(long nanoTime) {
		long remaining;
		while ((remaining = nanoTime - System.nanoTime()) > 0) {
			if (remaining > 200_000) {
				LockSupport.parkNanos(remaining - 100_000);
			}
			else {
				Thread.onSpinWait();
			}
		}
	}

}
