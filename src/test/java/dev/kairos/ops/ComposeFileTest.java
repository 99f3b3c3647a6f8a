package dev.kairos.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml wires what exists: Kafka in KRaft mode, Redis, Kairos in external
 * mode built by the Dockerfile (tagged like the Jib image), Prometheus scraping the
 * management port, Grafana with the repository's dashboard; every service has a health
 * check, and Kairos' health check is run here, under {@code /bin/sh}, against a server
 * that answers like the actuator. There is no Docker engine on the CI machine, so the
 * images themselves are not built here.
 */
class ComposeFileTest {

	private static Map<String, Map<String, Object>> services;

	private static Map<String, Object> application;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void load() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		services = (Map<String, Map<String, Object>>) compose.get("services");
		application = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
	}

	@SuppressWarnings("unchecked")
	private static <T> T at(Object node, String... keys) {
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return (T) node;
	}

	private static String env(String service, String name) {
		Object value = at(services.get(service), "environment", name);
		return (value != null) ? value.toString() : null;
	}

	/** The image name in the Jib configuration of pom.xml, with the project version. */
	static String jibImage() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		String version = ((Element) pom.getDocumentElement().getElementsByTagName("version").item(0)).getTextContent();
		// the project's own <version> is the first child <version> of <project> after
		// <parent>
		var children = pom.getDocumentElement().getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i) instanceof Element e && e.getTagName().equals("version")) {
				version = e.getTextContent();
			}
		}
		var plugins = pom.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			Element plugin = (Element) plugins.item(i);
			if (plugin.getElementsByTagName("artifactId").item(0).getTextContent().equals("jib-maven-plugin")) {
				Element to = (Element) plugin.getElementsByTagName("to").item(0);
				return to.getElementsByTagName("image")
					.item(0)
					.getTextContent()
					.trim()
					.replace("${project.version}", version);
			}
		}
		throw new AssertionError("no jib-maven-plugin in pom.xml");
	}

	@Test
	void everyServiceIsThereWithAHealthCheck() {
		assertThat(services).containsKeys("kafka", "redis", "kairos", "prometheus", "grafana");
		services.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
	}

	@Test
	void kafkaRunsInKraftModeAndAdvertisesWhatKairosUses() {
		Map<String, Object> kafka = services.get("kafka");
		assertThat(kafka.get("image").toString()).startsWith("apache/kafka:");
		assertThat(env("kafka", "KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
		assertThat(env("kafka", "KAFKA_CONTROLLER_QUORUM_VOTERS")).isNotBlank();
		assertThat(env("kafka", "KAFKA_ADVERTISED_LISTENERS"))
			.contains("://" + env("kairos", "SPRING_KAFKA_BOOTSTRAP_SERVERS"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void kairosRunsTheJibImageInExternalModeAgainstTheComposeServices() throws Exception {
		Map<String, Object> kairos = services.get("kairos");
		assertThat(kairos.get("image")).isEqualTo(jibImage());
		assertThat(env("kairos", "KAIROS_INFRASTRUCTURE")).isEqualTo("external");
		assertThat(env("kairos", "SPRING_KAFKA_BOOTSTRAP_SERVERS")).startsWith("kafka:");
		assertThat(env("kairos", "SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
		assertThat(env("kairos", "SPRING_DATA_REDIS_PORT")).isEqualTo("6379");
		int http = at(application, "server", "port");
		int management = at(application, "management", "server", "port");
		assertThat((List<Object>) kairos.get("ports")).contains(http + ":" + http, management + ":" + management);
		assertThat(at(kairos, "depends_on", "kafka", "condition").toString()).isEqualTo("service_healthy");
		assertThat(at(kairos, "depends_on", "redis", "condition").toString()).isEqualTo("service_healthy");
		assertThat(at(kairos, "healthcheck", "test").toString()).contains("/actuator/health/readiness")
			.contains(Integer.toString(management));
		// the Dockerfile twin builds the same kind of image
		String dockerfile = Files.readString(Path.of(kairos.get("build").toString(), "Dockerfile"));
		assertThat(dockerfile).contains("USER 10001").contains("KAIROS_INFRASTRUCTURE=external");
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusScrapesTheManagementPort() throws IOException {
		List<?> volumes = at(services.get("prometheus"), "volumes");
		String mount = volumes.get(0).toString();
		Path config = Path.of(mount.substring(0, mount.indexOf(':')));
		assertThat(config).exists();
		Map<String, Object> prometheus = new Yaml().load(Files.readString(config));
		Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		int management = at(application, "management", "server", "port");
		assertThat(job.get("static_configs").toString()).contains("kairos:" + management);
	}

	@Test
	@SuppressWarnings("unchecked")
	void grafanaProvisionsPrometheusAndTheRepositoryDashboard() throws IOException {
		List<?> volumes = at(services.get("grafana"), "volumes");
		String dashboardMount = volumes.stream()
			.map(Object::toString)
			.filter((v) -> v.contains(".json"))
			.findFirst()
			.orElseThrow();
		Path dashboard = Path.of(dashboardMount.substring(0, dashboardMount.indexOf(':')));
		assertThat(dashboard).isEqualTo(Path.of("./ops/grafana/kairos-dashboard.json"));
		JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dashboard));
		assertThat(json.get("uid").asString()).isEqualTo("kairos");
		assertThat(json.get("panels").size()).isGreaterThan(10);

		String provisioningMount = volumes.stream()
			.map(Object::toString)
			.filter((v) -> v.contains("provisioning"))
			.findFirst()
			.orElseThrow();
		Path provisioning = Path.of(provisioningMount.substring(0, provisioningMount.indexOf(':')));
		String datasources = Files.readString(provisioning.resolve("datasources/prometheus.yml"));
		assertThat(datasources).contains("url: http://prometheus:9090");
		String dashboards = Files.readString(provisioning.resolve("dashboards/kairos.yml"));
		String target = dashboardMount.split(":")[1];
		assertThat(target).startsWith(at(
				((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(dashboards).get("providers")).get(0),
				"options", "path")
			.toString());
	}

	/** The command of Kairos' CMD-SHELL health check. */
	private static String kairosHealthCommand() {
		List<?> test = at(services.get("kairos"), "healthcheck", "test");
		assertThat(test.get(0)).isEqualTo("CMD-SHELL");
		return test.get(1).toString();
	}

	/**
	 * Runs the command as Docker runs CMD-SHELL: {@code /bin/sh -c} (dash on Debian).
	 */
	private static int runUnderSh(String command) throws Exception {
		Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
		process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the health check ends").isTrue();
		return process.exitValue();
	}

	/** A server that answers {@code GET /actuator/health/readiness} like the actuator. */
	private static HttpServer actuator(int status, String body) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/actuator/health/readiness", (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		return server;
	}

	/** The health check's command pointed at another port on the loopback address. */
	private static String atPort(String command, int port) {
		int management = at(application, "management", "server", "port");
		String target = "127.0.0.1:" + management + "/actuator/health/readiness";
		assertThat(command).contains(target);
		return command.replace(target, "127.0.0.1:" + port + "/actuator/health/readiness");
	}

	@Test
	void kairosHealthCheckPassesUnderShOnlyWhileKairosIsReady() throws Exception {
		String command = kairosHealthCommand();
		assertThat(command).as("bash-only constructs fail under dash").doesNotContain("/dev/tcp").doesNotContain("[[");
		HttpServer up = actuator(200, "{\"status\":\"UP\"}");
		try {
			assertThat(runUnderSh(atPort(command, up.getAddress().getPort()))).as("UP").isZero();
		}
		finally {
			up.stop(0);
		}
		HttpServer down = actuator(503, "{\"status\":\"OUT_OF_SERVICE\"}");
		try {
			assertThat(runUnderSh(atPort(command, down.getAddress().getPort()))).as("OUT_OF_SERVICE").isNotZero();
		}
		finally {
			down.stop(0);
		}
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		assertThat(runUnderSh(atPort(command, closed))).as("nothing listening").isNotZero();
	}

	@Test
	void theImageBuildsFromSourcesAndHasTheHealthCheckTool() throws IOException {
		String dockerfile = Files.readString(Path.of(services.get("kairos").get("build").toString(), "Dockerfile"));
		List<String> stages = List.of(dockerfile.split("(?m)^FROM "));
		assertThat(stages).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(3);
		String build = stages.get(stages.size() - 2);
		String runtime = stages.get(stages.size() - 1);
		assertThat(build).contains("AS build").contains("mvnw").contains("package").contains("COPY src");
		assertThat(runtime).startsWith("eclipse-temurin:17-jre").contains("COPY --from=build");
		assertThat(runtime).contains("USER 10001").contains("KAIROS_INFRASTRUCTURE=external");
		String tool = kairosHealthCommand().strip().split("\\s+")[0];
		Matcher install = Pattern.compile("apt-get install[^&]*\\b" + Pattern.quote(tool) + "\\b").matcher(runtime);
		assertThat(install.find()).as("the runtime stage installs " + tool).isTrue();
		assertThat(services.get("kairos").get("pull_policy")).as("the image is the Dockerfile's").isEqualTo("build");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kafkaAndRedisKeepTheirDataInNamedVolumes() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
		List<String> kafka = at(services.get("kafka"), "volumes");
		List<String> redis = at(services.get("redis"), "volumes");
		assertThat(kafka).hasSize(1);
		assertThat(redis).hasSize(1);
		String[] kafkaMount = kafka.get(0).split(":");
		String[] redisMount = redis.get(0).split(":");
		assertThat(volumes).containsKeys(kafkaMount[0], redisMount[0]);
		assertThat(env("kafka", "KAFKA_LOG_DIRS")).isEqualTo(kafkaMount[1]);
		assertThat(env("kafka", "CLUSTER_ID")).as("storage is reused only under the same cluster id").hasSize(22);
		// the redis image's working directory, where --appendonly writes
		assertThat(redisMount[1]).isEqualTo("/data");
		assertThat((List<Object>) at(services.get("redis"), "command")).contains("--appendonly");
	}

}
