package dev.kairos.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.api.ApiConfiguration;
import dev.kairos.config.KairosProperties;
import dev.kairos.metrics.KairosMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StandardServletEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's API keys reach the service: the chart is rendered with keys, the api pod's
 * environment is resolved as Kubernetes would (plain values, and {@code secretKeyRef}s
 * read from the rendered Secret) and its ConfigMap is laid where the pod mounts it; then
 * the service's HTTP layer ({@link ApiConfiguration}, with {@link KairosProperties} bound
 * by Spring Boot from exactly that environment) starts on it, and a request without a key
 * is refused. An endpoint stands in for the controllers behind the filter, so the test
 * needs no Kafka or Redis.
 */
class HelmApiKeyTest {

	private static final String WRITE = "kw-chart-5d1e";

	private static final String SHORTHAND = "kw-chart-apikey-77";

	private static final String READ = "kr-chart-9a0b";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aChartRenderedWithKeysLocksWritesAdminAndReads(@TempDir Path dir) throws Exception {
		Path values = dir.resolve("values.yaml");
		Files.writeString(values, """
				apiKey: %s
				security:
				  writeKeys: [%s]
				  readKeys: [%s]
				  rateLimit: 50
				  burst: 20
				""".formatted(SHORTHAND, WRITE, READ));
		try (ConfigurableApplicationContext context = startOnRenderedPod(values, dir)) {
			KairosProperties.Security security = context.getBean(KairosProperties.class).security();
			assertThat(security.writeKeys()).containsExactlyInAnyOrder(WRITE, SHORTHAND);
			assertThat(security.readKeys()).containsExactly(READ);
			assertThat(security.rateLimit()).isEqualTo(50);
			assertThat(security.burst()).isEqualTo(20);
			assertThat(security.recommendationsOpen()).isFalse();
			int port = port(context);

			assertThat(post(port, "/admin/model/rollback", null)).isEqualTo(401);
			assertThat(post(port, "/events", null)).isEqualTo(401);
			assertThat(get(port, "/recommendations?userId=u1", null)).isEqualTo(401);
			assertThat(post(port, "/admin/model/rollback", READ)).isEqualTo(403);
			assertThat(post(port, "/admin/model/rollback", "not-a-key")).isEqualTo(403);
			assertThat(post(port, "/admin/model/rollback", WRITE)).isEqualTo(200);
			assertThat(post(port, "/admin/model/rollback", SHORTHAND)).isEqualTo(200);
			assertThat(get(port, "/recommendations?userId=u1", READ)).isEqualTo(200);
		}
	}

	@Test
	void openRecommendationsStayOpenWhileAdminNeedsTheKey(@TempDir Path dir) throws Exception {
		Path values = dir.resolve("values.yaml");
		Files.writeString(values, """
				apiKey: %s
				security:
				  readKeys: [%s]
				  recommendationsOpen: true
				""".formatted(SHORTHAND, READ));
		try (ConfigurableApplicationContext context = startOnRenderedPod(values, dir)) {
			int port = port(context);
			assertThat(get(port, "/recommendations?userId=u1", null)).isEqualTo(200);
			assertThat(post(port, "/admin/model/rollback", null)).isEqualTo(401);
			assertThat(post(port, "/admin/model/rollback", SHORTHAND)).isEqualTo(200);
		}
	}

	@Test
	void withoutKeysTheApiIsOpen(@TempDir Path dir) throws Exception {
		try (ConfigurableApplicationContext context = startOnRenderedPod(null, dir)) {
			assertThat(context.getBean(KairosProperties.class).security().writeKeys()).isEmpty();
			assertThat(post(port(context), "/admin/model/rollback", null)).isEqualTo(200);
		}
	}

