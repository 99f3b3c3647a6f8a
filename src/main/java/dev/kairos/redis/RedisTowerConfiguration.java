package dev.kairos.redis;

import dev.kairos.learning.TowerStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two-tower model's store, when embeddings are on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kairos.embeddings.enabled", havingValue = "true")
class RedisTowerConfiguration {

	@Bean
	TowerStore towerStore(RedisSession session) {
		return new RedisTowerStore(session);
	}

}
