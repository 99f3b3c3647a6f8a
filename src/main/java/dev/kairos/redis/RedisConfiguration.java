package dev.kairos.redis;

import java.time.Clock;
import java.time.Duration;

import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.items.ItemCatalog;
import dev.kairos.learning.ModelStore;
import dev.kairos.metrics.KairosMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

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

	@Bean
	FeatureStore featureStore(RedisSession session, FeatureSettings settings) {
		return new RedisFeatureStore(session, settings);
	}

	@Bean
	ModelStore modelStore(RedisSession session, Clock clock) {
		return new RedisModelStore(session, clock);
	}

	@Bean
	ItemCatalog itemCatalog(RedisSession session, JsonMapper json, Clock clock) {
		return new RedisItemCatalog(session, json, clock);
	}

}
