package dev.kairos.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.kairos.features.StoreUnavailableException;
import dev.kairos.metrics.KairosMetrics;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One shared, pipelining Lettuce connection (standalone or cluster) and the rules for
 * waiting on it: commands issued together travel together, and every wait is bounded. All
 * failures surface as {@link StoreUnavailableException}.
 */
final class RedisSession {

	private final RedisClusterAsyncCommands<String, String> commands;

	private final Duration timeout;

	private final KairosMetrics metrics;

	RedisSession(RedisClusterAsyncCommands<String, String> commands, Duration timeout, KairosMetrics metrics) {
		this.commands = commands;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	RedisClusterAsyncCommands<String, String> commands() {
		return this.commands;
	}

	KairosMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Issues commands in one pipeline and waits for all their answers.
	 * @param issue issues the commands, returning their futures in order
	 * @return the answers, in the same order
	 */
	<T> List<T> pipeline(Function<RedisClusterAsyncCommands<String, String>, List<RedisFuture<T>>> issue) {
		return awaitAll(issue.apply(this.commands), "pipeline");
	}

	/**
	 * Runs one script call and waits for its answer, as {@link #run(List)} does.
	 */
	<T> T run(LuaScripts.Call<T> call) {
		return run(List.of(call)).get(0);
	}

	/**
	 * Runs script calls in one pipeline and waits for all their answers. If Redis lacked
	 * a script ({@code NOSCRIPT}: a restart or a failover emptied its cache, or one node
	 * of a Cluster never had it), the scripts are loaded and only the calls refused are
	 * issued again, once: a call that ran is not run twice, so its answer (an event
	 * applied now, not a replay) is the one its caller reads.
	 * @return the answers, in the calls' order
	 */
	<T> List<T> run(List<LuaScripts.Call<T>> calls) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<RedisFuture<T>> futures = new ArrayList<>(calls.size());
		for (LuaScripts.Call<T> call : calls) {
			futures.add(call.issue(this.commands));
		}
		try {
			awaitCompletion(futures, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.metrics.redisError("script");
			throw new StoreUnavailableException("interrupted while waiting for Redis", ex);
		}
		catch (TimeoutException ex) {
			// read below, which reports it
		}
		List<Integer> refused = new ArrayList<>();
		for (int i = 0; i < futures.size(); i++) {
			CompletableFuture<T> future = futures.get(i).toCompletableFuture();
			if (future.isCompletedExceptionally()
					&& LuaScripts.Script.isMissing(future.handle((value, ex) -> ex).join())) {
				refused.add(i);
			}
		}
		if (!refused.isEmpty()) {
			Set<LuaScripts.Script> missing = new LinkedHashSet<>();
			refused.forEach((i) -> missing.add(calls.get(i).script()));
			for (LuaScripts.Script script : missing) {
				try {
					script.ensureLoaded(this.commands);
				}
				catch (Exception loadFailure) {
					this.metrics.redisError("script");
					throw new StoreUnavailableException("could not load script " + script.name(), loadFailure);
				}
			}
			for (int i : refused) {
				futures.set(i, calls.get(i).issue(this.commands));
			}
			// the calls issued again have their own wait, as the first ones had
			deadline = System.nanoTime() + this.timeout.toNanos();
		}
		return awaitAll(futures, deadline, "script");
	}

	<T> T await(RedisFuture<T> future) {
		return awaitAll(List.of(future), "command").get(0);
	}

	/**
	 * @param operation the kind of call, counted as a Redis error if it fails;
	 * {@code null} if the caller counts
	 */
	private <T> List<T> awaitAll(List<RedisFuture<T>> futures, String operation) {
		return awaitAll(futures, System.nanoTime() + this.timeout.toNanos(), operation);
	}

	private <T> List<T> awaitAll(List<RedisFuture<T>> futures, long deadline, String operation) {
		try {
			return awaitAll(futures, deadline);
		}
		catch (StoreUnavailableException ex) {
			if (operation != null) {
				this.metrics.redisError(operation);
			}
			throw ex;
		}
	}

	private <T> List<T> awaitAll(List<RedisFuture<T>> futures, long deadline) {
		List<T> results = new ArrayList<>(futures.size());
		try {
			awaitCompletion(futures, deadline);
			for (RedisFuture<T> future : futures) {
				results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while waiting for Redis", ex);
		}
		catch (TimeoutException ex) {
			throw new StoreUnavailableException("Redis did not answer within " + this.timeout, ex);
		}
		catch (ExecutionException ex) {
			throw new StoreUnavailableException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (RuntimeException ex) {
			throw new StoreUnavailableException("Redis failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Waits until every future is done (or the deadline passes), parking the caller once
	 * rather than once per command: a worker's pipeline holds thousands of commands, and
	 * waking for each answer cost more than the answers on a busy machine. Failures are
	 * left for the caller to read from the futures, in order.
	 */
	private static void awaitCompletion(List<? extends RedisFuture<?>> futures, long deadline)
			throws InterruptedException, TimeoutException {
		if (futures.isEmpty()) {
			return;
		}
		CompletableFuture<?>[] all = new CompletableFuture<?>[futures.size()];
		for (int i = 0; i < all.length; i++) {
			all[i] = futures.get(i).toCompletableFuture();
		}
		try {
			CompletableFuture.allOf(all).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			// one failed: reading the futures in order reports the first failure
		}
	}

}
