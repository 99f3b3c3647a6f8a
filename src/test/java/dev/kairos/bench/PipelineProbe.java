package dev.kairos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kairos.Http;
import tools.jackson.databind.JsonNode;

/**
 * Measures a running Kairos from outside, over HTTP: how long an accepted event takes to
 * show in {@code GET /users/{id}}, and the latency of {@code GET /recommendations} at a
 * fixed offered rate (open loop: each request's latency counts from its intended start,
 * so queueing is not hidden), with learning on: one slate in ten gets a click, so the
 * worker keeps updating the model and serving keeps reloading it. Not a test: it reports
 * figures, it does not judge them.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kairos.bench.PipelineProbe -Dexec.args="8080 1000 50"
 * </pre> Arguments: API port, number of events, recommendation requests per second (for
 * 20 s).
 */
public final class PipelineProbe {

	private PipelineProbe() {
	}

	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 8080;
		int events = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		int rate = (args.length > 2) ? Integer.parseInt(args[2]) : 50;
		Http http = new Http(port);
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 200; i++) {
			http.put("/items/probe-" + run + "-" + i, "{\"category\":\"c" + (i % 10) + "\"}");
		}

		double[] freshness = new double[events];
		for (int i = 0; i < events; i++) {
			String user = "probe-" + run + "-u" + i;
			long start = System.nanoTime();
			Http.Answer accepted = http.post("/events", "{\"userId\":\"" + user + "\",\"itemId\":\"probe-" + run + "-"
					+ (i % 200) + "\",\"type\":\"click\"}");
			if (accepted.status() != 202) {
				throw new IllegalStateException("event refused: " + accepted.body());
			}
			long acceptedAt = System.nanoTime();
			while (http.get("/users/" + user).status() != 200) {
				Thread.onSpinWait();
			}
			freshness[i] = (System.nanoTime() - acceptedAt) / 1e6;
			if (i == 0) {
				System.out.printf("first event: POST took %.1f ms%n", (acceptedAt - start) / 1e6);
			}
		}
		report("event 202 -> visible in GET /users (ms)", freshness);

		int requests = rate * 20;
		double[] latency = new double[requests];
		long intervalNanos = 1_000_000_000L / rate;
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			List<Future<?>> pending = new ArrayList<>();
			long t0 = System.nanoTime() + 100_000_000L;
			for (int i = 0; i < requests; i++) {
				long intended = t0 + i * intervalNanos;
				int index = i;
				while (System.nanoTime() < intended) {
					Thread.onSpinWait();
				}
				pending.add(pool.submit(() -> {
					Http.Answer answer = http
						.get("/recommendations?userId=probe-" + run + "-u" + (index % events) + "&count=10");
					if (answer.status() != 200) {
						throw new IllegalStateException(answer.body());
					}
					latency[index] = (System.nanoTime() - intended) / 1e6;
					// learning on: one slate in ten gets a click on its first item,
					// joined by
					// its recommendation id, so the worker updates the model (and serving
					// reloads it) throughout the measurement
					if (index % 10 == 0) {
						JsonNode slate = answer.json();
						if (!slate.get("items").isEmpty()) {
							http.post("/events",
									"{\"userId\":\"probe-" + run + "-u" + (index % events) + "\",\"itemId\":\""
											+ slate.get("items").get(0).get("itemId").asString()
											+ "\",\"type\":\"click\",\"recommendationId\":\""
											+ slate.get("recommendationId").asString() + "\"}");
						}
					}
					return null;
				}));
			}
			for (Future<?> f : pending) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
		report("GET /recommendations at " + rate + " req/s, open loop (ms)", latency);
	}

	private static void report(String what, double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		System.out.printf("%s: n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", what, sorted.length,
				percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
				sorted[sorted.length - 1]);
	}

	private static double percentile(double[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

}
