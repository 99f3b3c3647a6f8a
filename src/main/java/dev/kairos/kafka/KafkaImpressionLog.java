package dev.kairos.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.learning.Impression;
import dev.kairos.learning.ImpressionLog;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Served slates on the impressions topic (JSON, schema version 1, keyed by user id), sent
 * without waiting so that serving never blocks on Kafka. A failed send is counted and
 * logged; the join of rewards does not depend on this log (it uses the feature store),
 * off-policy evaluation does.
 */
class KafkaImpressionLog implements ImpressionLog {

	private static final Logger log = LoggerFactory.getLogger(KafkaImpressionLog.class);

	private final KafkaTemplate<String, byte[]> template;

	private final JsonMapper json;

	private final String topic;

	private final AtomicLong failures = new AtomicLong();

	private final KairosMetrics metrics;

	KafkaImpressionLog(KafkaTemplate<String, byte[]> template, JsonMapper json, String topic, KairosMetrics metrics) {
		this.template = template;
		this.json = json;
		this.topic = topic;
		this.metrics = metrics;
	}

	/** The wire form. */
	record ImpressionMessage(int v, String recommendationId, String userId, String policy, long modelVersion, long at,
			List<Item> items) {

		record Item(String itemId, int position, double propensity, String reason, double[] features) {
		}

	}

	@Override
	public void log(Impression impression) {
		List<ImpressionMessage.Item> items = new ArrayList<>(impression.items().size());
		impression.items()
			.forEach((i) -> items
				.add(new ImpressionMessage.Item(i.itemId(), i.position(), i.propensity(), i.reason(), i.features())));
		byte[] value = this.json
			.writeValueAsBytes(new ImpressionMessage(1, impression.recommendationId(), impression.userId(),
					impression.policy(), impression.modelVersion(), impression.at().toEpochMilli(), items));
		try {
			this.template.send(this.topic, impression.userId(), value).whenComplete((result, ex) -> {
				if (ex != null) {
					failed(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	private void failed(Throwable ex) {
		this.metrics.kafkaError("produce");
		long n = this.failures.incrementAndGet();
		if (n == 1 || n % 1000 == 0) {
			log.warn("Could not log impressions to Kafka ({} failures so far): {}", n, ex.getMessage());
		}
	}

	long failures() {
		return this.failures.get();
	}

}
