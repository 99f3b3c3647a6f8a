package dev.kairos.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

import dev.kairos.Http;
import dev.kairos.bench.sim.SimulatedTraffic;
import org.junit.jupiter.api.Test;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium against a real Kairos (embedded Kafka and
 * Redis) fed by the simulator's world: the overview fills with live figures, a user's
 * Interest Clock heatmap and explained recommendations show, the time-of-day slider
 * re-asks the recommendations, an item opens, and the browser logs no error. Screenshots
 * at desktop and phone size go to {@code target/dashboard-screenshots/}; the ones
 * docs/dashboard.md shows are copied to {@code docs/screenshots/}. Last, with a stand-in
 * for API keys, the page asks for a key and polls with it.
 *
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs
 * them); skipped where they are absent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=2s",
				// the SLO buckets the ops work configures, for the latency quantiles
				"management.metrics.distribution.slo.http.server.requests=5ms,10ms,25ms,50ms,100ms,250ms,500ms" })
class DashboardBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

	private static final Path DOCS = Path.of("docs", "screenshots");

	@LocalServerPort
	private int port;

	@Test
	void theDashboardShowsTheServiceAUserAndAnItem() throws Exception {
		assumeThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("Debian's chromium and chromium-driver are installed")
			.isTrue();
		Http http = new Http(this.port);
		SimulatedTraffic traffic = new SimulatedTraffic(http, "dash-", 7, 300, 30, 120, 6);
		traffic.registerItems();
		SimulatedTraffic.Result result = traffic.run();
		assertThat(result.clicks()).isPositive();
		String user = result.busiestUser();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(http.get("/users/" + user + "/clock").json().get("categories").size())
				.isPositive());

		Files.createDirectories(SHOTS);
		ChromeDriver driver = browser();
		// traffic goes on while the page polls, so that rates and the item's counts move
		AtomicBoolean browsing = new AtomicBoolean(true);
		CompletableFuture<Integer> more = CompletableFuture.supplyAsync(() -> {
			int requests = 0;
			for (long seed = 8; browsing.get(); seed++) {
				requests += new SimulatedTraffic(http, "dash-", seed, 10, 30, 120, 6).pacedBy(Duration.ofMillis(100))
					.run()
					.requests();
			}
			return requests;
		});
		try {
			WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
			driver.get("http://localhost:" + this.port + "/dashboard?refresh=1000");

			// the overview: figures arrive, and rates once two polls exist
			wait.until((d) -> polls(d) >= 4);
			assertThat(text(driver, "t-model")).matches("\\d[\\d,]*.*");
			wait.until((d) -> text(d, "t-requests").matches("[\\d.,]+") && !text(d, "t-requests").equals("0"));
			wait.until((d) -> text(d, "t-p99").endsWith("ms"));
			wait.until((d) -> !d.findElements(By.cssSelector("#c-ctr .uplot")).isEmpty());
			// some history in the charts
			wait.until((d) -> polls(d) >= 10);
			screenshot(driver, "overview-desktop", 1400);

			// a user: heatmap, explained recommendations, the slider re-asks with at
			driver.findElement(By.cssSelector("a[data-tab=user]")).click();
			WebElement input = driver.findElement(By.id("user-id"));
			input.sendKeys(user, Keys.ENTER);
			wait.until((d) -> !d.findElements(By.cssSelector("#heatmap tbody tr")).isEmpty()
					&& !d.findElements(By.cssSelector("#recommendations li")).isEmpty());
			assertThat(driver.findElements(By.cssSelector("#heatmap tbody tr:first-child td"))).hasSize(24);
			assertThat(driver.findElements(By.cssSelector("#recommendations li .bar.clock"))).isNotEmpty();
			WebElement recommendations = driver.findElement(By.id("recommendations"));
			String atBefore = recommendations.getDomAttribute("data-at");
			int askedBefore = Integer.parseInt(recommendations.getDomAttribute("data-asked"));
			WebElement slider = driver.findElement(By.id("hour"));
			int hourBefore = Integer.parseInt(slider.getDomProperty("value"));
			Keys direction = (hourBefore < 12) ? Keys.ARROW_RIGHT : Keys.ARROW_LEFT;
			for (int i = 0; i < 8; i++) {
				slider.sendKeys(direction);
			}
			int hourAfter = Integer.parseInt(slider.getDomProperty("value"));
			assertThat(Math.abs(hourAfter - hourBefore)).isEqualTo(8);
			String hourAt = String.format("T%02d:00", hourAfter);
			wait.until((d) -> d.findElement(By.id("recommendations")).getDomAttribute("data-at").contains(hourAt));
			recommendations = driver.findElement(By.id("recommendations"));
			assertThat(recommendations.getDomAttribute("data-at")).isNotEqualTo(atBefore);
			assertThat(Integer.parseInt(recommendations.getDomAttribute("data-asked"))).isGreaterThan(askedBefore);
			assertThat(driver.findElements(By.cssSelector("#recommendations li"))).isNotEmpty();
			assertThat(driver.findElements(By.cssSelector("#heatmap td.now"))).isNotEmpty();
			screenshot(driver, "user-desktop", 1400);
			screenshot(driver, "user-phone", 390);

			// an item, opened from a recommendation
			String item = driver.findElement(By.cssSelector("#recommendations li")).getDomAttribute("data-item");
			driver.findElement(By.cssSelector("#recommendations li .who a")).click();
			wait.until((d) -> item.equals(d.findElement(By.id("item")).getDomAttribute("data-item")));
			wait.until((d) -> d.findElements(By.cssSelector("#item-clock > div")).size() == 24);
			assertThat(text(driver, "item-facts")).contains(item);
			JsonNode itemJson = http.get("/items/" + item).json();
			assertThat(text(driver, "item-category")).isEqualTo(itemJson.get("category").asString());
			int pollsNow = polls(driver);
			wait.until((d) -> polls(d) >= pollsNow + 4);
			screenshot(driver, "item-desktop", 1400);

			// the experiments
			driver.findElement(By.cssSelector("a[data-tab=experiments]")).click();
			wait.until((d) -> !d.findElements(By.cssSelector("#experiment-table .policy[data-policy=linucb] .point"))
				.isEmpty());
			screenshot(driver, "experiments-desktop", 1400);

			// the overview on a phone
			driver.findElement(By.cssSelector("a[data-tab=overview]")).click();
			screenshot(driver, "overview-phone", 390);

			assertThat(consoleErrors(driver)).as("browser console errors").isEmpty();
			assertThat(text(driver, "status")).startsWith("updated").endsWith("every 1 s");

			// with API keys on, the page asks for one and sends it from then on
			driver.manage().addCookie(new Cookie(KeyRequiredOnRequest.COOKIE, "1"));
			driver.navigate().refresh();
			wait.until((d) -> d.findElement(By.id("key-dialog")).getDomAttribute("open") != null);
			screenshot(driver, "api-key-phone", 390);
			driver.findElement(By.id("api-key")).sendKeys(KeyRequiredOnRequest.KEY, Keys.ENTER);
			wait.until((d) -> d.findElement(By.id("key-dialog")).getDomAttribute("open") == null);
			int pollsWithKey = polls(driver);
			wait.until((d) -> polls(d) >= pollsWithKey + 2);
			assertThat(text(driver, "status")).startsWith("updated");
			// the only errors are the answers 401 that made the page ask
			assertThat(consoleErrors(driver)).isNotEmpty().allMatch((message) -> message.contains("401"));
		}
		finally {
			browsing.set(false);
			driver.quit();
		}
		assertThat(more.get()).isPositive();
		// the docs' screenshots are refreshed on request only
		// (-Dkairos.screenshots.update=true):
		// a test run must not rewrite tracked files
		if (Boolean.getBoolean("kairos.screenshots.update")) {
			for (String name : List.of("overview-desktop", "user-desktop", "user-phone", "item-desktop",
					"experiments-desktop", "overview-phone")) {
				Files.createDirectories(DOCS);
				Files.copy(SHOTS.resolve(name + ".png"), DOCS.resolve(name + ".png"),
						StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	@Test
	void clockEndpointsRefuseBadInputWithProblemDocuments() {
		Http http = new Http(this.port);
		Http.Answer badUser = http.get("/users/not%20valid/clock");
		assertThat(badUser.status()).isEqualTo(400);
		assertThat(badUser.contentType()).startsWith("application/problem+json");
		assertThat(badUser.json().get("type").asString()).isEqualTo("urn:kairos:problem:invalid-request");
		Http.Answer unknown = http.get("/users/nobody-ever/clock");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		// categories are free text; a control character is what makes one bad
		Http.Answer badCategory = http.get("/clock?category=a%07b");
		assertThat(badCategory.status()).isEqualTo(400);
		assertThat(badCategory.json().get("errors").get(0).get("field").asString()).isEqualTo("category");
		Http.Answer global = http.get("/clock");
		assertThat(global.status()).isEqualTo(200);
		assertThat(global.json().get("hours").size()).isEqualTo(24);
	}

	private static List<String> consoleErrors(ChromeDriver driver) {
		List<String> errors = new ArrayList<>();
		for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				errors.add(entry.getMessage());
			}
		}
		return errors;
	}

	/**
	 * A stand-in for the API-key filter (issue 5's work, not on this branch): requests of
	 * a browser that carries the cookie must send {@code X-API-Key: test-key}, except for
	 * the page and its assets, or get 401. Without the cookie the API is open.
	 */
	@TestConfiguration
	static class KeyRequiredOnRequest {

		static final String COOKIE = "kairos-test-key-required";

		static final String KEY = "test-key";

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> keyRequired() {
			OncePerRequestFilter filter = new OncePerRequestFilter() {
				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					String path = request.getRequestURI();
					boolean page = (path.startsWith("/dashboard") && !path.startsWith("/dashboard/api/"))
							|| path.startsWith("/webjars/");
					boolean asked = request.getCookies() != null
							&& Arrays.stream(request.getCookies()).anyMatch((c) -> c.getName().equals(COOKIE));
					if (asked && !page && !KEY.equals(request.getHeader("X-API-Key"))) {
						response.setStatus(401);
						response.setContentType("application/problem+json");
						response.getWriter().write("{\"status\":401,\"title\":\"Unauthorized\"}");
						return;
					}
					chain.doFilter(request, response);
				}
			};
			return new FilterRegistrationBean<>(filter);
		}

	}

	private static ChromeDriver browser() throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,1000",
				"--user-data-dir=" + Files.createTempDirectory("kairos-chromium"));
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String text(org.openqa.selenium.WebDriver driver, String id) {
		return driver.findElement(By.id(id)).getText().strip();
	}

	private static int polls(org.openqa.selenium.WebDriver driver) {
		String polls = driver.findElement(By.tagName("body")).getDomAttribute("data-polls");
		return (polls != null) ? Integer.parseInt(polls) : 0;
	}

	/**
	 * The whole page at a viewport width (390 is a phone), as one image: the viewport is
	 * stretched to the page's height.
	 */
	private static void screenshot(ChromeDriver driver, String name, int width) throws IOException {
		boolean phone = width < 600;
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", phone));
		waitForLayout(driver);
		long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", Math.min(height, 6000), "deviceScaleFactor", 1, "mobile", phone));
		waitForLayout(driver);
		Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
		driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
	}

	/** Lets resize observers redraw the charts at the new width. */
	private static void waitForLayout(ChromeDriver driver) {
		driver.executeAsyncScript(
				"const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));");
	}

}
