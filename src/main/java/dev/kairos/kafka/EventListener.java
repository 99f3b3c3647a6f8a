package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kairos.features.FeatureStore;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.FeatureUpdates.LoggedEvent;
import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The worker: reads batches of events and applies them to the feature store. Delivery is
 * at least once; the store makes it effectively once (offsets and event ids are checked
 * atomically with each update). A record that cannot be read fails alone: the records
 * before it are applied, and the error handler retries it, then sends it to the
 * dead-letter topic and goes on.
 */
class EventListener {

	private final FeatureUpdates updates;

	private final JsonMapper json;

	private final String topic;

	private final KairosMetrics metrics;

	EventListener(FeatureUpdates updates, JsonMapper json, String topic, KairosMetrics metrics) {
		this.updates = updates;
		this.json = json;
		this.topic = topic;
		this.metrics = metrics;
	}

	/** The events topic, for the listener annotation. */
	public String getTopic() {
		return this.topic;
	}

	/** The listener's id, also its container's. */
	static final String LISTENER_ID = "kairos-events";

	@KafkaListener(id = LISTENER_ID, groupId = "${spring.kafka.consumer.group-id:kairos-events}",
			topics = "#{__listener.topic}", containerFactory = "eventListenerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		try {
			read(records);
		}
		finally {
			recordLag(consumer);
		}
	}

	private void read(List<ConsumerRecord<String, byte[]>> records) {
		List<LoggedEvent> events = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			try {
				EventMessage message = this.json.readValue(record.value(), EventMessage.class);
				events.add(new LoggedEvent(message.toEvent(), record.partition(), record.offset()));
			}
			catch (RuntimeException ex) {
				apply(events);
				throw new BatchListenerFailedException("unreadable event record: " + ex.getMessage(), ex, i);
			}
		}
		apply(events);
	}

	/**
	 * Applies the features of the events, each at most once (learning from them is the
	 * slate join's: {@link AttributionStreams}).
	 */
	private void apply(List<LoggedEvent> events) {
		List<FeatureStore.Outcome> outcomes = this.updates.apply(events);
		long written = System.currentTimeMillis();
		for (int i = 0; i < outcomes.size(); i++) {
			FeatureStore.Outcome outcome = outcomes.get(i);
			this.metrics.processed(outcome.name().toLowerCase(Locale.ROOT), 1);
			if (outcome == FeatureStore.Outcome.APPLIED) {
				this.metrics.fresh(events.get(i).event().acceptedAt().toEpochMilli(), written);
			}
		}
	}

	/**
	 * What is left to read of the partitions this worker holds, as the consumer last saw
	 * the log end (no extra request to the broker).
	 */
	private void recordLag(Consumer<?, ?> consumer) {
		long lag = 0;
		for (TopicPartition partition : consumer.assignment()) {
			lag += consumer.currentLag(partition).orElse(0);
		}
		this.metrics.consumerLag(consumer.groupMetadata().groupId(), lag);
	}

}
