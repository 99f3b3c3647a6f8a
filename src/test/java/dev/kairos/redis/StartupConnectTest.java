package dev.kairos.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up waits for a Redis that is not answering yet (a loaded machine, or a Redis
 * starting beside the service) instead of exiting at the first failed connection: a real
 * redis-server started on the port a moment after the first attempt.
 */
class StartupConnectTest {

	@Test
	void startUpConnectsToARedisThatComesUpAfterTheFirstAttempt() throws Exception {
		int port = freePort();
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		CompletableFuture<EmbeddedRedisServer> redis = CompletableFuture.supplyAsync(() -> {
			try {
				return EmbeddedRedisServer.start(port, "");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, CompletableFuture.delayedExecutor(1_500, TimeUnit.MILLISECONDS));
		try {
			// nothing listens yet: one attempt fails
			assertThatThrownBy(() -> RedisConfiguration.connect(client::connect, Duration.ZERO, Duration.ofMillis(100)))
				.isInstanceOf(RedisConnectionException.class);
			StatefulRedisConnection<String, String> connection = RedisConfiguration.connect(client::connect,
					Duration.ofSeconds(60), Duration.ofMillis(200));
			assertThat(connection.sync().ping()).isEqualTo("PONG");
			connection.close();
		}
		finally {
			client.shutdown();
			redis.join().close();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
