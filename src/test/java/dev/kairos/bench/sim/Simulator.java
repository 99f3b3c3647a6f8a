package dev.kairos.bench.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import dev.kairos.Http;
import tools.jackson.databind.JsonNode;

/**
 * Drives a running Kairos over HTTP with a {@link World} and reports how well it learns:
 * CTR per window against a random and an oracle slate of the same moment, normalized CTR
 * {@code (CTR − random) / (oracle − random)}, recovery after the drift, exposure of new
 * items, and request latency. CTRs are expected clicks per shown slot under the world's
 * known probabilities (clicks themselves are drawn and posted to Kairos, with an
 * impression event for every item shown, as a client SDK would).
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kairos.bench.sim.Simulator \
 *   -Dexec.args="--url http://localhost:8080 --requests 20000 --label linucb"
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kairos.bench.sim.Simulator \
 *   -Dexec.args="--compare target/sim/linucb.csv,target/sim/popularity.csv"
 * </pre>
 */
public final class Simulator {

	private Simulator() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		Path out = Path.of(options.getOrDefault("out", "target/sim"));
		Files.createDirectories(out);
		if (options.containsKey("compare")) {
			compare(options.get("compare").split(","), out);
			return;
		}
		int requests = Integer.parseInt(options.getOrDefault("requests", "20000"));
		int users = Integer.parseInt(options.getOrDefault("users", "500"));
		int items = Integer.parseInt(options.getOrDefault("items", "600"));
		int newItems = Integer.parseInt(options.getOrDefault("new-items", "60"));
		int categories = Integer.parseInt(options.getOrDefault("categories", "12"));
		long seed = Long.parseLong(options.getOrDefault("seed", "1"));
		int driftAt = Integer.parseInt(options.getOrDefault("drift-at", Integer.toString(requests * 3 / 5)));
		String label = options.getOrDefault("label", "kairos");
		String run = options.getOrDefault("run", Long.toString(System.currentTimeMillis() % 100000));
		Http http = new Http(
				Integer.parseInt(options.getOrDefault("url", "http://localhost:8080").replaceAll(".*:", "")));

		double skew = Double.parseDouble(options.getOrDefault("skew", "0"));
		World world = new World(seed, categories, items, newItems, users, requests, driftAt, 0.3, skew);
		Instant start = LocalDate.now(ZoneOffset.UTC)
			.atStartOfDay(ZoneOffset.UTC)
			.toInstant()
			.minus(10, ChronoUnit.DAYS);
		long stepMillis = 10L * 24 * 3_600_000 / requests;
		String prefix = run + "-";
		// the initial catalogue, created a month before the simulation starts
		for (int i = 0; i < world.itemCount(); i++) {
			if (world.arrival[i] == 0) {
				register(http, prefix, world, i, start.minus(30, ChronoUnit.DAYS));
			}
		}

