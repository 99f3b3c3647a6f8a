package dev.kairos.bench.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's own view of Kafka: the worker group's lag (end offsets minus committed
 * offsets, from the admin client), and the physical floor — a raw produce with Kairos'
 * producer settings ({@code acks=all}, idempotent, {@code linger.ms=2}).
 */
final class KafkaProbe implements AutoCloseable {

	private final String bootstrap;

	private final Admin admin;

	KafkaProbe(String bootstrap) {
		this.bootstrap = bootstrap;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	/** Offsets of a group on a topic at one moment. */
	record Offsets(long atNanos, long end, long committed) {

		long lag() {
			return Math.max(0, this.end - this.committed);
		}

	}

	Offsets offsets(String group, String topic) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		int partitions = this.admin.describeTopics(Set.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic)
			.partitions()
			.size();
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			request.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		long end = 0;
		long done = 0;
		for (var e : this.admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet()) {
			end += e.getValue().offset();
			OffsetAndMetadata c = committed.get(e.getKey());
			done += (c != null) ? c.offset() : 0;
		}
		return new Offsets(System.nanoTime(), end, done);
	}

	/**
	 * Raw produce figures: one record at a time, batches of {@code batch} sent and
	 * awaited one after another, and a burst sent without waiting.
	 */
	record Floor(Latencies single, Latencies batch, double burstRecordsPerSecond) {
	}

	Floor floor(int singles, int batches, int batch, int burst, byte[] value) throws Exception {
		String topic = "perf.floor";
		try {
			this.admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(topic, "warm", value)).get();
			Latencies single = new Latencies();
			for (int i = 0; i < singles; i++) {
				long start = System.nanoTime();
				producer.send(new ProducerRecord<>(topic, "u" + i, value)).get();
				single.recordNanos(System.nanoTime() - start);
			}
			Latencies batched = new Latencies();
			for (int b = 0; b < batches; b++) {
				long start = System.nanoTime();
				List<Future<RecordMetadata>> acks = new ArrayList<>(batch);
				for (int i = 0; i < batch; i++) {
					acks.add(producer.send(new ProducerRecord<>(topic, "u" + i, value)));
				}
				for (Future<RecordMetadata> ack : acks) {
					ack.get();
				}
				batched.recordNanos(System.nanoTime() - start);
			}
			long begin = System.nanoTime();
			List<Future<RecordMetadata>> acks = new ArrayList<>(burst);
			for (int i = 0; i < burst; i++) {
				acks.add(producer.send(new ProducerRecord<>(topic, "u" + (i % 10_000), value)));
			}
			producer.flush();
			for (Future<RecordMetadata> ack : acks) {
				ack.get();
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			return new Floor(single, batched, burst / seconds);
		}
	}

	/** Waits until the group has committed everything written, or the timeout passes. */
	Offsets awaitNoLag(String group, String topic, Duration timeout) throws Exception {
		long begin = System.nanoTime();
		long deadline = begin + timeout.toNanos();
		Offsets offsets = offsets(group, topic);
		while (offsets.lag() > 0 && System.nanoTime() < deadline) {
			if (offsets.committed() == 0 && System.nanoTime() - begin > 60_000_000_000L) {
				throw new IllegalStateException("the consumer group " + group + " has committed nothing on " + topic
						+ " in 60 s: is it the worker's group (--group)?");
			}
			Thread.sleep(250);
			offsets = offsets(group, topic);
		}
		return offsets;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
