package dev.kairos.bench.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result of a run: machine, versions and settings, every figure as JSON, tables of
 * measurements, and the comparison with the targets in docs/targets.md, rendered as
 * Markdown.
 */
final class PerfReport {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/** How a figure compares with its target. */
	enum Verdict {

		MET("met"), MISSED("**missed**"), NOT_MEASURED("not measured");

		private final String label;

		Verdict(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/** A target: a figure must be at most (or at least) a limit. */
	record Target(String text, double limit, boolean atMost) {

		static Target atMost(String text, double limit) {
			return new Target(text, limit, true);
		}

		static Target atLeast(String text, double limit) {
			return new Target(text, limit, false);
		}

		Verdict judge(double value) {
			if (Double.isNaN(value)) {
				return Verdict.NOT_MEASURED;
			}
			boolean met = this.atMost ? value <= this.limit : value >= this.limit;
			return met ? Verdict.MET : Verdict.MISSED;
		}

	}

	/** One row of the targets table. */
	record Comparison(String what, String measured, String target, Verdict verdict) {
	}

	/** A table of measurements. */
	record Table(String title, List<String> columns, List<List<String>> rows, String note) {
	}

	private final Map<String, Object> header = new LinkedHashMap<>();

	private final Map<String, Object> data = new LinkedHashMap<>();

	private final List<Comparison> comparisons = new ArrayList<>();

	private final List<Table> tables = new ArrayList<>();

	/** Machine, versions, settings: shown above the tables. */
	void header(String name, Map<String, Object> values) {
		this.header.put(name, values);
	}

	/** Raw figures, kept in the JSON only. */
	void data(String name, Object value) {
		this.data.put(name, value);
	}

	Verdict compare(String what, double value, String measured, Target target) {
		Verdict verdict = target.judge(value);
		this.comparisons.add(new Comparison(what, measured, target.text(), verdict));
		return verdict;
	}

	/** A comparison decided elsewhere (a target with more than one condition). */
	void compare(String what, String measured, String target, Verdict verdict) {
		this.comparisons.add(new Comparison(what, measured, target, verdict));
	}

	void table(String title, List<String> columns, List<List<String>> rows, String note) {
		this.tables.add(new Table(title, columns, rows, note));
	}

	List<Comparison> comparisons() {
		return this.comparisons;
	}

	String json() {
		Map<String, Object> root = new LinkedHashMap<>(this.header);
		List<Map<String, Object>> targets = new ArrayList<>();
		for (Comparison c : this.comparisons) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("what", c.what());
			row.put("measured", c.measured());
			row.put("target", c.target());
			row.put("verdict", c.verdict().name().toLowerCase(Locale.ROOT));
			targets.add(row);
		}
		root.put("targets", targets);
		root.put("figures", this.data);
		return JSON.writeValueAsString(finite(root));
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		this.header.forEach((name, values) -> {
			md.append("**").append(name).append("**: ");
			if (values instanceof Map<?, ?> map) {
				List<String> parts = new ArrayList<>();
				map.forEach((k, v) -> parts.add(k + " " + v));
				md.append(String.join("; ", parts));
			}
			else {
				md.append(values);
			}
			md.append("\n\n");
		});
		md.append("### Against the targets (docs/targets.md)\n\n");
		appendTable(md, List.of("what", "measured", "target", "verdict"),
				this.comparisons.stream()
					.map((c) -> List.of(c.what(), c.measured(), c.target(), c.verdict().label()))
					.toList());
		for (Table table : this.tables) {
			md.append("\n### ").append(table.title()).append("\n\n");
			appendTable(md, table.columns(), table.rows());
			if (table.note() != null && !table.note().isBlank()) {
				md.append('\n').append(table.note()).append('\n');
			}
		}
		return md.toString();
	}

	private static void appendTable(StringBuilder md, List<String> columns, List<List<String>> rows) {
		md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
		for (int i = 0; i < columns.size(); i++) {
			md.append((i == 0) ? "---|" : "---:|");
		}
		md.append('\n');
		for (List<String> row : rows) {
			md.append("| ").append(String.join(" | ", row.stream().map(PerfReport::cell).toList())).append(" |\n");
		}
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

	/** JSON has no NaN or infinity: they become null. */
	@SuppressWarnings("unchecked")
	static Object finite(Object value) {
		if (value instanceof Double d) {
			return (d.isNaN() || d.isInfinite()) ? null : d;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			((Map<String, Object>) map).forEach((k, v) -> copy.put(k, finite(v)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(PerfReport::finite).toList();
		}
		return value;
	}

	/**
	 * A number for a person: three significant figures at most, thousands separated,
	 * {@code –} for NaN.
	 */
	static String number(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