		int windows = 20;
		int perWindow = Math.max(1, requests / windows);
		double[] kairos = new double[windows];
		double[] random = new double[windows];
		double[] oracle = new double[windows];
		int[] count = new int[windows];
		double[] latency = new double[requests];
		Map<Integer, Integer> newItemImpressions = new HashMap<>();
		// over the last fifth, at hours when the user has a favourite category and at the
		// others: expected clicks of Kairos, random and oracle, and slots of the
		// favourite
		Diagnosis diagnosis = new Diagnosis();
		SplittableRandom draw = new SplittableRandom(seed + 1);
		List<Integer> active = world.activeAt(0);
		for (int r = 0; r < requests; r++) {
			Instant at = start.plusMillis(r * stepMillis);
			double hour = (at.toEpochMilli() % 86_400_000L) / 3_600_000.0;
			for (int i = 0; i < world.itemCount(); i++) {
				if (world.arrival[i] == r && r > 0) {
					register(http, prefix, world, i, at);
					active = world.activeAt(r);
				}
			}
			int user = draw.nextInt(users);
			long t0 = System.nanoTime();
			String query = "/recommendations?userId=" + prefix + World.userId(user) + "&count=" + World.SLOTS + "&at="
					+ at;
			Http.Answer answer = withRetries(() -> http.get(query));
			latency[r] = (System.nanoTime() - t0) / 1e6;
			if (answer.status() != 200) {
				throw new IllegalStateException(
						"GET /recommendations answered " + answer.status() + ": " + answer.body());
			}
			JsonNode body = answer.json();
			String recommendationId = body.get("recommendationId").asString();
			double expected = 0;
			List<String> events = new ArrayList<>();
			List<Integer> clicked = new ArrayList<>();
			JsonNode shown = body.get("items");
			int favourite = world.favouriteAt(user, hour, r);
			boolean diagnosed = r >= requests - requests / 5;
			for (int p = 0; p < shown.size(); p++) {
				int item = World.itemIndex(shown.get(p).get("itemId").asString().substring(prefix.length()));
				if (diagnosed && favourite >= 0 && world.itemCategory[item].equals("cat" + favourite)) {
					diagnosis.favouriteSlots++;
				}
				double probability = world.attraction(user, item, hour, r) * World.positionBias(p);
				expected += probability;
				if (world.arrival[item] > 0 && r - world.arrival[item] < 1000) {
					newItemImpressions.merge(item, 1, Integer::sum);
				}
				// like a client SDK: every item shown is an impression, every click a
				// click
				String event = "{\"userId\":\"" + prefix + World.userId(user) + "\",\"itemId\":\"" + prefix
						+ World.itemId(item) + "\",\"recommendationId\":\"" + recommendationId + "\",\"timestamp\":\""
						+ at + "\",\"type\":";
				events.add(event + "\"impression\"}");
				if (draw.nextDouble() < probability) {
					events.add(event + "\"click\"}");
					clicked.add(item);
				}
			}
			if (!events.isEmpty()) {
				String batch = "[" + String.join(",", events) + "]";
				Http.Answer posted = withRetries(() -> http.post("/events", batch));
				if (posted.status() != 202) {
					throw new IllegalStateException("POST /events answered " + posted.status() + ": " + posted.body());
				}
			}
			int w = Math.min(windows - 1, r / perWindow);
			double randomCtr = world.randomCtr(user, hour, r, active);
			double oracleCtr = world.oracleCtr(user, hour, r, active);
			kairos[w] += expected / World.SLOTS;
			random[w] += randomCtr;
			oracle[w] += oracleCtr;
			if (diagnosed) {
				diagnosis.add(favourite >= 0, expected / World.SLOTS, randomCtr, oracleCtr);
				if (favourite >= 0) {
					diagnosis.oracleFavouriteSlots += world.oracleSlotsOf(favourite, user, hour, r, active);
				}
			}
			// what the user clicked is consumed from now on
			clicked.forEach((item) -> world.consume(user, item));
			count[w]++;
			if (r % 100 == 0 || r == requests - 1) {
				System.err.printf("\r[%-40s] %d/%d", "#".repeat((int) (40L * (r + 1) / requests)), r + 1, requests);
			}
		}
		System.err.println();

