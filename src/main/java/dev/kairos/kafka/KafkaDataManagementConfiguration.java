package dev.kairos.kafka;

import java.time.Duration;

import dev.kairos.config.KairosProperties;
import dev.kairos.features.EventLogPosition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka's part of data management: the event log's position, for user erasure. */
@Configuration(proxyBeanMethods = false)
class KafkaDataManagementConfiguration {

	@Bean
	EventLogPosition eventLogPosition(KafkaAdmin admin, KairosProperties properties) {
		return new KafkaEventLogPosition(admin.getConfigurationProperties(), properties.topics().events(),
				Duration.ofSeconds(5));
	}

}
