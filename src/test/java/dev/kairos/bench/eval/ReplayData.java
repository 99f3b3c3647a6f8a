package dev.kairos.bench.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import dev.kairos.bench.eval.Learner.Event;
import dev.kairos.bench.eval.Learner.EventType;
import dev.kairos.bench.eval.Learner.Item;
import dev.kairos.bulk.BulkImport;

/**
 * A real data set as a time-ordered stream of steps for a replay ({@link Replay}): each
 * step is one user's activity at one time (a basket, an answer, a cart addition), the
 * items it is scored against, and the events a client would post for it. Items enter the
 * catalogue at their first appearance.
 *
 * @param name the data set's name in the results table
 * @param items the catalogue, by id
 * @param steps the steps, in time order
 * @param protocol one line on what is predicted
 */
public record ReplayData(String name, Map<String, Item> items, List<Step> steps, String protocol) {

	/**
	 * One step.
	 *
	 * @param userId the user
	 * @param at when
	 * @param targets the items a recommendation made just before should have held (empty:
	 * not scored)
	 * @param events what the client posts after it
	 */
	public record Step(String userId, Instant at, Set<String> targets, List<Event> events) {
	}

	/**
	 * A replayed data set by its name in the suite's options ({@code online-retail},
	 * {@code stackexchange}, {@code open-bandit}, {@code otto}), read from its folder
	 * under {@code data}.
	 * @throws IllegalArgumentException for another name
	 */
	public static ReplayData named(String name, Path data) {
		return switch (name) {
			case "online-retail" -> onlineRetail(data.resolve("online-retail"));
			case "stackexchange" -> stackExchange(data.resolve("stackexchange"));
			case "open-bandit" -> openBandit(data.resolve("open-bandit/random/men/men.csv"));
			case "otto" -> otto(data.resolve("otto/train_sample.jsonl"));
			default -> throw new IllegalArgumentException("no data set " + name);
		};
	}

	/**
	 * Online Retail: one step per invoice (basket) of a known customer; the basket's
	 * items are the targets and are posted as purchases. Categories: the last word of the
	 * product's description (free text).
	 */
	public static ReplayData onlineRetail(Path directory) {
		Map<String, String> category = new HashMap<>();
		for (String[] row : csv(directory.resolve("items.csv"))) {
			category.put(row[0], row[1]);
		}
		Map<String, Item> items = new LinkedHashMap<>();
		List<Step> steps = new ArrayList<>();
		String invoice = null;
		Set<String> basket = new LinkedHashSet<>();
		String user = null;
		Instant at = null;
		for (String[] row : csv(directory.resolve("purchases.csv.gz"))) {
			if (!row[0].equals(invoice)) {
				if (invoice != null) {
					steps.add(basket(user, at, basket));
				}
				invoice = row[0];
				user = "c" + row[1];
				at = Instant.parse(row[3]);
				basket = new LinkedHashSet<>();
			}
			String item = row[2];
			basket.add(item);
			Instant firstSeen = at;
			items.computeIfAbsent(item, (i) -> new Item(i, List.of(category.getOrDefault(i, "unknown")), firstSeen));
		}
		steps.add(basket(user, at, basket));
		return new ReplayData("online-retail", items, steps, "next basket of a customer (any of its items)");
	}

	private static Step basket(String user, Instant at, Set<String> basket) {
		List<Event> events = new ArrayList<>();
		for (String item : basket) {
			events.add(new Event(user, item, EventType.PURCHASE, at, null));
		}
		return new Step(user, at, Set.copyOf(basket), events);
	}

