package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.TowerLearning;
import dev.kairos.metrics.KairosMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds the two-tower model ({@link TowerLearning}) with the served slates and the
 * events, in log order per partition (both topics are keyed by user and co-partitioned,
 * so a user's slates and feedback arrive in one consumer's order).
 *
 * <p>
 * Its consumer group is its own per process ({@code kairos-towers-UUID}), starting from
 * the earliest retained record: every worker trains on the whole stream, and a restarted
 * worker rebuilds its model from the log (the model lives in memory; the published
 * snapshot is what serving reads meanwhile). Nothing here changes shared state but the
 * published snapshot, so an unreadable record is logged and skipped.
 */
class TowerListener {

	private static final Logger log = LoggerFactory.getLogger(TowerListener.class);

	/** The listener's id. */
	static final String LISTENER_ID = "kairos-towers";

	private final TowerLearning learning;

	private final JsonMapper json;

	private final String eventsTopic;

	private final String slatesTopic;

	private final String groupId = LISTENER_ID + "-" + UUID.randomUUID();

	private final KairosMetrics metrics;

	TowerListener(TowerLearning learning, JsonMapper json, String eventsTopic, String slatesTopic,
			KairosMetrics metrics) {
		this.learning = learning;
		this.json = json;
		this.eventsTopic = eventsTopic;
		this.slatesTopic = slatesTopic;
		this.metrics = metrics;
	}

	public String getEventsTopic() {
		return this.eventsTopic;
	}

	public String getSlatesTopic() {
		return this.slatesTopic;
	}

	public String getGroupId() {
		return this.groupId;
	}

	@KafkaListener(id = LISTENER_ID, groupId = "#{__listener.groupId}",
			topics = { "#{__listener.eventsTopic}", "#{__listener.slatesTopic}" },
			containerFactory = "towerListenerFactory", properties = { "auto.offset.reset=earliest" })
	void onRecords(List<ConsumerRecord<String, byte[]>> records) {
		List<InteractionEvent> events = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				if (record.topic().equals(this.slatesTopic)) {
					// keep the order: events before this slate first
					flush(events);
					this.learning.served(ServedSlateCodec.decode(record.value()));
				}
				else {
					events.add(this.json.readValue(record.value(), EventMessage.class).toEvent());
				}
			}
			catch (RuntimeException ex) {
				log.debug("Two-tower training skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
						ex.getMessage());
				this.metrics.kafkaError("consume");
			}
		}
		flush(events);
		this.learning.publishIfDue(System.currentTimeMillis());
	}

	private void flush(List<InteractionEvent> events) {
		if (!events.isEmpty()) {
			this.learning.events(List.copyOf(events));
			events.clear();
		}
	}

}
