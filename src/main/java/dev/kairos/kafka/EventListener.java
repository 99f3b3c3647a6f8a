package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.FeatureUpdates.LoggedEvent;
import dev.kairos.learning.RewardAttribution;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;

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

	private final RewardAttribution rewards;

	private final String topic;

	EventListener(FeatureUpdates updates, RewardAttribution rewards, JsonMapper json, String topic) {
		this.updates = updates;
		this.rewards = rewards;
		this.json = json;
		this.topic = topic;
	}

	/** The events topic, for the listener annotation. */
	public String getTopic() {
		return this.topic;
	}

	@KafkaListener(id = "kairos-events", topics = "#{__listener.topic}", containerFactory = "eventListenerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
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
	 * Features first, then rewards: the same events, each step at most once per event.
	 */
	private void apply(List<LoggedEvent> events) {
		this.rewards.attribute(events, this.updates.apply(events));
	}

}
