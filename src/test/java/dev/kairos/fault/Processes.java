package dev.kairos.fault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kairos.Http;
import dev.kairos.redis.EmbeddedRedisServer;

import static org.awaitility.Awaitility.await;

/**
 * Separate JVMs started from this test's class path (a Kafka broker, Kairos instances in
 * external mode) and redis-servers keeping an append-only file, each logging to
 * {@code target/fault/NAME.log}, all stopped when the test ends.
 */
final class Processes implements AutoCloseable {

	private final List<Process> started = new ArrayList<>();

	private final Path logs = Path.of("target", "fault");

	Processes() throws IOException {
		Files.createDirectories(this.logs);
		Runtime.getRuntime().addShutdownHook(new Thread(this::close, "fault-processes-stop"));
	}

	Process java(String name, String mainClass, List<String> args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
						"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logs.resolve(name + ".log").toFile()))
			.start();
		synchronized (this.started) {
			this.started.add(process);
		}
		return process;
	}

	/** Starts a Kafka broker process and waits until its log says it is ready. */
	Process kafka(int port, int controllerPort) throws IOException {
		return kafka(port, controllerPort, null);
	}

	/** A Kafka broker process keeping its log in {@code directory} (null: temporary). */
	Process kafka(int port, int controllerPort, Path directory) throws IOException {
		Path log = this.logs.resolve("kafka-" + port + ".log");
		Files.deleteIfExists(log);
		List<String> args = new ArrayList<>(List.of(Integer.toString(port), Integer.toString(controllerPort)));
		if (directory != null) {
			args.add(directory.toAbsolutePath().toString());
		}
		Process process = java("kafka-" + port, KafkaBrokerMain.class.getName(), args);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Files.exists(log) && Files.readString(log).contains("KAFKA READY"));
		return process;
	}

	/** Starts Kairos in external mode and waits until its health answers UP. */
	Process kairos(String name, int port, int managementPort, List<String> properties) throws IOException {
		List<String> args = new ArrayList<>(
				List.of("--server.port=" + port, "--management.server.port=" + managementPort,
						"--kairos.infrastructure=external", "--spring.main.banner-mode=off"));
		properties.forEach((p) -> args.add("--" + p));
		Process process = java(name, "dev.kairos.KairosApplication", args);
		Http health = new Http(managementPort);
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue());
			}
			return health.get("/actuator/health").body().contains("\"UP\"");
		});
		return process;
	}

	/**
	 * Starts the packaged redis-server with an append-only file fsynced on every write
	 * ({@code appendonly yes}, {@code appendfsync always}) in {@code directory}, and
	 * waits until it answers PING. Started again on the same port and directory after a
	 * {@code kill -9}, it loads what it had acknowledged from that file.
	 */
	Process redis(int port, Path directory) throws IOException {
		Files.createDirectories(directory);
		List<String> command = List.of(EmbeddedRedisServer.packagedBinary().toString(), "--port",
				Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync",
				"always", "--daemonize", "no", "--dir", directory.toAbsolutePath().toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logs.resolve("redis-" + port + ".log").toFile()))
			.start();
		synchronized (this.started) {
			this.started.add(process);
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + process.exitValue());
			}
			return pong(port);
		});
		return process;
	}

	private static boolean pong(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(2_000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[7];
			int n = socket.getInputStream().read(reply);
			// a server still loading its append-only file answers -LOADING
			return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** {@code kill -9}: no shutdown hook, no offset commit, no goodbye to the group. */
	static void kill(Process process) throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	/**
	 * Stops every process still running: SIGTERM first (the JVMs leave their consumer
	 * group and close their connections), SIGKILL for any still alive after 20 s.
	 */
	@Override
	public void close() {
		synchronized (this.started) {
			this.started.forEach(Process::destroy);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			for (Process process : this.started) {
				try {
					process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (process.isAlive()) {
					process.destroyForcibly();
				}
			}
			this.started.clear();
		}
	}

}
