package dev.kairos.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.kairos.config.KairosProperties.Learning.JoinStore;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.Observation;
import dev.kairos.learning.ServedSlate;
import dev.kairos.learning.SlateJoin;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import org.springframework.context.SmartLifecycle;

/**
 * The worker's join of served slates and feedback ({@link SlateJoin}), on Kafka Streams:
 * the slates topic and the events topic, both keyed by user and partitioned alike, feed
 * one processor per partition; its state (open slates, each user's latest slate per item,
 * the schedule of window ends) lives in in-memory stores backed by changelog topics, and
 * it writes what it learns to the observations topic. With {@code exactly_once_v2} the
 * state, the output and the input positions commit together, so a worker killed
 * mid-batch, or a rebalance, neither loses nor repeats an observation: the new owner
 * restores the stores from their changelogs and goes on from the committed position.
 *
 * <p>
 * Event time: a slate's time is its request time {@code at}, an event's its timestamp;
 * the partition's stream time (the largest seen) closes windows.
 */
class AttributionStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AttributionStreams.class);

	/**
	 * The Streams application id by default: the consumer group and the internal topics'
	 * prefix.
	 */
	static final String APPLICATION_ID = "kairos-attribution";

	/**
	 * Another application id (applications sharing one embedded broker in a test JVM each
	 * get their own: {@code EmbeddedInfrastructure}).
	 */
	static final String APPLICATION_ID_PROPERTY = "kairos.streams.application-id";

	static final String SLATES_STORE = "kairos-slates";

	static final String LATEST_STORE = "kairos-latest";

	static final String DUE_STORE = "kairos-due";

	private final Properties config;

	private final Topology topology;

	private final KairosMetrics metrics;

	private volatile KafkaStreams streams;

	AttributionStreams(String applicationId, String bootstrapServers, String slatesTopic, String eventsTopic,
			String observationsTopic, LearningSettings settings, JsonMapper json, KairosMetrics metrics,
			Duration commitInterval, JoinStore store, String stateDirectory, Map<String, String> overrides) {
		this.topology = topology(slatesTopic, eventsTopic, observationsTopic, settings, json, metrics, store);
		this.metrics = metrics;
		this.config = new Properties();
		this.config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
		this.config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		this.config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
		// several workers may share a machine (tests): each its own state directory
		this.config.put(StreamsConfig.STATE_DIR_CONFIG,
				(stateDirectory == null || stateDirectory.isBlank()) ? stateDirectory() : stateDirectory);
		this.config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
		// event times may lie in the future (events up to the allowed skew), so the
		// changelogs accept them
		this.config.put(StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
				Long.toString(Long.MAX_VALUE));
		// spring.kafka.streams.properties.*, e.g. a shorter session.timeout.ms so that a
		// killed worker's partitions move sooner than Kafka's default 45 s
		overrides.forEach(this.config::put);
	}

	private static String stateDirectory() {
		try {
			return Files.createTempDirectory("kairos-streams-").toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Topology topology() {
		return this.topology;
	}

	Properties config() {
		return this.config;
	}

	static Topology topology(String slatesTopic, String eventsTopic, String observationsTopic,
			LearningSettings settings, JsonMapper json, KairosMetrics metrics, JoinStore store) {
		Topology topology = new Topology();
		topology.addSource(AutoOffsetReset.earliest(), "slates", AttributionStreams::slateTime,
				new StringDeserializer(), new ByteArrayDeserializer(), slatesTopic);
		topology.addSource(AutoOffsetReset.earliest(), "events", new EventTime(json), new StringDeserializer(),
				new ByteArrayDeserializer(), eventsTopic);
		topology.addProcessor("join", () -> new JoinProcessor(slatesTopic, settings, json, metrics), "slates",
				"events");
		topology.addStateStore(
				Stores.keyValueStoreBuilder(store(store, SLATES_STORE), Serdes.String(), Serdes.ByteArray()), "join");
		topology.addStateStore(
				Stores.keyValueStoreBuilder(store(store, LATEST_STORE), Serdes.String(), Serdes.String()), "join");
		topology.addStateStore(Stores.keyValueStoreBuilder(store(store, DUE_STORE), Serdes.Bytes(), Serdes.ByteArray()),
				"join");
		topology.addSink("observations", observationsTopic, new StringSerializer(), new ByteArraySerializer(), "join");
		return topology;
	}

	/**
	 * A store of the join: RocksDB on disk (the heap holds only its caches, however many
	 * slates the attribution window keeps open) or the heap; both logged to a changelog.
	 */
	private static KeyValueBytesStoreSupplier store(JoinStore store, String name) {
		return (store == JoinStore.MEMORY) ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
	}

	/** A slate's time is its request time. */
	private static long slateTime(ConsumerRecord<Object, Object> record, long partitionTime) {
		long at = (record.value() instanceof byte[] bytes) ? ServedSlateCodec.at(bytes) : -1;
		return (at >= 0) ? at : Math.max(0, partitionTime);
	}

	/** An event's time is its timestamp. */
	private record EventTime(JsonMapper json) implements TimestampExtractor {

		@Override
		public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
			try {
				long t = this.json.readValue((byte[]) record.value(), EventMessage.class).timestamp();
				return (t >= 0) ? t : Math.max(0, partitionTime);
			}
			catch (RuntimeException ex) {
				return Math.max(0, partitionTime); // a poison record: skipped by the
													// processor
			}
		}

	}

	/** Routes each record to the join and its observations to the sink. */
	static final class JoinProcessor implements Processor<String, byte[], String, byte[]> {

		private final String slatesTopic;

		private final LearningSettings settings;

		private final JsonMapper json;

		private final KairosMetrics metrics;

		private ProcessorContext<String, byte[]> context;

		private SlateJoin join;

		JoinProcessor(String slatesTopic, LearningSettings settings, JsonMapper json, KairosMetrics metrics) {
			this.slatesTopic = slatesTopic;
			this.settings = settings;
			this.json = json;
			this.metrics = metrics;
		}

		@Override
		public void init(ProcessorContext<String, byte[]> context) {
			this.context = context;
			this.join = new SlateJoin(new StreamsStore(context.getStateStore(SLATES_STORE),
					context.getStateStore(LATEST_STORE), context.getStateStore(DUE_STORE)),
					this.settings.attributionWindow().toMillis());
		}

		@Override
		public void process(Record<String, byte[]> record) {
			String topic = this.context.recordMetadata().map((m) -> m.topic()).orElse("");
			long now = this.context.currentStreamTimeMs();
			ServedSlate slate = null;
			InteractionEvent event = null;
			// only decoding is caught: the stores' and the sink's exceptions (a task
			// migrated, a producer fenced) must reach Kafka Streams, which aborts the
			// transaction
			try {
				if (topic.equals(this.slatesTopic)) {
					slate = ServedSlateCodec.decode(record.value());
				}
				else {
					event = this.json.readValue(record.value(), EventMessage.class).toEvent();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Skipping an unreadable record of {} in the slate join: {}", topic, ex.getMessage());
				this.metrics.kafkaError("consume");
			}
			List<Observation> out = new ArrayList<>();
			if (slate != null) {
				this.join.served(slate, now, out::add);
			}
			else if (event != null) {
				event(event, out);
			}
			this.join.advance(now, out::add);
			for (Observation o : out) {
				this.context.forward(new Record<>(record.key(), ObservationCodec.encode(o), record.timestamp()));
			}
		}

		private void event(InteractionEvent event, List<Observation> out) {
			long t = event.timestamp().toEpochMilli();
			if (event.type() == EventType.IMPRESSION) {
				int before = out.size();
				this.join.impression(event.userId(), event.itemId(), event.recommendationId(), t, out::add);
				boolean own = out.size() > before && out.get(out.size() - 1).kind() == Observation.Kind.IMPRESSION_ONLY;
				this.metrics.impressionsJoined(own ? 0 : 1, own ? 1 : 0);
				return;
			}
			Double reward = this.settings.reward(event.type());
			if (reward != null) {
				this.join.feedback(event.userId(), event.itemId(), event.recommendationId(), reward, t, out::add);
			}
		}

	}

	/** The join's state in the task's stores. */
	static final class StreamsStore implements SlateJoin.Store {

		private final KeyValueStore<String, byte[]> slates;

		private final KeyValueStore<String, String> latest;

		private final KeyValueStore<Bytes, byte[]> due;

		StreamsStore(KeyValueStore<String, byte[]> slates, KeyValueStore<String, String> latest,
				KeyValueStore<Bytes, byte[]> due) {
			this.slates = slates;
			this.latest = latest;
			this.due = due;
		}

		@Override
		public SlateJoin.Pending get(String recommendationId) {
			byte[] value = this.slates.get(recommendationId);
			return (value != null) ? PendingCodec.decode(value) : null;
		}

		@Override
		public void put(String recommendationId, SlateJoin.Pending pending) {
			this.slates.put(recommendationId, PendingCodec.encode(pending));
		}

		@Override
		public void remove(String recommendationId) {
			this.slates.delete(recommendationId);
		}

		private static String key(String userId, String itemId) {
			return userId + '\u0000' + itemId;
		}

		@Override
		public String latest(String userId, String itemId) {
			return this.latest.get(key(userId, itemId));
		}

		@Override
		public void putLatest(String userId, String itemId, String recommendationId) {
			this.latest.put(key(userId, itemId), recommendationId);
		}

		@Override
		public void removeLatest(String userId, String itemId) {
			this.latest.delete(key(userId, itemId));
		}

		private static Bytes dueKey(long time, String recommendationId) {
			byte[] id = recommendationId.getBytes(StandardCharsets.UTF_8);
			return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(Math.max(0, time)).put(id).array());
		}

		@Override
		public void schedule(long closesAt, String recommendationId) {
			this.due.put(dueKey(closesAt, recommendationId), new byte[0]);
		}

		@Override
		public List<String> due(long time) {
			if (time < 0) {
				return List.of();
			}
			List<Bytes> keys = new ArrayList<>();
			// keys sort by their big-endian time first
			try (KeyValueIterator<Bytes, byte[]> range = this.due.range(Bytes.wrap(new byte[0]),
					dueKey(time, "\uffff"))) {
				while (range.hasNext()) {
					KeyValue<Bytes, byte[]> entry = range.next();
					if (ByteBuffer.wrap(entry.key.get()).getLong() > time) {
						break;
					}
					keys.add(entry.key);
				}
			}
			List<String> ids = new ArrayList<>(keys.size());
			for (Bytes key : keys) {
				byte[] k = key.get();
				ids.add(new String(k, 8, k.length - 8, StandardCharsets.UTF_8));
				this.due.delete(key);
			}
			return ids;
		}

	}

	/** The stored form of a {@link SlateJoin.Pending}. */
	static final class PendingCodec {

		private PendingCodec() {
		}

		static byte[] encode(SlateJoin.Pending p) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
			try (DataOutputStream out = new DataOutputStream(bytes)) {
				if (p.slate() != null) {
					byte[] slate = ServedSlateCodec.encode(p.slate());
					out.writeInt(slate.length);
					out.write(slate);
				}
				else {
					out.writeInt(-1);
				}
				out.writeShort(p.credited().length);
				for (int i = 0; i < p.credited().length; i++) {
					out.writeDouble(p.credited()[i]);
					out.writeBoolean(p.seen()[i]);
				}
				out.writeBoolean(p.reported());
				out.writeShort(p.early().size());
				for (SlateJoin.Early e : p.early()) {
					out.writeUTF(e.itemId());
					out.writeBoolean(e.reward() != null);
					out.writeDouble((e.reward() != null) ? e.reward() : 0);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return bytes.toByteArray();
		}

		static SlateJoin.Pending decode(byte[] value) {
			try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
				int length = in.readInt();
				ServedSlate slate = null;
				if (length >= 0) {
					byte[] bytes = new byte[length];
					in.readFully(bytes);
					slate = ServedSlateCodec.decode(bytes);
				}
				int n = in.readUnsignedShort();
				double[] credited = new double[n];
				boolean[] seen = new boolean[n];
				for (int i = 0; i < n; i++) {
					credited[i] = in.readDouble();
					seen[i] = in.readBoolean();
				}
				boolean reported = in.readBoolean();
				int e = in.readUnsignedShort();
				List<SlateJoin.Early> early = new ArrayList<>(e);
				for (int i = 0; i < e; i++) {
					String item = in.readUTF();
					boolean feedback = in.readBoolean();
					double reward = in.readDouble();
					early.add(new SlateJoin.Early(item, feedback ? reward : null));
				}
				return new SlateJoin.Pending(slate, credited, seen, reported, List.copyOf(early));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@Override
	public void start() {
		KafkaStreams streams = new KafkaStreams(this.topology, this.config);
		streams.setUncaughtExceptionHandler((ex) -> {
			log.warn("The slate join's stream thread failed; replacing it: {}", ex.toString());
			return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
		});
		streams.start();
		this.streams = streams;
		this.metrics.consumerLag(this.config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), this::lag);
	}

	/**
	 * The join's lag: what its stream threads' consumers have not yet read of the slates
	 * and events partitions they hold ({@code records-lag} of Kafka's fetch metrics; the
	 * restore consumers, which read changelogs, are left out).
	 */
	long lag() {
		KafkaStreams current = this.streams;
		if (current == null) {
			return 0;
		}
		double lag = 0;
		for (var e : current.metrics().entrySet()) {
			var name = e.getKey();
			if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
					&& name.tags().containsKey("partition")
					&& !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")
					&& e.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
				lag += n.doubleValue();
			}
		}
		return (long) lag;
	}

	@Override
	public void stop() {
		KafkaStreams streams = this.streams;
		if (streams != null) {
			streams.close(Duration.ofSeconds(30));
			this.streams = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.streams != null;
	}

	/** The Kafka Streams state, {@code STOPPED} before start and after stop. */
	String state() {
		KafkaStreams streams = this.streams;
		return (streams != null) ? streams.state().name() : "STOPPED";
	}

	/**
	 * Whether the join runs or is on its way (starting, rebalancing); not once it failed
	 * or stopped.
	 */
	boolean healthy() {
		KafkaStreams streams = this.streams;
		return streams != null && (streams.state() == KafkaStreams.State.RUNNING
				|| streams.state() == KafkaStreams.State.REBALANCING || streams.state() == KafkaStreams.State.CREATED);
	}

	/**
	 * After the topics exist (KafkaAdmin creates them on start), before the listeners.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 200;
	}

}