	/** The api pod of the rendered chart, started as far as the HTTP layer. */
	private static ConfigurableApplicationContext startOnRenderedPod(Path valuesFile, Path dir) throws IOException {
		List<HasMetadata> objects = HelmChartTest.render(valuesFile);
		Deployment api = only(objects, Deployment.class, "-api");
		Secret secret = only(objects, Secret.class, "");
		ConfigMap configMap = objects.stream()
			.filter(ConfigMap.class::isInstance)
			.map(ConfigMap.class::cast)
			.filter((c) -> c.getData().containsKey("application.yml"))
			.findFirst()
			.orElseThrow();
		Container container = api.getSpec().getTemplate().getSpec().getContainers().get(0);
		Map<String, Object> environment = environment(container, secret);
		// the ConfigMap, where the pod mounts it (SPRING_CONFIG_ADDITIONAL_LOCATION
		// points
		// there)
		Path etc = Files.createDirectories(dir.resolve("etc-kairos"));
		Files.writeString(etc.resolve("application.yml"), configMap.getData().get("application.yml"));
		assertThat(environment).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/etc/kairos/");
		environment.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + etc + "/");

		StandardServletEnvironment env = new StandardServletEnvironment();
		env.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		// free ports instead of the pod's 8080/8081, and a readiness group without the
		// Redis and Kafka contributors left out here; nothing else is overridden
		env.getPropertySources()
			.addFirst(new MapPropertySource("test-overrides", Map.of("server.port", "0", "management.server.port", "0",
					"management.endpoint.health.validate-group-membership", "false")));
		SpringApplication application = new SpringApplication(ChartedApi.class);
		application.setEnvironment(env);
		return application.run();
	}

	/** The container's environment as the kubelet resolves it. */
	private static Map<String, Object> environment(Container container, Secret secret) {
		Map<String, Object> environment = new HashMap<>();
		for (EnvVar variable : container.getEnv()) {
			if (variable.getValue() != null) {
				environment.put(variable.getName(), variable.getValue());
				continue;
			}
			SecretKeySelector selector = variable.getValueFrom().getSecretKeyRef();
			if (selector == null) {
				continue;
			}
			assertThat(selector.getName()).isEqualTo(secret.getMetadata().getName());
			String value = secret.getStringData().get(selector.getKey());
			if (value == null) {
				assertThat(selector.getOptional()).as(selector.getKey() + " is missing from the Secret").isTrue();
				continue;
			}
			environment.put(variable.getName(), value);
		}
		return environment;
	}

	private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String suffix) {
		List<T> found = objects.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.filter((o) -> o.getMetadata().getName().endsWith(suffix))
			.toList();
		assertThat(found).as(type.getSimpleName() + " named *" + suffix).hasSize(1);
		return found.get(0);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private int post(int port, String path, String key) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.POST(HttpRequest.BodyPublishers.ofString("[]"))
			.header("Content-Type", "application/json"), key);
	}

	private int get(int port, String path, String key) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), key);
	}

	private int send(HttpRequest.Builder request, String key) throws Exception {
		if (key != null) {
			request.header("X-API-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * The service's HTTP layer and its properties; Kafka and Redis are left out (the
	 * rendered configuration points at servers that do not exist here). Not a
	 * {@code @SpringBootConfiguration}: the package's {@code @SpringBootTest}s would find
	 * it instead of the application.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
			DataRedisReactiveAutoConfiguration.class, DataRedisRepositoriesAutoConfiguration.class })
	@EnableConfigurationProperties(KairosProperties.class)
	@Import({ ApiConfiguration.class, StandIn.class })
	static class ChartedApi {

		@Bean
		KairosMetrics kairosMetrics(MeterRegistry registry) {
			return new KairosMetrics(registry, List.of("click"), List.of("linucb"), System::currentTimeMillis);
		}

	}

	/** Answers 200 where the real controllers would be, behind the real filter. */
	@RestController
	static class StandIn {

		@PostMapping({ "/admin/model/rollback", "/events" })
		String write() {
			return "done";
		}

		@GetMapping("/recommendations")
		String read() {
			return "slate";
		}

	}

}
