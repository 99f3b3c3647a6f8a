package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.kairos.fairness.FairnessTally;
import dev.kairos.learning.Observation;
import dev.kairos.metrics.KairosMetrics;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The exposure audit's reader of the join's output, in a consumer group of its own (the
 * audit never holds up learning): showings (served, withdrawn, the client's own) and
 * first positive feedback, counted once per record ({@link FairnessTally}).
 */
class FairnessListener {

	/** The listener's id, also its container's and its consumer group's. */
	static final String LISTENER_ID = "kairos-fairness";

	private final FairnessTally tally;

	private final String topic;

	private final KairosMetrics metrics;

	FairnessListener(FairnessTally tally, String topic, KairosMetrics metrics) {
		this.tally = tally;
		this.topic = topic;
		this.metrics = metrics;
	}

	/** The observations topic, for the listener annotation. */
	public String getTopic() {
		return this.topic;
	}

	@KafkaListener(id = LISTENER_ID, groupId = LISTENER_ID, topics = "#{__listener.topic}",
			containerFactory = "observationListenerFactory")
	void onObservations(List<ConsumerRecord<String, byte[]>> records) {
		List<FairnessTally.Logged> batch = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			Observation o = ObservationCodec.read(record, this.metrics);
			if (o == null || o.itemId() == null) {
				continue;
			}
			int showings = switch (o.kind()) {
				case SHOWN, IMPRESSION_ONLY -> 1;
				case WITHDRAWN -> -1;
				default -> 0;
			};
			boolean clicked = o.kind() == Observation.Kind.CREDIT && o.firstPositive();
			if (showings != 0 || clicked) {
				batch.add(new FairnessTally.Logged(record.partition(), record.offset(), o.userId(), o.itemId(), o.at(),
						showings, clicked));
			}
		}
		this.tally.add(batch);
	}

}
