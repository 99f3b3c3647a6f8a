package dev.kairos.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kairos.events.EventLogUnavailableException;
import dev.kairos.features.EventLogPosition;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.DisposableBean;

/**
 * The events topic's end offsets, from the broker (the high watermark: every event
 * answered 202 lies before it, since the producer waits for all in-sync replicas).
 */
class KafkaEventLogPosition implements EventLogPosition, DisposableBean {

	private final Map<String, Object> adminConfig;

	private final String topic;

	private final Duration timeout;

	private AdminClient admin;

	KafkaEventLogPosition(Map<String, Object> adminConfig, String topic, Duration timeout) {
		this.adminConfig = adminConfig;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public Map<Integer, Long> latest() {
		try {
			AdminClient admin = admin();
			TopicDescription description = admin.describeTopics(java.util.List.of(this.topic))
				.allTopicNames()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.get(this.topic);
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			description.partitions()
				.forEach((p) -> request.put(new TopicPartition(this.topic, p.partition()), OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request)
				.all()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			Map<Integer, Long> latest = new HashMap<>();
			ends.forEach((partition, end) -> latest.put(partition.partition(), end.offset() - 1));
			return latest;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EventLogUnavailableException("interrupted while asking Kafka for the log's end", ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new EventLogUnavailableException("Kafka did not tell the event log's end in time", ex);
		}
	}

	private synchronized AdminClient admin() {
		if (this.admin == null) {
			Map<String, Object> config = new HashMap<>(this.adminConfig);
			config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kairos-log-position");
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) this.timeout.toMillis());
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) this.timeout.toMillis());
			this.admin = AdminClient.create(config);
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
	}

}
