package dev.kairos.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster on loopback: six {@code redis-server} processes (the 7.0.15 binary
 * Kairos packages), three masters with a replica each, joined with
 * {@code CLUSTER ADDSLOTS}, {@code CLUSTER MEET} and {@code CLUSTER REPLICATE} (no
 * {@code redis-cli} needed).
 */
public final class LocalRedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private final List<Process> processes = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	private final Path directory;

	private LocalRedisCluster(Path directory) {
		this.directory = directory;
	}

	/** Starts six nodes and forms the cluster; returns when every node reports ok. */
	public static LocalRedisCluster start() throws IOException {
		LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("kairos-cluster"));
		Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kairos-cluster-stop"));
		try {
			cluster.startNodes(6);
			cluster.form();
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** {@code host:port} of every node, for {@code spring.data.redis.cluster.nodes}. */
	public String nodes() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	public List<Integer> ports() {
		return List.copyOf(this.ports);
	}

	private void startNodes(int count) throws IOException {
		String binary = EmbeddedRedisServer.packagedBinary().toString();
		for (int i = 0; i < count; i++) {
			int port = freePort();
			Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
					"--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--dir",
					this.directory.toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis-" + port + ".log").toFile())
				.start();
			this.processes.add(process);
			this.ports.add(port);
		}
	}

	private void form() {
		RedisClient client = RedisClient.create();
		try {
			List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
			for (int port : this.ports) {
				RedisURI uri = RedisURI.create("127.0.0.1", port);
				connections.add(await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> client.connect(uri), (c) -> c != null));
			}
			List<RedisCommands<String, String>> nodes = connections.stream()
				.map(StatefulRedisConnection::sync)
				.toList();
			// three masters share the slots
			for (int m = 0; m < 3; m++) {
				int from = m * SLOTS / 3;
				int to = (m + 1) * SLOTS / 3;
				nodes.get(m).clusterAddSlots(IntStream.range(from, to).toArray());
			}
			for (int i = 1; i < nodes.size(); i++) {
				nodes.get(0).clusterMeet("127.0.0.1", this.ports.get(i));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nodes.stream()
					.allMatch((
							node) -> node.clusterNodes().lines().filter((l) -> !l.contains("handshake")).count() == 6));
			for (int r = 3; r < 6; r++) {
				String master = nodes.get(r - 3).clusterMyId();
				RedisCommands<String, String> replica = nodes.get(r);
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
					replica.clusterReplicate(master);
					return true;
				});
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> nodes.stream().allMatch((node) -> node.clusterInfo().contains("cluster_state:ok")));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> nodes.subList(3, 6)
					.stream()
					.allMatch((node) -> node.info("replication").contains("master_link_status:up")));
			connections.forEach(StatefulRedisConnection::close);
		}
		finally {
			client.shutdown();
		}
	}

	/** A free port whose cluster bus port (+10000) is free too. */
	private static int freePort() throws IOException {
		java.util.Random random = new java.util.Random();
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = 20_000 + random.nextInt(25_000);
			try (ServerSocket socket = new ServerSocket(port); ServerSocket bus = new ServerSocket(port + 10_000)) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IOException("no free port pair for a cluster node");
	}

	@Override
	public void close() {
		for (Process process : this.processes) {
			process.destroyForcibly();
		}
		this.processes.clear();
	}

}
