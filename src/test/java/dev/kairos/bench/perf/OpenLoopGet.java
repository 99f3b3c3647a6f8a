package dev.kairos.bench.perf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * {@code GET /recommendations} at a fixed offered rate, open loop ({@link LoadRun}: each
 * request sent at its scheduled time whatever the answers before it, its latency counted
 * from that time, so a stall is charged to every request queued behind it; HdrHistogram
 * percentiles), for {@code bench/serve-wrk.sh}: wrk paces with a per-connection delay, a
 * closed loop that slows down with the server and hides its queue. Users are drawn
 * uniformly from {@code u0 … u(users − 1)}. Prints one line per rate. Run:
 *
 * <pre>
 * java -cp target/test-classes:HdrHistogram.jar dev.kairos.bench.perf.OpenLoopGet \
 *   http://127.0.0.1:19280 500,1000 20 5000
 * </pre>
 *
 * Arguments: the API's base URL, the rates (requests a second, comma-separated), the
 * seconds per rate, the number of users.
 */
public final class OpenLoopGet {

	private OpenLoopGet() {
	}

	public static void main(String[] args) {
		String base = args[0];
		String[] rates = args[1].split(",");
		Duration phase = Duration.ofSeconds(Long.parseLong(args[2]));
		int users = Integer.parseInt(args[3]);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		SplittableRandom random = new SplittableRandom(42);
		for (String r : rates) {
			double rate = Double.parseDouble(r);
			LoadRun.Result result = LoadRun.openLoop(rate, phase, 512, Duration.ofSeconds(5), (index) -> {
				int user;
				synchronized (random) {
					user = random.nextInt(users);
				}
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(base + "/recommendations?userId=u" + user + "&count=10"))
					.timeout(Duration.ofSeconds(10))
					.build();
				return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
					.thenApply((response) -> response.statusCode() == 200);
			});
			Latencies.Summary l = result.latency();
			System.out.printf(
					"open loop %.0f/s for %ds: achieved %.1f/s, %d ok, %d failed, %d unsent; latency from the scheduled "
							+ "start p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms; load %.2f%n",
					rate, phase.toSeconds(), result.achievedPerSecond(), result.ok(), result.failed(), result.unsent(),
					l.p50(), l.p90(), l.p99(), l.max(), result.loadAverage());
		}
	}

}
