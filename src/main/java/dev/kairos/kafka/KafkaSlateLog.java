package dev.kairos.kafka;

import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.SlateLog;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Served slates on the slates topic ({@link ServedSlateCodec}, keyed by user id like the
 * events, so a user's slates and feedback share a partition), sent without waiting so
 * that serving never blocks on Kafka. The template's producer compresses (lz4) and
 * lingers a few milliseconds, so slates travel in compressed batches. A failed send is
 * counted and logged: its feedback then finds no slate and teaches the model nothing.
 */
class KafkaSlateLog implements SlateLog {

	private static final Logger log = LoggerFactory.getLogger(KafkaSlateLog.class);

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final AtomicLong failures = new AtomicLong();

	private final KairosMetrics metrics;

	KafkaSlateLog(KafkaTemplate<String, byte[]> template, String topic, KairosMetrics metrics) {
		this.template = template;
		this.topic = topic;
		this.metrics = metrics;
	}

	@Override
	public void log(ServedSlate slate) {
		try {
			byte[] value = ServedSlateCodec.encode(slate);
			this.template.send(this.topic, slate.userId(), value).whenComplete((result, ex) -> {
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
			log.warn("Could not log served slates to Kafka ({} failures so far): {}", n, ex.getMessage());
		}
	}

	long failures() {
		return this.failures.get();
	}

}
