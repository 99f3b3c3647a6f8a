package dev.kairos.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM on loopback, for the embedded default. Its log lives in a temporary directory
 * removed on {@link #close()}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

	private final KafkaRaftServer server;

	private final Path directory;

	private final String bootstrapServers;

	private EmbeddedKafkaBroker(KafkaRaftServer server, Path directory, String bootstrapServers) {
		this.server = server;
		this.directory = directory;
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Formats a fresh log directory and starts a broker, returning once it answers.
	 * @param port the client port on 127.0.0.1
	 * @param controllerPort the KRaft controller port on 127.0.0.1
	 */
	public static EmbeddedKafkaBroker start(int port, int controllerPort) throws IOException {
		return start(port, controllerPort, Files.createTempDirectory("kairos-kafka-"));
	}

	/**
	 * Like {@link #start(int, int)}, in the given directory: a broker restarted on the
	 * same directory and ports finds its topics and offsets again (fault tests).
	 */
	public static EmbeddedKafkaBroker start(int port, int controllerPort, Path directory) throws IOException {
		Files.createDirectories(directory);
		Properties props = new Properties();
		props.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"),
				Map.entry("log.dirs", directory.resolve("data").toString()),
				Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "5"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"),
				Map.entry("group.initial.rebalance.delay.ms", "0"), Map.entry("num.partitions", "1"),
				Map.entry("auto.create.topics.enable", "false"), Map.entry("log.flush.interval.messages", "1000000")));
		Path config = directory.resolve("server.properties");
		try (OutputStream out = Files.newOutputStream(config)) {
			props.store(out, "Kairos embedded broker");
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		// a directory formatted before (a restart) keeps its cluster id: formatting again
		// with a new one would be refused
		boolean formatted = Files.exists(directory.resolve("data").resolve("meta.properties"));
		int rc = formatted ? 0
				: StorageTool.execute(new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c",
						config.toString(), "--ignore-formatted" },
						new PrintStream(output, true, StandardCharsets.UTF_8));
		if (rc != 0) {
			throw new IOException(
					"formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8));
		}
		KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
		EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, directory, "127.0.0.1:" + port);
		try {
			server.startup();
			broker.awaitReady();
		}
		catch (RuntimeException | IOException ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	private void awaitReady() throws IOException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IOException("the embedded Kafka broker did not come up", ex);
		}
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public void close() {
		try {
			this.server.shutdown();
			this.server.awaitShutdown();
		}
		catch (RuntimeException ex) {
			log.warn("Stopping the embedded Kafka broker failed", ex);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			log.debug("Could not remove {}", this.directory, ex);
		}
	}

}
