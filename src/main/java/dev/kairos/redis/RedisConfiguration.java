package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.items.ItemCatalog;
import dev.kairos.metrics.KairosMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.Delay;
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

	@Bean(destroyMethod = "close")
	StatefulConnection<String, String> kairosRedisConnection(LettuceConnectionFactory factory) {
		if (!factory.isRunning()) {
			factory.start();
		}
		AbstractRedisClient client = factory.getRequiredNativeClient();
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connect(StringCodec.UTF8);
		}
		return ((RedisClient) client).connect(StringCodec.UTF8);
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
