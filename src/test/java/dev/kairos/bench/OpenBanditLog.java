package dev.kairos.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.eval.LoggedEvent;

/**
 * Reads an Open Bandit Dataset log ({@code men.csv}, {@code women.csv}) and its
 * {@code item_context.csv} into {@link LoggedEvent}s, one per row, in file (time) order.
 *
 * <p>
 * Every row becomes one round whose candidates are all items of the campaign, each with
 * the vector of {@link OpenBanditFeatures}; the logged action is {@code item_id}, the
 * reward {@code click}, the propensity {@code propensity_score}, and the slot
 * {@code position} is part of the shared context. Rows of one impression (its three
 * slots) are not grouped: the dataset has no impression id, and its propensities are per
 * slot.
 *
 * <p>
 * Format: Saito et al., "Open Bandit Dataset and Pipeline", arXiv:2008.07146, Appendix;
 * see {@code data/open-bandit/README.md}.
 */
final class OpenBanditLog {

	private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
		.appendPattern("yyyy-MM-dd HH:mm:ss")
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.optionalEnd()
		.appendOffset("+HH:MM", "Z")
		.toFormatter();

	private OpenBanditLog() {
	}

	/** Reads {@code log} with the item context in {@code itemContext}. */
	static List<LoggedEvent> read(Path log, Path itemContext) throws IOException {
		Map<Integer, double[]> items = readItems(itemContext);
		List<String> ids = items.keySet().stream().map(String::valueOf).toList();
		List<LoggedEvent> events = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
			List<String> header = Arrays.asList(reader.readLine().split(",", -1));
			int timestamp = column(header, "timestamp");
			int itemId = column(header, "item_id");
			int position = column(header, "position");
			int click = column(header, "click");
			int propensity = column(header, "propensity_score");
			int[] user = { column(header, "user_feature_0"), column(header, "user_feature_1"),
					column(header, "user_feature_2"), column(header, "user_feature_3") };
			int affinity = column(header, "user-item_affinity_0");
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty()) {
					continue;
				}
				String[] cells = line.split(",", -1);
				String[] userFeatures = new String[user.length];
				for (int j = 0; j < user.length; j++) {
					userFeatures[j] = cells[user[j]];
				}
				int slot = Integer.parseInt(cells[position]);
				double[] shared = OpenBanditFeatures.shared(userFeatures, slot);
				List<Arm> candidates = new ArrayList<>(items.size());
				int k = 0;
				for (Map.Entry<Integer, double[]> item : items.entrySet()) {
					double itemAffinity = Double.parseDouble(cells[affinity + item.getKey()]);
					candidates.add(
							new Arm(ids.get(k++), OpenBanditFeatures.candidate(shared, item.getValue(), itemAffinity)));
				}
				events.add(new LoggedEvent(shared, candidates, cells[itemId].trim(), Double.parseDouble(cells[click]),
						Double.parseDouble(cells[propensity]), parseTimestamp(cells[timestamp]), slot));
			}
		}
		return events;
	}

	static Instant parseTimestamp(String text) {
		return OffsetDateTime.parse(text.trim(), TIMESTAMP).toInstant();
	}

	/** item id to its item part of the feature vector, by ascending id. */
	private static Map<Integer, double[]> readItems(Path itemContext) throws IOException {
		Map<Integer, double[]> items = new TreeMap<>();
		try (BufferedReader reader = Files.newBufferedReader(itemContext, StandardCharsets.UTF_8)) {
			List<String> header = Arrays.asList(reader.readLine().split(",", -1));
			int itemId = column(header, "item_id");
			int numeric = column(header, "item_feature_0");
			int[] categorical = { column(header, "item_feature_1"), column(header, "item_feature_2"),
					column(header, "item_feature_3") };
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty()) {
					continue;
				}
				String[] cells = line.split(",", -1);
				String[] values = new String[categorical.length];
				for (int j = 0; j < categorical.length; j++) {
					values[j] = cells[categorical[j]];
				}
				items.put(Integer.parseInt(cells[itemId].trim()),
						OpenBanditFeatures.item(Double.parseDouble(cells[numeric]), values));
			}
		}
		return items;
	}

	private static int column(List<String> header, String name) {
		int index = header.indexOf(name);
		if (index < 0) {
			throw new IllegalArgumentException("no column " + name + " in " + header);
		}
		return index;
	}

}