		StringBuilder csv = new StringBuilder(
				"window,first_request,requests,kairos_ctr,random_ctr,oracle_ctr,normalized\n");
		double[] normalized = new double[windows];
		System.out.printf("%n%s: %d requests, %d users, %d+%d items, %d categories, drift at request %d%n%n", label,
				requests, users, items, newItems, categories, driftAt);
		System.out.println("| window | requests | Kairos CTR | random CTR | oracle CTR | normalized |");
		System.out.println("|---:|---:|---:|---:|---:|---:|");
		for (int w = 0; w < windows; w++) {
			double k = kairos[w] / count[w];
			double rnd = random[w] / count[w];
			double orc = oracle[w] / count[w];
			normalized[w] = (k - rnd) / (orc - rnd);
			System.out.printf(Locale.ROOT, "| %d | %d–%d | %.4f | %.4f | %.4f | %.3f |%n", w + 1, w * perWindow + 1,
					w * perWindow + count[w], k, rnd, orc, normalized[w]);
			csv.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.6f%n", w + 1, w * perWindow + 1, count[w],
					k, rnd, orc, normalized[w]));
		}
		int lastFifth = windows / 5;
		double tail = 0;
		for (int w = windows - lastFifth; w < windows; w++) {
			tail += normalized[w];
		}
		tail /= lastFifth;
		Recovery recovery = Recovery.of(normalized, perWindow, driftAt);
		long newShown = newItemImpressions.size();
		System.out.println();
		System.out.println(diagnosis);
		double[] sorted = latency.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "%nnormalized CTR over the last fifth: %.3f%n", tail);
		System.out.println(recovery);
		System.out.printf("new items shown within their first 1,000 requests: %d of %d%n", newShown, newItems);
		System.out.printf(Locale.ROOT, "GET /recommendations latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length - 1]);
		Files.writeString(out.resolve(label + ".csv"), csv);
		plot(out.resolve(label + ".png"), Map.of(label, normalizedSeries(csv.toString())), "normalized CTR: " + label);
		System.out.println("wrote " + out.resolve(label + ".csv") + " and " + out.resolve(label + ".png"));
	}

	/**
	 * Retries a call answered 503 (Kairos said: try again later) a few times before
	 * giving up.
	 */
	private static Http.Answer withRetries(java.util.function.Supplier<Http.Answer> call) {
		Http.Answer answer = call.get();
		for (int attempt = 1; attempt <= 8 && answer.status() == 503; attempt++) {
			try {
				Thread.sleep(Math.min(5_000L, 200L << attempt));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return answer;
			}
			answer = call.get();
		}
		return answer;
	}

	private static void register(Http http, String prefix, World world, int item, Instant createdAt) {
		Http.Answer answer = http.put("/items/" + prefix + World.itemId(item),
				"{\"category\":\"" + world.itemCategory[item] + "\",\"createdAt\":\"" + createdAt + "\"}");
		if (answer.status() != 200 && answer.status() != 201) {
			throw new IllegalStateException("PUT /items answered " + answer.status() + ": " + answer.body());
		}
	}

	private static double[] normalizedSeries(String csv) {
		String[] lines = csv.strip().split("\n");
		double[] series = new double[lines.length - 1];
		for (int i = 1; i < lines.length; i++) {
			String[] cells = lines[i].split(",");
			series[i - 1] = Double.parseDouble(cells[6]);
		}
		return series;
	}

	private static void compare(String[] files, Path out) throws IOException {
		Map<String, double[]> series = new LinkedHashMap<>();
		for (String file : files) {
			Path path = Path.of(file.strip());
			String label = path.getFileName().toString().replace(".csv", "");
			series.put(label, normalizedSeries(Files.readString(path)));
		}
		StringBuilder header = new StringBuilder("| window |");
		StringBuilder rule = new StringBuilder("|---:|");
		series.keySet().forEach((label) -> {
			header.append(' ').append(label).append(" |");
			rule.append("---:|");
		});
		System.out.println(header);
		System.out.println(rule);
		int windows = series.values().iterator().next().length;
		for (int w = 0; w < windows; w++) {
			StringBuilder row = new StringBuilder("| " + (w + 1) + " |");
			for (double[] s : series.values()) {
				row.append(String.format(Locale.ROOT, " %.3f |", (w < s.length) ? s[w] : Double.NaN));
			}
			System.out.println(row);
		}
		StringBuilder tail = new StringBuilder("| last fifth |");
		for (double[] s : series.values()) {
			double sum = 0;
			for (int w = s.length - s.length / 5; w < s.length; w++) {
				sum += s[w];
			}
			tail.append(String.format(Locale.ROOT, " **%.3f** |", sum / (s.length / 5)));
		}
		System.out.println(tail);
		plot(out.resolve("compare.png"), series, "normalized CTR by window");
		System.out.println("wrote " + out.resolve("compare.png"));
	}

	/** A line chart of normalized CTR per window (0 = random, 1 = oracle). */
	public static void plot(Path file, Map<String, double[]> series, String title) throws IOException {
		int width = 900;
		int height = 500;
		int left = 60;
		int right = 200;
		int top = 40;
		int bottom = 50;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.BLACK);
		g.drawString(title, left, 25);
		int plotWidth = width - left - right;
		int plotHeight = height - top - bottom;
		double min = -0.2;
		double max = 1.0;
		g.setColor(Color.LIGHT_GRAY);
		for (double y = -0.2; y <= 1.0001; y += 0.2) {
			int py = top + (int) ((max - y) / (max - min) * plotHeight);
			g.drawLine(left, py, left + plotWidth, py);
			g.setColor(Color.DARK_GRAY);
			g.drawString(String.format(Locale.ROOT, "%.1f", y), 20, py + 4);
			g.setColor(Color.LIGHT_GRAY);
		}
		g.setColor(Color.BLACK);
		g.drawString("window (requests, in order)", left + plotWidth / 2 - 80, height - 15);
		Color[] palette = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
				new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
				new Color(0x17becf), new Color(0x000000), new Color(0xaec7e8) };
		int index = 0;
		g.setStroke(new BasicStroke(2f));
		for (Map.Entry<String, double[]> entry : series.entrySet()) {
			double[] s = entry.getValue();
			g.setColor(palette[index % palette.length]);
			for (int w = 1; w < s.length; w++) {
				int x1 = left + (int) ((w - 1) / (double) Math.max(1, s.length - 1) * plotWidth);
				int x2 = left + (int) (w / (double) Math.max(1, s.length - 1) * plotWidth);
				int y1 = top + (int) ((max - Math.max(min, Math.min(max, s[w - 1]))) / (max - min) * plotHeight);
				int y2 = top + (int) ((max - Math.max(min, Math.min(max, s[w]))) / (max - min) * plotHeight);
				g.drawLine(x1, y1, x2, y2);
			}
			g.drawString(entry.getKey(), left + plotWidth + 15, top + 20 + 20 * index);
			index++;
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				String key = args[i].substring(2);
				String value = (i + 1 < args.length && !args[i + 1].startsWith("--")) ? args[++i] : "true";
				options.put(key, value);
			}
		}
		return options;
	}

	/**
	 * Where the last fifth's clicks are won or lost: normalized CTR at the hours when the
	 * user has a favourite category (around 09:00 and 20:00) and at the others, and how
	 * many slots of the favourite Kairos and the oracle show then.
	 */
	static final class Diagnosis {

		final double[] favouriteHours = new double[4];

		final double[] otherHours = new double[4];

		long favouriteSlots;

		long oracleFavouriteSlots;

		void add(boolean hasFavourite, double kairos, double random, double oracle) {
			double[] sums = hasFavourite ? this.favouriteHours : this.otherHours;
			sums[0] += kairos;
			sums[1] += random;
			sums[2] += oracle;
			sums[3]++;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"last fifth, hours with a favourite category: %d requests, normalized CTR %.3f, slots of the"
							+ " favourite %.2f per slate (oracle %.2f); other hours: %d requests, normalized CTR %.3f",
					(long) this.favouriteHours[3], normalized(this.favouriteHours),
					this.favouriteSlots / Math.max(1, this.favouriteHours[3]),
					this.oracleFavouriteSlots / Math.max(1, this.favouriteHours[3]), (long) this.otherHours[3],
					normalized(this.otherHours));
		}

		private static double normalized(double[] sums) {
			return (sums[0] - sums[1]) / (sums[2] - sums[1]);
		}

	}

	/**
	 * How the normalized CTR came back after the drift: its mean over the two windows
	 * before, and how many requests after the drift the first window that reached 80% of
	 * it ended ({@code null}: none did).
	 */
	record Recovery(double before, Integer within) {

		static Recovery of(double[] normalized, int perWindow, int driftAt) {
			int driftWindow = driftAt / perWindow;
			double before = 0;
			for (int w = Math.max(0, driftWindow - 2); w < driftWindow; w++) {
				before += normalized[w] / Math.min(2, driftWindow);
			}
			for (int w = driftWindow; w < normalized.length; w++) {
				if (normalized[w] >= 0.8 * before) {
					return new Recovery(before, (w + 1) * perWindow - driftAt);
				}
			}
			return new Recovery(before, null);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "before the drift (2 windows): %.3f; regained 80%% of it %s", this.before,
					(this.within == null) ? "not within the run"
							: "within " + this.within + " requests after the drift");
		}

	}

}
