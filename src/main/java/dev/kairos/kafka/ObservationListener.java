package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.kairos.features.ExposureEffect;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.learning.ModelLearner;
import dev.kairos.learning.Observation;
import dev.kairos.metrics.KairosMetrics;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The worker's learner: reads batches of observations (committed ones only: the join
 * writes them in transactions), merges each partition's sum into the shared model once
 * ({@link ModelLearner}), then counts the showings they carry in the users' and items'
 * exposures ({@link FeatureUpdates#applyExposures}). Offsets are committed after both; a
 * redelivered record is recognised by the offsets stored with the model and with each
 * feature hash, and skipped.
 */
class ObservationListener {

	/** The listener's id, also its container's and its consumer group's. */
	static final String LISTENER_ID = "kairos-learner";

	private final ModelLearner learner;

	private final FeatureUpdates features;

	private final String topic;

	private final KairosMetrics metrics;

	ObservationListener(ModelLearner learner, FeatureUpdates features, String topic, KairosMetrics metrics) {
		this.learner = learner;
		this.features = features;
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
		List<ModelLearner.Logged> batch = new ArrayList<>(records.size());
		List<ExposureEffect> exposures = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			Observation o = ObservationCodec.read(record, this.metrics);
			if (o == null) {
				continue;
			}
			batch.add(new ModelLearner.Logged(record.partition(), record.offset(), o));
			if (o.exposes()) {
				exposures.add(new ExposureEffect(o.userId(), o.itemId(), o.at(), record.partition(), record.offset(),
						(o.kind() == Observation.Kind.WITHDRAWN) ? -1 : 1, o.exposure()));
			}
			else if (o.kind() == Observation.Kind.CREDIT && o.exposure() != null && o.reward() != 0
					&& o.userId() != null && o.itemId() != null) {
				// what the co-occurrence lift learns from: the reward and the item's
				// affinity
				exposures.add(new ExposureEffect(o.userId(), o.itemId(), o.at(), record.partition(), record.offset(), 1,
						o.exposure(), o.reward()));
			}
		}
		this.learner.learn(batch);
		this.features.applyExposures(exposures);
	}

}