	/**
	 * Stack Exchange (quantumcomputing, 2018): a question enters the catalogue when asked
	 * (category: its first tag) and its asker's ask is posted as a view; each answer or
	 * comment is a click, scored when it is the user's first interaction with that
	 * question (which new question will the user take part in next).
	 */
	public static ReplayData stackExchange(Path directory) {
		Map<String, Item> items = new LinkedHashMap<>();
		for (String[] row : csv(directory.resolve("questions.csv"))) {
			items.put("q" + row[0], new Item("q" + row[0], List.of(row[2]), Instant.parse(row[1])));
		}
		List<Step> steps = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String[] row : csv(directory.resolve("events.csv"))) {
			Instant at = Instant.parse(row[0]);
			String user = "u" + row[1];
			String question = "q" + row[2];
			boolean ask = row[3].equals("ask");
			boolean first = seen.add(user + "|" + question);
			steps.add(new Step(user, at, (!ask && first) ? Set.of(question) : Set.of(),
					List.of(new Event(user, question, ask ? EventType.VIEW : EventType.CLICK, at, null))));
		}
		return new ReplayData("stackexchange", items, steps,
				"next question a user answers or comments on for the first time");
	}

	private static final Pattern OTTO_EVENT = Pattern
		.compile("\\{\"aid\":(\\d+),\"ts\":(\\d+),\"type\":\"(clicks|carts|orders)\"\\}");

	private static final Pattern OTTO_SESSION = Pattern.compile("\"session\":(\\d+)");

	/**
	 * OTTO (20 sessions): every event in time order; clicks are posted as views, cart
	 * additions as clicks, orders as purchases. A step is scored when its article is new
	 * to the session (the next new article of a session). No categories: every item has
	 * category {@code article}.
	 */
	public static ReplayData otto(Path file) {
		record Raw(String user, String item, long ts, String type) {
		}
		List<Raw> raw = new ArrayList<>();
		for (String line : lines(file)) {
			Matcher session = OTTO_SESSION.matcher(line);
			if (!session.find()) {
				continue;
			}
			Matcher m = OTTO_EVENT.matcher(line);
			while (m.find()) {
				raw.add(new Raw("s" + session.group(1), "a" + m.group(1), Long.parseLong(m.group(2)), m.group(3)));
			}
		}
		raw.sort(java.util.Comparator.comparingLong(Raw::ts).thenComparing(Raw::user));
		Map<String, Item> items = new LinkedHashMap<>();
		List<Step> steps = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Raw r : raw) {
			Instant at = Instant.ofEpochMilli(r.ts());
			items.computeIfAbsent(r.item(), (i) -> new Item(i, List.of("article"), at));
			EventType type = switch (r.type()) {
				case "clicks" -> EventType.VIEW;
				case "carts" -> EventType.CLICK;
				default -> EventType.PURCHASE;
			};
			boolean first = seen.add(r.user() + "|" + r.item());
			steps.add(new Step(r.user(), at, first ? Set.of(r.item()) : Set.of(),
					List.of(new Event(r.user(), r.item(), type, at, null))));
		}
		return new ReplayData("otto", items, steps, "next article new to the session");
	}

	private static final DateTimeFormatter OBD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

	/**
	 * Open Bandit (random/men, 10,000 logged impressions): each row is posted as an
	 * impression, and a click when clicked; users are their four hashed features (the
	 * logs have no user id); a click is scored (which item will this user click).
	 * Category: {@code item_feature_1} (hashed, first 8 characters).
	 */
	public static ReplayData openBandit(Path log) {
		Map<String, String> category = new HashMap<>();
		for (String[] row : csv(log.resolveSibling("item_context.csv"))) {
			category.put(row[1], "f1-" + row[3].substring(0, 8));
		}
		Map<String, Item> items = new LinkedHashMap<>();
		List<Step> steps = new ArrayList<>();
		for (String[] row : csv(log)) {
			String time = row[1].replace("+00:00", "");
			Instant at = LocalDateTime.parse(time, OBD_TIME).toInstant(ZoneOffset.UTC);
			String item = "obd" + row[2];
			String user = "x" + Integer.toHexString((row[6] + row[7] + row[8] + row[9]).hashCode());
			items.computeIfAbsent(item, (i) -> new Item(i, List.of(category.getOrDefault(row[2], "obd")), at));
			boolean click = row[4].equals("1");
			List<Event> events = new ArrayList<>();
			events.add(new Event(user, item, EventType.IMPRESSION, at, null));
			if (click) {
				events.add(new Event(user, item, EventType.CLICK, at.plusMillis(1), null));
			}
			steps.add(new Step(user, at, click ? Set.of(item) : Set.of(), events));
		}
		return new ReplayData("open-bandit", items, steps, "which item a user clicks (logged clicks)");
	}

	static List<String[]> csv(Path file) {
		List<String> lines = lines(file);
		List<String[]> rows = new ArrayList<>(lines.size());
		for (int i = 1; i < lines.size(); i++) {
			if (!lines.get(i).isEmpty()) {
				rows.add(splitCsv(lines.get(i)));
			}
		}
		return rows;
	}

	/** Splits one line as the bulk import does. */
	static String[] splitCsv(String line) {
		return BulkImport.Csv.split(line).toArray(String[]::new);
	}

	private static List<String> lines(Path file) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
						: Files.newInputStream(file), StandardCharsets.UTF_8))) {
			return reader.lines().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
