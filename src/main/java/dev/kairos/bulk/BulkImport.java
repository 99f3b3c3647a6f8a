package dev.kairos.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads a file of past items and events into a running Kairos through the same API a
 * client uses: {@code POST /items}, then {@code POST /events}, in batches of 1,000, so
 * that every record goes through validation, Kafka and the worker like live traffic.
 *
 * <p>
 * The file is JSON lines ({@code .jsonl}, {@code .ndjson}, {@code .json}: one object a
 * line, an item or an event in the API's own form) or CSV ({@code .csv}, a header row;
 * columns named like the JSON fields, {@code tags} separated by {@code |}). A record with
 * a {@code userId} is an event, any other an item. Items are posted first (a first pass),
 * then events (a second pass), so events find their items. An event without
 * {@code eventId} gets one derived from its line, so running the same import twice within
 * the deduplication window counts nothing twice. A batch the API refuses with per-element
 * errors is posted again without the refused elements, which the report lists by reason;
 * 429 and 503 are retried after {@code Retry-After}.
 */
public final class BulkImport {

	/** The API's largest batch. */
	static final int BATCH = 1000;

	private static final int ATTEMPTS = 10;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String apiKey;

	private final PrintStream progress;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * @param base the Kairos API, e.g. {@code http://localhost:8080}
	 * @param apiKey a write key, or {@code null} where none is configured
	 * @param progress where the progress bar and the report go
	 */
	public BulkImport(URI base, String apiKey, PrintStream progress) {
		this.base = base;
		this.apiKey = apiKey;
		this.progress = progress;
	}

	/**
	 * What an import did.
	 *
	 * @param records records read (lines, without blank lines and the CSV header)
	 * @param itemsCreated items created
	 * @param itemsUpdated items that existed and were updated
	 * @param eventsAccepted events answered 202 (durable in Kafka)
	 * @param refused records refused, by reason ({@code field: message})
	 * @param seconds the import's duration
	 */
	public record Report(long records, long itemsCreated, long itemsUpdated, long eventsAccepted,
			Map<String, Long> refused, double seconds) {

		public long refusedCount() {
			return this.refused.values().stream().mapToLong(Long::longValue).sum();
		}

		/** Records accepted per second. */
		public double rate() {
			return (this.itemsCreated + this.itemsUpdated + this.eventsAccepted) / Math.max(this.seconds, 1e-3);
		}

	}

	/**
	 * {@code java -jar kairos.jar import FILE [--url http://localhost:8080] [--api-key KEY]}
	 * (the key may also come from {@code KAIROS_API_KEY}). Exits 0 when every record was
	 * accepted, 2 when some were refused, 1 when the import could not finish.
	 */
	public static void main(String[] args) {
		String file = null;
		String url = "http://localhost:8080";
		String key = System.getenv("KAIROS_API_KEY");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--url" -> url = args[++i];
				case "--api-key" -> key = args[++i];
				default -> file = args[i];
			}
		}
		if (file == null) {
			System.err.println("usage: java -jar kairos.jar import FILE.jsonl|FILE.csv [--url URL] [--api-key KEY]");
			System.exit(1);
		}
		try {
			Report report = new BulkImport(URI.create(url), key, System.err).run(Path.of(file));
			System.exit((report.refusedCount() > 0) ? 2 : 0);
		}
		catch (Exception ex) {
			System.err.println("import failed: " + ex.getMessage());
			System.exit(1);
		}
	}

	/** Imports a file and prints the report. */
	public Report run(Path file) throws IOException, InterruptedException {
		long started = System.nanoTime();
		Format format = Format.of(file);
		long total = count(file, format);
		Progress bar = new Progress(total);
		Map<String, Long> refused = new TreeMap<>();
		long[] items = new long[2];
		long[] events = new long[1];
		// first pass: items; second pass: events
		for (boolean eventsPass : new boolean[] { false, true }) {
			List<ObjectNode> batch = new ArrayList<>(BATCH);
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				RecordReader records = new RecordReader(reader, format);
				for (RecordReader.Line line = records.next(); line != null; line = records.next()) {
					if (line.record() == null) {
						if (eventsPass) {
							count(refused, "malformed line (not " + format.description + ")");
							bar.advance(1);
						}
						continue;
					}
					boolean event = line.record().hasNonNull("userId");
					if (event != eventsPass) {
						continue;
					}
					if (event && !line.record().hasNonNull("eventId")) {
						line.record().put("eventId", "import-" + digest(line.text()));
					}
					batch.add(line.record());
					if (batch.size() == BATCH) {
						post(eventsPass, batch, items, events, refused);
						bar.advance(batch.size());
						batch.clear();
					}
				}
			}
			if (!batch.isEmpty()) {
				post(eventsPass, batch, items, events, refused);
				bar.advance(batch.size());
			}
		}
		bar.finish();
		Report report = new Report(total, items[0], items[1], events[0], refused, (System.nanoTime() - started) / 1e9);
		print(report);
		return report;
	}

	private void print(Report report) {
		PrintStream out = this.progress;
		out.printf(Locale.ROOT, "records read:    %,d%n", report.records());
		out.printf(Locale.ROOT, "items created:   %,d, updated: %,d%n", report.itemsCreated(), report.itemsUpdated());
		out.printf(Locale.ROOT, "events accepted: %,d%n", report.eventsAccepted());
		out.printf(Locale.ROOT, "refused:         %,d%n", report.refusedCount());
		report.refused().forEach((reason, n) -> out.printf(Locale.ROOT, "  %,8d  %s%n", n, reason));
		out.printf(Locale.ROOT, "time:            %.1f s, %,.0f records/s accepted%n", report.seconds(), report.rate());
	}

	/**
	 * Posts a batch; on a 400 with per-element errors, drops the refused elements
	 * (counted by reason) and posts the rest again.
	 */
	private void post(boolean events, List<ObjectNode> batch, long[] items, long[] accepted, Map<String, Long> refused)
			throws IOException, InterruptedException {
		List<ObjectNode> pending = new ArrayList<>(batch);
		while (!pending.isEmpty()) {
			ArrayNode body = JSON.createArrayNode();
			pending.forEach(body::add);
			HttpResponse<String> answer = send(events ? "/events" : "/items", JSON.writeValueAsString(body));
			if (answer.statusCode() / 100 == 2) {
				JsonNode counts = JSON.readTree(answer.body());
				if (events) {
					accepted[0] += counts.path("accepted").asLong();
				}
				else {
					items[0] += counts.path("created").asLong();
					items[1] += counts.path("updated").asLong();
				}
				return;
			}
			JsonNode problem = parse(answer.body());
			JsonNode errors = (problem != null) ? problem.path("errors") : null;
			if (answer.statusCode() != 400 || errors == null || !errors.isArray() || errors.isEmpty()) {
				throw new IOException("POST " + (events ? "/events" : "/items") + " answered " + answer.statusCode()
						+ ((problem != null) ? ": " + problem.path("detail").asString("") : ""));
			}
			Map<Integer, String> reasons = new TreeMap<>();
			for (JsonNode error : errors) {
				if (!error.hasNonNull("index")) {
					throw new IOException("POST refused the whole batch: " + error);
				}
				reasons.putIfAbsent(error.get("index").asInt(),
						error.path("field").asString("") + ": " + error.path("message").asString(""));
			}
			List<ObjectNode> kept = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				String reason = reasons.get(i);
				if (reason != null) {
					count(refused, (events ? "event " : "item ") + reason);
				}
				else {
					kept.add(pending.get(i));
				}
			}
			pending = kept;
		}
	}

	private HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (this.apiKey != null && !this.apiKey.isBlank()) {
				request.header("X-API-Key", this.apiKey);
			}
			HttpResponse<String> answer = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			int status = answer.statusCode();
			if ((status != 429 && status != 503) || attempt == ATTEMPTS) {
				return answer;
			}
			long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
			Thread.sleep(Math.min(30, Math.max(1, seconds)) * 1000L);
		}
	}

	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void count(Map<String, Long> refused, String reason) {
		refused.merge(reason, 1L, Long::sum);
	}

	private static long count(Path file, Format format) throws IOException {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			long n = 0;
			boolean header = format == Format.CSV;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.isBlank()) {
					continue;
				}
				if (header) {
					header = false;
					continue;
				}
				n++;
			}
			return n;
		}
	}

	private static String digest(String line) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The file formats. */
	enum Format {

		JSON_LINES("a JSON object"), CSV("a CSV row");

		final String description;

		Format(String description) {
			this.description = description;
		}

		static Format of(Path file) {
			String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
			return name.endsWith(".csv") ? CSV : JSON_LINES;
		}

	}

	/** Reads records, one a line. */
	static final class RecordReader {

		/** A line: its number, text, and the record or why there is none. */
		record Line(long number, String text, ObjectNode record, String error) {
		}

		private final BufferedReader reader;

		private final Format format;

		private List<String> header;

		private long number;

		RecordReader(BufferedReader reader, Format format) {
			this.reader = reader;
			this.format = format;
		}

		Line next() throws IOException {
			for (String text = this.reader.readLine(); text != null; text = this.reader.readLine()) {
				this.number++;
				if (text.isBlank()) {
					continue;
				}
				if (this.format == Format.CSV && this.header == null) {
					this.header = Csv.split(text);
					continue;
				}
				try {
					ObjectNode record = (this.format == Format.CSV) ? Csv.record(this.header, Csv.split(text))
							: object(text);
					return new Line(this.number, text, record, null);
				}
				catch (IllegalArgumentException | JacksonException ex) {
					return new Line(this.number, text, null, ex.getMessage().lines().findFirst().orElse("invalid"));
				}
			}
			return null;
		}

		private static ObjectNode object(String text) {
			JsonNode node = JSON.readTree(text);
			if (!(node instanceof ObjectNode object)) {
				throw new IllegalArgumentException("not an object");
			}
			return object;
		}

	}

	/**
	 * CSV with a header (RFC 4180 lines: double quotes around fields that hold commas or
	 * quotes, doubled quotes inside them; no line break inside a field). The evaluation
	 * suite's replays read their data sets with it too.
	 */
	public static final class Csv {

		private static final List<String> NUMBERS = List.of("value");

		private static final List<String> BOOLEANS = List.of("active");

		private Csv() {
		}

		/** The fields of one line; an unclosed quote is refused. */
		public static List<String> split(String line) {
			List<String> fields = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				if (quoted) {
					if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else if (c == '"') {
						quoted = false;
					}
					else {
						field.append(c);
					}
				}
				else if (c == '"') {
					quoted = true;
				}
				else if (c == ',') {
					fields.add(field.toString());
					field.setLength(0);
				}
				else {
					field.append(c);
				}
			}
			if (quoted) {
				throw new IllegalArgumentException("unclosed quote");
			}
			fields.add(field.toString());
			return fields;
		}

		static ObjectNode record(List<String> header, List<String> fields) {
			if (fields.size() != header.size()) {
				throw new IllegalArgumentException(
						"has " + fields.size() + " fields where the header names " + header.size());
			}
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 0; i < header.size(); i++) {
				if (!fields.get(i).isEmpty()) {
					values.put(header.get(i).strip(), fields.get(i));
				}
			}
			ObjectNode record = JSON.createObjectNode();
			values.forEach((name, value) -> {
				if (name.equals("tags")) {
					ArrayNode tags = record.putArray("tags");
					for (String tag : value.split("\\|")) {
						tags.add(tag);
					}
				}
				else if (NUMBERS.contains(name)) {
					try {
						record.put(name, Double.parseDouble(value));
					}
					catch (NumberFormatException ex) {
						record.put(name, value);
					}
				}
				else if (BOOLEANS.contains(name)) {
					record.put(name, Boolean.parseBoolean(value));
				}
				else {
					record.put(name, value);
				}
			});
			return record;
		}

	}

	/** A progress bar on one line, redrawn at most every 200 ms. */
	private final class Progress {

		private final long total;

		private final long started = System.nanoTime();

		private long done;

		private long drawn;

		Progress(long total) {
			this.total = Math.max(total, 1);
		}

		void advance(long records) {
			this.done += records;
			long now = System.nanoTime();
			if (now - this.drawn > 200_000_000L) {
				draw(now);
				this.drawn = now;
			}
		}

		void finish() {
			draw(System.nanoTime());
			BulkImport.this.progress.println();
		}

		private void draw(long now) {
			double share = Math.min(1, (double) this.done / this.total);
			int width = 30;
			int filled = (int) Math.round(share * width);
			double seconds = Math.max((now - this.started) / 1e9, 1e-3);
			BulkImport.this.progress.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %,d / %,d records  %,.0f/s",
					"#".repeat(filled), ".".repeat(width - filled), share * 100, this.done, this.total,
					this.done / seconds);
			BulkImport.this.progress.flush();
		}

	}

}
