package dev.kairos.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import dev.kairos.evaluation.ServedLog;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.ServedSlate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads the slates topic and the events topic for off-policy evaluation: each partition
 * from the first record at or after the start time (Kafka's time index) up to its end as
 * it was when the read began, with a consumer that joins no group and commits nothing.
 * Slates are read first, so that only events that may be feedback on them are kept.
 */
class KafkaServedLog implements ServedLog {

	private static final Logger log = LoggerFactory.getLogger(KafkaServedLog.class);

	private final ConsumerFactory<String, byte[]> consumers;

	private final String slatesTopic;

	private final String eventsTopic;

	private final JsonMapper json;

	private final Duration timeout;

	KafkaServedLog(ConsumerFactory<String, byte[]> consumers, String slatesTopic, String eventsTopic, JsonMapper json,
			Duration timeout) {
		this.consumers = consumers;
		this.slatesTopic = slatesTopic;
		this.eventsTopic = eventsTopic;
		this.json = json;
		this.timeout = timeout;
	}

	@Override
	public Contents read(Instant since, Duration lookBack, int maxSlates) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
		try (org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer = this.consumers.createConsumer(null,
				"kairos-evaluation", null, overrides)) {
			ArrayDeque<ServedSlate> slates = new ArrayDeque<>();
			boolean[] truncated = { false };
			read(consumer, this.slatesTopic, since, deadline, (record) -> {
				ServedSlate slate;
				try {
					slate = ServedSlateCodec.decode(record.value());
				}
				catch (RuntimeException ex) {
					return; // not a slate of this schema
				}
				slates.addLast(slate);
				if (slates.size() > maxSlates) {
					slates.removeFirst();
					truncated[0] = true;
				}
			});
			Set<String> ids = new HashSet<>();
			Set<String> users = new HashSet<>();
			for (ServedSlate slate : slates) {
				ids.add(slate.recommendationId());
				users.add(slate.userId());
			}
			List<InteractionEvent> feedback = new ArrayList<>();
			Instant eventsSince = (since != null) ? since.minus(lookBack) : null;
			read(consumer, this.eventsTopic, eventsSince, deadline, (record) -> {
				if (!users.contains(record.key())) {
					return;
				}
				InteractionEvent event;
				try {
					event = this.json.readValue(record.value(), EventMessage.class).toEvent();
				}
				catch (RuntimeException ex) {
					return; // a poison record: the worker dead-letters it
				}
				if (event.type() != EventType.IMPRESSION
						&& (event.recommendationId() == null || ids.contains(event.recommendationId()))) {
					feedback.add(event);
				}
			});
			return new Contents(new ArrayList<>(slates), feedback, truncated[0]);
		}
		catch (KafkaException ex) {
			throw new LogUnavailableException("could not read the slate log: " + ex.getMessage(), ex);
		}
	}

	private void read(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, String topic, Instant since,
			long deadline, Consumer<ConsumerRecord<String, byte[]>> sink) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
		List<TopicPartition> partitions = new ArrayList<>();
		if (infos != null) {
			for (PartitionInfo info : infos) {
				partitions.add(new TopicPartition(topic, info.partition()));
			}
		}
		if (partitions.isEmpty()) {
			return;
		}
		consumer.assign(partitions);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
		if (since == null) {
			consumer.seekToBeginning(partitions);
		}
		else {
			Map<TopicPartition, Long> times = new HashMap<>();
			partitions.forEach((p) -> times.put(p, since.toEpochMilli()));
			Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, remaining(deadline));
			for (TopicPartition p : partitions) {
				OffsetAndTimestamp at = offsets.get(p);
				consumer.seek(p, (at != null) ? at.offset() : end.get(p));
			}
		}
		Set<TopicPartition> open = new HashSet<>();
		for (TopicPartition p : partitions) {
			if (consumer.position(p, remaining(deadline)) < end.get(p)) {
				open.add(p);
			}
		}
		while (!open.isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new LogUnavailableException("reading " + topic + " took longer than " + this.timeout, null);
			}
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
				TopicPartition p = new TopicPartition(record.topic(), record.partition());
				if (record.offset() < end.get(p) && record.value() != null) {
					sink.accept(record);
				}
			}
			open.removeIf((p) -> consumer.position(p) >= end.get(p));
		}
		log.debug("Read {} for evaluation, {} partitions", topic, partitions.size());
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
	}

}
