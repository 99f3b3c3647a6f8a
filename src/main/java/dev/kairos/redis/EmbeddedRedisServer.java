package dev.kairos.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server child process on loopback, for the embedded default: the binary
 * given, or Redis 7.0.15 as packaged in {@code org.signal:embedded-redis} for Linux and
 * macOS. No persistence. Each running server leaves an owner file naming this JVM, so
 * that a server orphaned by a killed JVM is stopped by the next start.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

	private static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded");

	private final Process process;

	private final Path ownerFile;

	private final Path logFile;

	private final int port;

	private boolean closing;

	private EmbeddedRedisServer(Process process, Path ownerFile, Path logFile, int port) {
		this.process = process;
		this.ownerFile = ownerFile;
		this.logFile = logFile;
		this.port = port;
	}

	/**
	 * Starts a server and returns once it answers PING.
	 * @param port the port on 127.0.0.1
	 * @param binary a redis-server to run, or empty for the packaged one
	 */
	public static EmbeddedRedisServer start(int port, String binary) throws IOException {
		Files.createDirectories(HOME);
		stopOrphans();
		Path executable = (binary == null || binary.isBlank()) ? packagedBinary() : Path.of(binary);
		Path logFile = HOME.resolve("redis-" + port + ".log");
		Process process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", HOME.toString())
			.redirectErrorStream(true)
			.redirectOutput(logFile.toFile())
			.start();
		Path owner = HOME.resolve("redis-" + process.pid() + ".owner");
		Files.writeString(owner, Long.toString(ProcessHandle.current().pid()));
		EmbeddedRedisServer server = new EmbeddedRedisServer(process, owner, logFile, port);
		try {
			server.awaitPong(logFile);
		}
		catch (IOException ex) {
			server.close();
			throw ex;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kairos-redis-stop"));
		process.onExit().thenAccept(server::exited);
		return server;
	}

	public int port() {
		return this.port;
	}

	private void awaitPong(Path logFile) throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("redis-server exited: " + Files.readString(logFile));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				byte[] reply = new byte[7];
				int n = socket.getInputStream().read(reply);
				if (n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			try {
				this.process.waitFor(20, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while starting redis-server", ex);
			}
		}
		throw new IOException("redis-server did not answer on port " + this.port + " within 20 s");
	}

	/**
	 * The redis-server 7.0.15 packaged with Kairos for this OS and architecture, unpacked
	 * once into the temporary directory.
	 */
	public static Path packagedBinary() throws IOException {
		Files.createDirectories(HOME);
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String osName = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
		String archName = switch (arch) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> null;
		};
		if (osName == null || archName == null) {
			throw new IOException("no packaged redis-server for " + os + "/" + arch
					+ "; install Redis and set kairos.embedded.redis-binary");
		}
		String name = "redis-server-7.0.15-" + osName + "-" + archName;
		Path target = HOME.resolve(name);
		if (!Files.isExecutable(target)) {
			try (InputStream in = EmbeddedRedisServer.class.getResourceAsStream("/" + name)) {
				if (in == null) {
					throw new IOException("redis-server binary " + name + " is not on the classpath");
				}
				Path temporary = Files.createTempFile(HOME, name, ".tmp");
				Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
				temporary.toFile().setExecutable(true);
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		return target;
	}

	/**
	 * Stops servers whose owning JVM is gone (it was killed before it could stop them).
	 */
	private static void stopOrphans() throws IOException {
		List<Path> owners;
		try (Stream<Path> files = Files.list(HOME)) {
			owners = files.filter((p) -> p.getFileName().toString().endsWith(".owner")).toList();
		}
		for (Path owner : owners) {
			String name = owner.getFileName().toString();
			try {
				long child = Long.parseLong(name.substring("redis-".length(), name.length() - ".owner".length()));
				long jvm = Long.parseLong(Files.readString(owner).trim());
				if (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false)) {
					continue;
				}
				Optional<ProcessHandle> orphan = ProcessHandle.of(child);
				if (orphan.isPresent() && orphan.get().info().command().orElse("").contains("redis-server")) {
					log.info("Stopping redis-server {} left behind by a JVM that is gone", child);
					orphan.get().destroy();
				}
				Files.deleteIfExists(owner);
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Could not check {}", owner, ex);
			}
		}
	}

	/** Says loudly, with the server's last words, when redis-server ends unasked. */
	private void exited(Process process) {
		synchronized (this) {
			if (this.closing) {
				return;
			}
		}
		String tail;
		try {
			List<String> lines = Files.readAllLines(this.logFile);
			tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			tail = "(no log: " + ex.getMessage() + ")";
		}
		log.error("The embedded redis-server on port {} exited with code {}; its log ends:\n{}", this.port,
				process.exitValue(), tail);
	}

	@Override
	public synchronized void close() {
		this.closing = true;
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		try {
			Files.deleteIfExists(this.ownerFile);
			Files.deleteIfExists(this.logFile);
		}
		catch (IOException ex) {
			log.debug("Could not remove {} or {}", this.ownerFile, this.logFile, ex);
		}
	}

}
