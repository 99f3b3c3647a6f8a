package dev.kairos.redis;

import dev.kairos.features.FeatureSettings;
import dev.kairos.features.UserErasure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis' part of data management: user erasure. */
@Configuration(proxyBeanMethods = false)
class RedisDataManagementConfiguration {

	@Bean
	UserErasure userErasure(RedisSession session, FeatureSettings settings) {
		return new RedisUserErasure(session, settings.userTtl().toSeconds());
	}

}
