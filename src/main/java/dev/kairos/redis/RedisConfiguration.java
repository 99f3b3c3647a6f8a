package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.items.ItemCatalog;
import dev.kairos.metrics.KairosMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis wiring. The connection comes from the Lettuce client Spring Boot configured from
 * {@code spring.data.redis.*} (standalone or cluster, TLS, credentials), so Kairos has
 * one place to point at Redis.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	/**
	 * The longest wait between two attempts at reconnecting to a Redis that went away.
	 * Lettuce's default backs off exponentially to 30 s, so a Redis back after a
	 * half-minute outage would be noticed up to 30 s later (measured: 29 s after a 35 s
	 * outage, by {@code RedisRestartTest}); meanwhile recommendations stay degraded and
	 * events wait in Kafka. An attempt a second against a loopback or in-cluster address
	 * costs nothing.
	 */
	static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

	@Bean
	ClientResourcesBuilderCustomizer kairosReconnectDelay() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
	}

	/**
	 * How long start-up keeps trying to connect to Redis. A connection's set-up must
	 * answer within the command timeout ({@code spring.data.redis.timeout}, 2 s): on a
	 * loaded machine (or a Redis still starting beside the service, as in a pod) the
	 * first attempt may not, and the service would exit instead of waiting.
	 */
	static final Duration STARTUP_CONNECT_WAIT = Duration.ofSeconds(60);

	private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

	@Bean(destroyMethod = "close")
	StatefulConnection<String, String> kairosRedisConnection(LettuceConnectionFactory factory) {
		if (!factory.isRunning()) {
			factory.start();
		}
		AbstractRedisClient client = factory.getRequiredNativeClient();
		return connect(
				() -> (client instanceof RedisClusterClient cluster) ? cluster.connect(StringCodec.UTF8)
						: ((RedisClient) client).connect(StringCodec.UTF8),
				STARTUP_CONNECT_WAIT, Duration.ofMillis(500));
	}

	/**
	 * Connects, trying again every {@code pause} while connecting fails, for at most
	 * {@code wait}; the last failure is thrown.
	 */
	static <C> C connect(Supplier<C> connect, Duration wait, Duration pause) {
		long deadline = System.nanoTime() + wait.toNanos();
		for (int attempt = 1;; attempt++) {
			try {
				return connect.get();
			}
			catch (RedisConnectionException ex) {
				if (System.nanoTime() + pause.toNanos() > deadline) {
					throw ex;
				}
				log.warn("Connecting to Redis failed (attempt {}: {}); trying again for up to {}", attempt,
						ex.getMessage(), wait);
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	@Bean
	RedisSession redisSession(StatefulConnection<String, String> connection, DataRedisProperties properties,
			KairosMetrics metrics) {
		RedisClusterAsyncCommands<String, String> commands = (connection instanceof StatefulRedisClusterConnection<String, String> cluster)
				? cluster.async() : ((StatefulRedisConnection<String, String>) connection).async();
		Duration timeout = (properties.getTimeout() != null) ? properties.getTimeout() : Duration.ofSeconds(2);
		return new RedisSession(commands, timeout, metrics);
	}

	@Bean(destroyMethod = "close")
	RedisSnapshotChanges snapshotChanges(LettuceConnectionFactory factory, RedisSession session) {
		return new RedisSnapshotChanges(factory.getRequiredNativeClient(), session);
	}

	@Bean
	FeatureStore featureStore(RedisSession session, FeatureSettings settings, RedisSnapshotChanges changes) {
		return new RedisFeatureStore(session, settings, changes);
	}

	@Bean
	RedisFairnessStore fairnessStore(RedisSession session, JsonMapper json) {
		return new RedisFairnessStore(session, json);
	}

	@Bean
	RedisModelStore modelStore(RedisSession session) {
		return new RedisModelStore(session);
	}

	@Bean
	ItemCatalog itemCatalog(RedisSession session, JsonMapper json, Clock clock, RedisSnapshotChanges changes) {
		return new RedisItemCatalog(session, json, clock, changes);
	}

}
