package dev.kairos.kafka;

import dev.kairos.config.KairosProperties;
import dev.kairos.learning.TowerLearning;
import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The two-tower model's training listener, in a worker with embeddings on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kairos.embeddings.enabled", havingValue = "true")
class KafkaTowerConfiguration {

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	TowerListener towerListener(TowerLearning learning, JsonMapper json, KairosProperties properties,
			KairosMetrics metrics) {
		return new TowerListener(learning, json, properties.topics().events(), properties.topics().impressions(),
				metrics);
	}

	/**
	 * Batches; a batch that fails (the catalogue could not be read) is retried a few
	 * times, then left: training is best effort and changes nothing but the model.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> towerListenerFactory(
			ConsumerFactory<String, byte[]> consumerFactory, KairosMetrics metrics) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(new FixedBackOff(500, 3));
		errorHandler.setRetryListeners((record, ex, attempt) -> metrics.kafkaError("consume"));
		factory.setCommonErrorHandler(errorHandler);
		return factory;
	}

}
