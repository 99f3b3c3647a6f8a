package dev.kairos.bench.eval;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Kairos jar started in the embedded default (its own Kafka broker and Redis)
 * on loopback ports from a base: API {@code base}, management {@code base + 1}, Redis
 * {@code base + 2}, Kafka {@code base + 3} (the broker's controller takes a free port).
 * Every run gets a fresh process, so no state is shared between runs.
 */
final class KairosService implements AutoCloseable {

	private final Process process;

	private final int base;

	private KairosService(Process process, int base) {
		this.process = process;
		this.base = base;
	}

	/**
	 * Starts the jar and waits until it reports itself healthy (at most 8 minutes: on a
	 * loaded 2-core machine a start took more than 3).
	 */
	static KairosService start(Path jar, int base, Path log, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "--server.port=" + base,
				"--management.server.port=" + (base + 1), "--kairos.embedded.redis-port=" + (base + 2),
				"--kairos.embedded.kafka-port=" + (base + 3)));
		command.addAll(arguments);
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			KairosService service = new KairosService(process, base);
			service.awaitHealthy(Duration.ofMinutes(8));
			return service;
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start " + jar, ex);
		}
	}

	int apiPort() {
		return this.base;
	}

	/** The management port's Prometheus scrape. */
	String prometheus() {
		return get("/actuator/prometheus");
	}

	private void awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Kairos exited with " + this.process.exitValue());
			}
			String health = get("/actuator/health");
			if (health != null && health.contains("\"UP\"")) {
				return;
			}
			sleep(1_000);
		}
		close();
		throw new IllegalStateException("Kairos did not become healthy within " + timeout);
	}

	private String get(String path) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (this.base + 1) + path))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stops the process (graceful, then forced) and waits for it. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
