package dev.kairos.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jars {@code package} writes: the production jar (what the Dockerfile copies and the
 * Helm chart runs, against external Kafka and Redis) ships neither the embedded Kafka
 * broker nor the packaged redis-server; the {@code -embedded} jar (the bench and ops
 * scripts' {@code java -jar} with only a JDK) ships both. An integration test (failsafe),
 * as it reads {@code target/} after {@code package}.
 */
class JarContentsTest {

	/**
	 * What only the embedded default needs: the broker, its Scala runtime, redis-server.
	 */
	static final List<String> EMBEDDED_ONLY = List.of("kafka_2.13-", "kafka-server-", "kafka-server-common-",
			"kafka-raft-", "kafka-metadata-", "kafka-storage-", "kafka-group-coordinator-", "scala-library-",
			"embedded-redis-");

	@Test
	void theProductionJarShipsNoBrokerAndNoRedisServer() throws IOException {
		List<String> libraries = libraries(jar(false));
		assertThat(libraries).as("the service's own dependencies")
			.anyMatch((name) -> name.startsWith("kafka-clients-"))
			.anyMatch((name) -> name.startsWith("lettuce-core-"));
		assertThat(libraries).as("BOOT-INF/lib of the production jar")
			.noneMatch((name) -> EMBEDDED_ONLY.stream().anyMatch(name::startsWith));
	}

	@Test
	void theEmbeddedJarShipsBoth() throws IOException {
		List<String> libraries = libraries(jar(true));
		for (String prefix : List.of("kafka_2.13-", "kafka-server-", "kafka-raft-", "scala-library-",
				"embedded-redis-")) {
			assertThat(libraries).as("BOOT-INF/lib of the -embedded jar").anyMatch((name) -> name.startsWith(prefix));
		}
	}

	@Test
	void bothStartKairos() throws IOException {
		for (boolean embedded : List.of(false, true)) {
			try (JarFile jar = new JarFile(jar(embedded).toFile())) {
				assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class"))
					.isEqualTo("dev.kairos.KairosApplication");
			}
		}
	}

	private static Path jar(boolean embedded) throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			List<Path> jars = files.filter((p) -> p.getFileName().toString().matches("kairos-.*\\.jar"))
				.filter((p) -> p.getFileName().toString().endsWith("-embedded.jar") == embedded)
				.toList();
			assertThat(jars).as("target/kairos-*%s.jar (written by ./mvnw package)", embedded ? "-embedded" : "")
				.hasSize(1);
			return jars.get(0);
		}
	}

	private static List<String> libraries(Path path) throws IOException {
		try (JarFile jar = new JarFile(path.toFile())) {
			return Collections.list(jar.entries())
				.stream()
				.map((entry) -> entry.getName())
				.filter((name) -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
				.map((name) -> name.substring("BOOT-INF/lib/".length()))
				.toList();
		}
	}

}
