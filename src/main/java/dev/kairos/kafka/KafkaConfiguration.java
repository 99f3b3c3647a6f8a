package dev.kairos.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kairos.config.KairosProperties;
import dev.kairos.events.EventLog;
import dev.kairos.fairness.FairnessTally;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.StoreUnavailableException;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ModelLearner;
import dev.kairos.learning.SlateLog;
import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** Kafka wiring: topics, the event log, the worker's listener and its error handling. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	NewTopic eventsTopic(KairosProperties properties) {
		return topic(properties.topics(), properties.topics().events());
	}

	@Bean
	NewTopic impressionsTopic(KairosProperties properties) {
		return topic(properties.topics(), properties.topics().impressions());
	}

	/**
	 * The join's output; event times may lie ahead of the broker's clock (events up to
	 * the allowed skew), so the topic accepts them.
	 */
	@Bean
	NewTopic observationsTopic(KairosProperties properties) {
		return TopicBuilder.name(properties.topics().observations())
			.partitions(properties.topics().partitions())
			.replicas(properties.topics().replicationFactor())
			.config(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE))
			.build();
	}

	@Bean
	NewTopic deadLetterTopic(KairosProperties properties) {
		return topic(properties.topics(), properties.topics().deadLetter());
	}

	private static NewTopic topic(KairosProperties.Topics topics, String name) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build();
	}

	@Bean
	EventLog eventLog(KafkaTemplate<String, byte[]> template, JsonMapper json, KairosProperties properties,
			KairosMetrics metrics) {
		return new KafkaEventLog(template, json, properties.topics().events(), properties.events().publishTimeout(),
				metrics);
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	EventListener eventListener(FeatureUpdates updates, JsonMapper json, KairosProperties properties,
			KairosMetrics metrics) {
		return new EventListener(updates, json, properties.topics().events(), metrics);
	}

	/**
	 * Slates go through their own producer: lz4-compressed batches, lingering 5 ms
	 * (serving does not wait for them), without the events' bounded waits' effect on
	 * serving.
	 */
	@Bean
	SlateLog slateLog(ProducerFactory<String, byte[]> producers, KairosProperties properties, KairosMetrics metrics) {
		ProducerFactory<String, byte[]> compressed = producers.copyWithConfigurationOverride(
				Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.LINGER_MS_CONFIG, 5));
		return new KafkaSlateLog(new KafkaTemplate<>(compressed), properties.topics().impressions(), metrics);
	}

	/** The slate join, in the worker. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	AttributionStreams attributionStreams(KafkaAdmin admin, KairosProperties properties, LearningSettings settings,
			JsonMapper json, KairosMetrics metrics, KafkaProperties kafka,
			@Value("${" + AttributionStreams.APPLICATION_ID_PROPERTY + ":" + AttributionStreams.APPLICATION_ID
					+ "}") String applicationId) {
		Object servers = admin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		String bootstrap = (servers instanceof List<?> list)
				? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(servers);
		return new AttributionStreams(applicationId, bootstrap, properties.topics().impressions(),
				properties.topics().events(), properties.topics().observations(), settings, json, metrics,
				Duration.ofMillis(100), properties.learning().joinStore(), properties.learning().stateDirectory(),
				kafka.getStreams().getProperties());
	}

	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	ObservationListener observationListener(ModelLearner learner, FeatureUpdates features, KairosProperties properties,
			KairosMetrics metrics) {
		return new ObservationListener(learner, features, properties.topics().observations(), metrics);
	}

	/** The exposure audit's reader of the join's output. */
	@Bean
	@ConditionalOnProperty(name = "kairos.roles.worker", havingValue = "true", matchIfMissing = true)
	FairnessListener fairnessListener(FairnessTally tally, KairosProperties properties, KairosMetrics metrics) {
		return new FairnessListener(tally, properties.topics().observations(), metrics);
	}

	/**
	 * The learner's batch listener: offsets committed after each merge; a failed merge
	 * (Redis down, another worker's merge in between) is retried until it succeeds, never
	 * skipped (the merge's offset check makes retrying safe).
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> observationListenerFactory(
			ConsumerFactory<String, byte[]> consumerFactory, KairosMetrics metrics) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		DefaultErrorHandler errorHandler = new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("an observation batch is never skipped; it will be redelivered", ex);
		}, new FixedBackOff(500, FixedBackOff.UNLIMITED_ATTEMPTS));
		errorHandler.setRetryListeners((record, ex, attempt) -> metrics.kafkaError("consume"));
		factory.setCommonErrorHandler(errorHandler);
		return factory;
	}

	/**
	 * Batch listener, offsets committed after each batch is applied. A failing record is
	 * retried a bounded number of times, then sent to the dead-letter topic; but while
	 * the feature store is down nothing is dead-lettered: the records are redelivered
	 * until it is back.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> eventListenerFactory(
			ConsumerFactory<String, byte[]> consumerFactory, KafkaTemplate<String, byte[]> template,
			KairosProperties properties, KairosMetrics metrics) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		String deadLetter = properties.topics().deadLetter();
		DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(deadLetter, -1));
		DefaultErrorHandler errorHandler = new DefaultErrorHandler((record, ex) -> {
			if (causedBy(ex, StoreUnavailableException.class)) {
				throw new IllegalStateException("feature store unavailable; the record will be redelivered", ex);
			}
			toDeadLetters.accept(record, ex);
			metrics.deadLettered();
		}, new FixedBackOff(200, properties.events().deliveryAttempts() - 1));
		errorHandler.setRetryListeners((record, ex, attempt) -> metrics.kafkaError("consume"));
		factory.setCommonErrorHandler(errorHandler);
		return factory;
	}

	/** Kafka's part of readiness (see {@link KafkaHealth}). */
	@Bean
	KafkaHealth kafkaHealthIndicator(KafkaAdmin admin, ObjectProvider<EventListener> worker,
			ObjectProvider<KafkaListenerEndpointRegistry> listeners, ObjectProvider<AttributionStreams> join) {
		return new KafkaHealth(admin.getConfigurationProperties(), Duration.ofSeconds(2),
				(worker.getIfAvailable() != null) ? listeners.getIfAvailable() : null, EventListener.LISTENER_ID,
				join.getIfAvailable());
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
