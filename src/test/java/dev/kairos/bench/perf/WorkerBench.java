package dev.kairos.bench.perf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The worker alone, draining a backlog (driven by {@code bench/worker.sh}): the figure
 * {@link PerfBench} reports as "worker into Redis (with a backlog)", measured without the
 * API and the load generator competing for the cores while the worker runs.
 *
 * <ol>
 * <li>{@code items}: the catalogue through {@code POST /items} (as PerfBench does), and
 * {@code --slates} served slates ({@code GET /recommendations}), whose ids some events
 * will name;</li>
 * <li>{@code produce}: the events written straight to {@code kairos.events} as the API
 * writes them (users and items by Zipf's law, 60% views, 30% clicks, 10% purchases), with
 * one click on the first item of each served slate naming it; no worker runs yet;</li>
 * <li>{@code drain}: with the worker started, the group's committed offsets sampled every
 * 0.5 s until the lag is 0; the rate over the intervals with a backlog is the
 * result.</li>
 * </ol>
 */
public final class WorkerBench {

	private static final String[] TYPES = { "view", "view", "view", "view", "view", "view", "click", "click", "click",
			"purchase" };

	private WorkerBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = PerfBench.options(java.util.Arrays.copyOfRange(args, 1, args.length));
		int items = Integer.parseInt(options.getOrDefault("items", "5000"));
		int users = Integer.parseInt(options.getOrDefault("users", "20000"));
		long events = Long.parseLong(options.getOrDefault("events", "200000"));
		int slates = Integer.parseInt(options.getOrDefault("slates", "300"));
		switch (args[0]) {
			case "items" -> items(Integer.parseInt(options.get("api")), items, users, slates,
					options.getOrDefault("slates-file", "target/bench/worker-slates.txt"));
			case "produce" -> produce(options.get("kafka"), items, users, events,
					options.getOrDefault("slates-file", "target/bench/worker-slates.txt"));
			case "drain" -> drain(options.get("kafka"));
			default -> throw new IllegalArgumentException("items, produce or drain: " + args[0]);
		}
	}

	private static void items(int port, int items, int users, int slates, String slatesFile) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		SplittableRandom random = new SplittableRandom(42);
		Instant now = Instant.now();
		for (int from = 0; from < items; from += 1000) {
			StringBuilder body = new StringBuilder("[");
			for (int i = from; i < Math.min(items, from + 1000); i++) {
				if (i > from) {
					body.append(',');
				}
				body.append("{\"itemId\":\"i")
					.append(i)
					.append("\",\"category\":\"c")
					.append(i % 50)
					.append("\",\"tags\":[\"t")
					.append(i % 97)
					.append("\"],\"attributes\":{\"price\":")
					.append(1 + random.nextInt(500))
					.append("},\"createdAt\":\"")
					.append(now.minusSeconds(random.nextLong(60L * 86_400)))
					.append("\"}");
			}
			HttpResponse<String> answer = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException("POST /items: " + answer.statusCode() + " " + answer.body());
			}
		}
		Zipf activity = new Zipf(users, 1.0);
		Pattern rec = Pattern.compile("\"recommendationId\"\\s*:\\s*\"([^\"]+)\"");
		Pattern item = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");
		StringBuilder lines = new StringBuilder();
		for (int s = 0; s < slates; s++) {
			String user = "u" + activity.sample(random);
			HttpResponse<String> answer = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/recommendations?count=10&userId=" + user))
				.build(), HttpResponse.BodyHandlers.ofString());
			Matcher r = rec.matcher(answer.body());
			Matcher i = item.matcher(answer.body());
			if (answer.statusCode() == 200 && r.find() && i.find()) {
				lines.append(user).append(' ').append(i.group(1)).append(' ').append(r.group(1)).append('\n');
			}
		}
		java.nio.file.Files.writeString(java.nio.file.Path.of(slatesFile), lines);
		System.out.printf("catalogue: %d items; %d slates served%n", items, slates);
	}

	private static void produce(String bootstrap, int items, int users, long events, String slatesFile)
			throws Exception {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		List<String[]> slates = new ArrayList<>();
		for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(slatesFile))) {
			if (!line.isBlank()) {
				slates.add(line.split(" "));
			}
		}
		Zipf activity = new Zipf(users, 1.0);
		Zipf popularity = new Zipf(items, 1.0);
		SplittableRandom random = new SplittableRandom(7);
		long begin = System.nanoTime();
		long now = System.currentTimeMillis();
		long every = Math.max(1, events / Math.max(1, slates.size()));
		int slate = 0;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			for (long e = 0; e < events; e++) {
				String user;
				String item;
				String type;
				String recommendation = null;
				if (e % every == 0 && slate < slates.size()) {
					String[] s = slates.get(slate++);
					user = s[0];
					item = s[1];
					type = "click";
					recommendation = s[2];
				}
				else {
					user = "u" + ((e < users) ? e : activity.sample(random));
					item = "i" + popularity.sample(random);
					type = TYPES[random.nextInt(TYPES.length)];
				}
				StringBuilder json = new StringBuilder(200);
				json.append("{\"v\":1,\"eventId\":\"e")
					.append(e)
					.append("\",\"clientEventId\":false,\"userId\":\"")
					.append(user)
					.append("\",\"itemId\":\"")
					.append(item)
					.append("\",\"type\":\"")
					.append(type)
					.append("\",\"timestamp\":")
					.append(now)
					.append(",\"acceptedAt\":")
					.append(now);
				if (recommendation != null) {
					json.append(",\"recommendationId\":\"").append(recommendation).append('"');
				}
				json.append('}');
				producer.send(
						new ProducerRecord<>("kairos.events", user, json.toString().getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
		System.out.printf("produced %d events (%d naming a slate) in %.1f s%n", events, slate,
				(System.nanoTime() - begin) / 1e9);
	}

	private static void drain(String bootstrap) throws Exception {
		try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
			List<KafkaProbe.Offsets> samples = new ArrayList<>();
			long begin = System.nanoTime();
			KafkaProbe.Offsets offsets = kafka.offsets(PerfBench.DEFAULT_WORKER_GROUP, PerfBench.EVENTS_TOPIC);
			while (offsets.lag() > 0 && System.nanoTime() - begin < Duration.ofMinutes(20).toNanos()) {
				// from the first commit on: the worker's start-up is not its throughput
				if (offsets.committed() > 0) {
					samples.add(offsets);
				}
				Thread.sleep(500);
				offsets = kafka.offsets(PerfBench.DEFAULT_WORKER_GROUP, PerfBench.EVENTS_TOPIC);
			}
			samples.add(offsets);
			double rate = LagSampler.backloggedRate(samples);
			double seconds = (samples.get(samples.size() - 1).atNanos() - samples.get(0).atNanos()) / 1e9;
			System.out.printf("worker: %d events committed; %.0f events/s with a backlog (%.1f s from first commit"
					+ " to lag %d)%n", offsets.committed(), rate, seconds, offsets.lag());
		}
	}

}
