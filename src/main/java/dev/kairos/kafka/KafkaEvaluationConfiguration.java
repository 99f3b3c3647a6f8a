package dev.kairos.kafka;

import dev.kairos.config.KairosProperties;
import dev.kairos.evaluation.ServedLog;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/** The served log that off-policy evaluation reads ({@link KafkaServedLog}). */
@Configuration(proxyBeanMethods = false)
class KafkaEvaluationConfiguration {

	@Bean
	ServedLog servedLog(ConsumerFactory<String, byte[]> consumers, KairosProperties properties, JsonMapper json) {
		return new KafkaServedLog(consumers, properties.topics().impressions(), properties.topics().events(), json,
				properties.evaluation().readTimeout());
	}

}
