package dev.kairos.bench.eval;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kairos.Http;
import tools.jackson.databind.JsonNode;

/**
 * Kairos over HTTP, as a client uses it: {@code POST /items} (one {@code PUT} per item
 * when a batch is refused, to count which items and why), {@code POST /events} with the
 * events' timestamps and {@code recommendationId}, {@code GET /recommendations} with
 * {@code at}. A fresh service ({@link KairosService}) is started for each learner and
 * stopped when it is closed. The service runs with its defaults.
 */
final class KairosHttpLearner implements Learner {

	private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

	private static final Pattern PROCESSED = Pattern
		.compile("(?m)^kairos_events_processed_total\\{[^}]*\\}\\s+([0-9.eE+]+)");

	private final String name;

	private final KairosService service;

	private final Http http;

	/** Refused items and events by reason. */
	private final Map<String, Integer> refusals = new TreeMap<>();

	private long refusedItems;

	private long refusedEvents;

	private long failedRequests;

	private long accepted;

	KairosHttpLearner(String name, Path jar, int basePort, Path log) {
		this(name, KairosService.start(jar, basePort, log, List.of()));
	}

	private KairosHttpLearner(String name, KairosService service) {
		this.name = name;
		this.service = service;
		this.http = new Http(service.apiPort());
	}

	private KairosHttpLearner(String name, int apiPort) {
		this.name = name;
		this.service = null;
		this.http = new Http(apiPort);
	}

	/**
	 * A learner on a service already running (a test's), which closing leaves running;
	 * {@link #settle} does not wait for it.
	 */
	static KairosHttpLearner running(String name, int apiPort) {
		return new KairosHttpLearner(name, apiPort);
	}

	/** A learner on a fresh jar started with extra arguments ({@code --kairos.x=y}). */
	static KairosHttpLearner started(String name, Path jar, int basePort, Path log, List<String> args) {
		return new KairosHttpLearner(name, KairosService.start(jar, basePort, log, args));
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void addItems(List<Item> items) {
		for (int from = 0; from < items.size(); from += 500) {
			List<Item> chunk = items.subList(from, Math.min(items.size(), from + 500));
			StringBuilder body = new StringBuilder("[");
			for (Item item : chunk) {
				if (body.length() > 1) {
					body.append(',');
				}
				body.append("{\"itemId\":")
					.append(quote(item.itemId()))
					.append(',')
					.append(itemFields(item))
					.append('}');
			}
			Http.Answer answer = withRetries(() -> this.http.post("/items", body.append(']').toString()));
			if (answer.status() == 200) {
				continue;
			}
			// one by one, to know which items are refused and why
			for (Item item : chunk) {
				Http.Answer one = withRetries(
						() -> this.http.put("/items/" + URLEncoder.encode(item.itemId(), StandardCharsets.UTF_8),
								"{" + itemFields(item) + "}"));
				if (one.status() != 200 && one.status() != 201) {
					this.refusedItems++;
					this.refusals.merge("item " + one.status() + ": " + reason(one), 1, Integer::sum);
				}
			}
		}
	}

	private static String itemFields(Item item) {
		return "\"category\":" + quote(item.category()) + ",\"createdAt\":\"" + item.createdAt() + "\"";
	}

	@Override
	public Slate recommend(Request request) {
		String query = "/recommendations?userId=" + URLEncoder.encode(request.userId(), StandardCharsets.UTF_8)
				+ "&count=" + request.count() + "&at=" + request.at();
		Http.Answer answer = withRetries(() -> this.http.get(query));
		if (answer.status() != 200) {
			this.failedRequests++;
			this.refusals.merge("recommendations " + answer.status() + ": " + reason(answer), 1, Integer::sum);
			return new Slate(null, List.of());
		}
		JsonNode body = answer.json();
		List<String> items = new ArrayList<>();
		body.get("items").forEach((item) -> items.add(item.get("itemId").asString()));
		return new Slate(body.get("recommendationId").asString(), items);
	}

	@Override
	public void observe(List<Event> events) {
		for (int from = 0; from < events.size(); from += 1_000) {
			List<Event> chunk = events.subList(from, Math.min(events.size(), from + 1_000));
			StringBuilder body = new StringBuilder("[");
			for (Event e : chunk) {
				if (body.length() > 1) {
					body.append(',');
				}
				body.append(event(e));
			}
			Http.Answer answer = withRetries(() -> this.http.post("/events", body.append(']').toString()));
			if (answer.status() == 202) {
				Matcher m = ACCEPTED.matcher(answer.body());
				this.accepted += m.find() ? Long.parseLong(m.group(1)) : chunk.size();
				continue;
			}
			// one by one: which events are refused and why
			for (Event e : chunk) {
				Http.Answer one = withRetries(() -> this.http.post("/events", event(e)));
				if (one.status() == 202) {
					this.accepted++;
				}
				else {
					this.refusedEvents++;
					this.refusals.merge("event " + one.status() + ": " + reason(one), 1, Integer::sum);
				}
			}
		}
	}

	/**
	 * Waits (at most two minutes) until the worker has processed every accepted event, so
	 * that a replay's warm-up is learned before it is scored.
	 */
	void settle() {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (this.service != null && System.nanoTime() < deadline) {
			String scrape = this.service.prometheus();
			double processed = 0;
			if (scrape != null) {
				Matcher m = PROCESSED.matcher(scrape);
				while (m.find()) {
					processed += Double.parseDouble(m.group(1));
				}
			}
			if (processed >= this.accepted) {
				return;
			}
			KairosService.sleep(500);
		}
	}

	/** Refusals and failures by reason. */
	Map<String, Integer> refusals() {
		return this.refusals;
	}

	long refusedItems() {
		return this.refusedItems;
	}

	long refusedEvents() {
		return this.refusedEvents;
	}

	long failedRequests() {
		return this.failedRequests;
	}

	@Override
	public void close() {
		if (this.service != null) {
			this.service.close();
		}
	}

	private static String event(Event e) {
		StringBuilder json = new StringBuilder("{\"userId\":").append(quote(e.userId()))
			.append(",\"itemId\":")
			.append(quote(e.itemId()))
			.append(",\"type\":\"")
			.append(e.type().wireName())
			.append("\",\"timestamp\":\"")
			.append(e.timestamp())
			.append('"');
		if (e.recommendationId() != null) {
			json.append(",\"recommendationId\":").append(quote(e.recommendationId()));
		}
		return json.append('}').toString();
	}

	private static String reason(Http.Answer answer) {
		try {
			JsonNode body = answer.json();
			JsonNode errors = body.get("errors");
			if (errors != null && errors.size() > 0) {
				JsonNode first = errors.get(0);
				return first.path("field").asString("") + " " + first.path("message").asString("");
			}
			return body.path("title").asString("") + " " + body.path("detail").asString("");
		}
		catch (RuntimeException ex) {
			return answer.body().length() > 80 ? answer.body().substring(0, 80) : answer.body();
		}
	}

	static String quote(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	private static Http.Answer withRetries(Supplier<Http.Answer> call) {
		Http.Answer answer = call.get();
		for (int attempt = 1; attempt <= 8 && (answer.status() == 503 || answer.status() == 429); attempt++) {
			KairosService.sleep(Math.min(5_000L, 200L << attempt));
			answer = call.get();
		}
		return answer;
	}

}
