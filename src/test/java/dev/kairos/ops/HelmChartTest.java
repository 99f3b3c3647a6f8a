package dev.kairos.ops;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart lints strictly and renders, with default and with non-default values
 * (Helm in-process through helm-java), into typed Kubernetes objects with no field the
 * API would not know; and what it renders fits the application: probes on the actuator's
 * health groups on the management port, the app's ports, no Service for the worker, the
 * autoscaler on the api.
 */
class HelmChartTest {

	static final Path CHART = Path.of("helm/kairos");

	static final Path CUSTOM_VALUES = Path.of("src/test/resources/helm/custom-values.yaml");

	private static final KubernetesSerialization kubernetes = new KubernetesSerialization();

	private static Map<String, Object> application;

	@BeforeAll
	static void applicationDefaults() throws IOException {
		try (var in = Files.newInputStream(Path.of("src/main/resources/application.yml"))) {
			application = new Yaml().load(in);
		}
	}

	@SuppressWarnings("unchecked")
	private static Object property(String dotted) {
		Object node = application;
		for (String key : dotted.split("\\.")) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	@Test
	void lintsStrictlyWithDefaultValues() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	/**
	 * helm-java's lint takes no values file: lint a copy of the chart whose values.yaml
	 * has the custom values merged in.
	 */
	@Test
	void lintsStrictlyWithCustomValues(@TempDir Path copy) throws IOException {
		Path chart = copy.resolve("kairos");
		try (Stream<Path> files = Files.walk(CHART)) {
			for (Path file : files.toList()) {
				Path target = chart.resolve(CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Yaml yaml = new Yaml();
		Map<String, Object> values = yaml.load(Files.readString(CHART.resolve("values.yaml")));
		Map<String, Object> custom = yaml.load(Files.readString(CUSTOM_VALUES));
		Files.writeString(chart.resolve("values.yaml"), yaml.dump(merge(values, custom)));
		LintResult lint = new Helm(chart).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
		Map<String, Object> merged = new LinkedHashMap<>(base);
		override.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
				merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	static List<HasMetadata> render(Path valuesFile) {
		var template = new Helm(CHART).template().withName("kairos").withNamespace("reco");
		if (valuesFile != null) {
			template = template.withValuesFile(valuesFile);
		}
		String rendered = template.call();
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : rendered.split("(?m)^---\\s*$")) {
			if (document.lines().allMatch((line) -> line.isBlank() || line.startsWith("#"))) {
				continue;
			}
			HasMetadata object = kubernetes.unmarshal(document);
			assertNoUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName());
			objects.add(object);
		}
		return objects;
	}

	/**
	 * fabric8 keeps fields its model does not know in {@code additionalProperties}
	 * instead of failing: every one of them must be empty (a typo in a template shows up
	 * here).
	 */
	static void assertNoUnknownFields(Object value, String path) {
		if (value == null || value instanceof GenericKubernetesResource) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				assertNoUnknownFields(element, path + "[" + i++ + "]");
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> assertNoUnknownFields(element, path + "." + key));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object field;
			try {
				field = getter.invoke(value);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				throw new AssertionError(path + "." + getter.getName(), ex);
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				assertThat((Map<?, ?>) field).as("unknown fields at " + path).isNullOrEmpty();
			}
			else {
				assertNoUnknownFields(field, path + "." + getter.getName().substring(3));
			}
		}
	}

	@SuppressWarnings("unchecked")
	static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
		return (List<T>) objects.stream().filter(type::isInstance).toList();
	}

	static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
		return all(objects, type).stream()
			.filter((o) -> o.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
	}

	@Test
	void defaultValuesRenderApiAndWorkerThatFitTheApplication() {
		List<HasMetadata> objects = render(null);
		String prefix = "kairos";
		Deployment api = named(objects, Deployment.class, prefix + "-api");
		Deployment worker = named(objects, Deployment.class, prefix + "-worker");
		assertThat(all(objects, Deployment.class)).hasSize(2);
		assertFitsTheApplication(api, "api");
		assertFitsTheApplication(worker, "worker");
		assertThat(worker.getSpec().getReplicas()).isEqualTo(2);
		// the api's replicas belong to its autoscaler
		assertThat(api.getSpec().getReplicas()).isNull();

		assertOnlyTheApiHasAService(objects, api, worker);
		assertAutoscalerTargetsTheApi(objects, api);

		assertThat(all(objects, PodDisruptionBudget.class)).hasSize(2);
		assertThat(named(objects, PodDisruptionBudget.class, prefix + "-api").getSpec().getSelector().getMatchLabels())
			.isEqualTo(api.getSpec().getSelector().getMatchLabels());
		assertThat(objects).noneMatch((o) -> o.getKind().equals("ServiceMonitor") || o.getKind().equals("PodMonitor"));

		ConfigMap dashboard = named(objects, ConfigMap.class, prefix + "-dashboard");
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getData().get("kairos-dashboard.json")).contains("kairos_events_accepted_total");

		Map<String, Object> config = new Yaml()
			.load(named(objects, ConfigMap.class, prefix).getData().get("application.yml"));
		assertThat(config).extractingByKey("kairos").asString().contains("infrastructure=external");
		assertThat(config.toString()).contains("bootstrap-servers=kafka:9092").contains("host=redis");
	}

	@Test
	void customValuesRenderSaslTlsRedisClusterServiceMonitorAndCustomMetric() {
		List<HasMetadata> objects = render(CUSTOM_VALUES);
		Deployment api = named(objects, Deployment.class, "reco-api");
		Deployment worker = named(objects, Deployment.class, "reco-worker");
		assertFitsTheApplication(api, "api");
		assertFitsTheApplication(worker, "worker");
		assertThat(worker.getSpec().getReplicas()).isEqualTo(4);
		assertThat(container(api).getImage()).isEqualTo("registry.example.com/kairos:9.9.9");
		assertThat(container(api).getEnv()).anyMatch((e) -> e.getName().equals("KAIROS_RANKING_POLICY"));
		assertThat(container(worker).getEnv()).noneMatch((e) -> e.getName().equals("KAIROS_RANKING_POLICY"));
		assertThat(container(api).getEnv()).anyMatch((e) -> e.getName().equals("KAFKA_SASL_PASSWORD")
				&& e.getValueFrom().getSecretKeyRef().getName().equals("reco"));
		assertThat(api.getSpec().getTemplate().getSpec().getVolumes())
			.anyMatch((v) -> v.getSecret() != null && v.getSecret().getSecretName().equals("kafka-truststore"));

		assertOnlyTheApiHasAService(objects, api, worker);
		HorizontalPodAutoscaler hpa = assertAutoscalerTargetsTheApi(objects, api);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
		assertThat(hpa.getSpec().getMetrics()).anyMatch((m) -> m.getPods() != null
				&& m.getPods().getMetric().getName().equals("http_server_requests_per_second"));

		String config = named(objects, ConfigMap.class, "reco").getData().get("application.yml");
		Map<String, Object> parsed = new Yaml().load(config);
		assertThat(parsed.toString()).contains("protocol=SASL_SSL")
			.contains("sasl.mechanism=SCRAM-SHA-512")
			.contains("ScramLoginModule required username=\"${KAFKA_SASL_USERNAME}\"")
			.contains("nodes=[redis-0.redis:6379, redis-1.redis:6379, redis-2.redis:6379]")
			.contains("alpha=0.2")
			.contains("trust-store-location=file:/etc/kairos-kafka-tls/truststore.p12");
		assertThat(config).doesNotContain("s3cret").doesNotContain("r3dis");
		Secret secret = named(objects, Secret.class, "reco");
		assertThat(secret.getStringData()).containsEntry("KAFKA_SASL_PASSWORD", "s3cret")
			.containsEntry("SPRING_DATA_REDIS_PASSWORD", "r3dis")
			.containsEntry("KAIROS_SECURITY_WRITE_KEYS", "k-123");

		GenericKubernetesResource serviceMonitor = objects.stream()
			.filter((o) -> o.getKind().equals("ServiceMonitor"))
			.map(GenericKubernetesResource.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(serviceMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
		assertThat(serviceMonitor.get("spec", "endpoints").toString()).contains("port=management")
			.contains("path=/actuator/prometheus");
		assertThat(objects).anyMatch((o) -> o.getKind().equals("PodMonitor"));
	}

	/**
	 * The chart ships the repository's dashboard (Helm reads files inside the chart only,
	 * so it keeps a copy), and the dashboard queries only documented meters.
	 */
	@Test
	void chartShipsTheRepositoryDashboardWhichQueriesDocumentedMetrics() throws IOException {
		Path dashboard = Path.of("ops/grafana/kairos-dashboard.json");
		assertThat(Files.mismatch(dashboard, CHART.resolve("dashboards/kairos-dashboard.json")))
			.as("helm/kairos/dashboards/kairos-dashboard.json is a copy of " + dashboard)
			.isEqualTo(-1L);
		String json = Files.readString(dashboard);
		List<String> documented = MetricsEndpointTest.documentedMetricNames();
		java.util.regex.Matcher used = java.util.regex.Pattern
			.compile("\\b(kairos_[a-z_]+|http_server_requests_seconds)")
			.matcher(json);
		int queries = 0;
		while (used.find()) {
			String name = used.group(1).replaceAll("_(bucket|count|sum)$", "");
			assertThat(documented).as("documented meter for " + used.group(1)).contains(name);
			queries++;
		}
		assertThat(queries).isGreaterThan(20);
		for (String panel : List.of("Latency p50 / p95 / p99", "Consumer lag", "Freshness", "Model version",
				"CTR by policy", "Exploration", "Redis errors", "Kafka errors")) {
			assertThat(json).contains(panel);
		}
	}

	/** Every value (to the second level) has a row in the chart's README. */
	@Test
	@SuppressWarnings("unchecked")
	void everyValueIsDocumented() throws IOException {
		String readme = Files.readString(CHART.resolve("README.md"));
		Map<String, Object> values = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
		values.forEach((key, value) -> {
			if (readme.contains("`" + key + "`") || !(value instanceof Map<?, ?>)) {
				assertThat(readme).as("README row for " + key).contains("`" + key + "`");
				return;
			}
			((Map<String, Object>) value).keySet()
				.forEach((child) -> assertThat(readme).as("README row for " + key + "." + child)
					.contains("`" + key + "." + child));
		});
	}

	private static Container container(Deployment deployment) {
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
		return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	private static void assertFitsTheApplication(Deployment deployment, String role) {
		Container container = container(deployment);
		int management = ((Number) property("management.server.port")).intValue();
		int http = ((Number) property("server.port")).intValue();
		// the health groups the application declares, on the port it serves them on
		assertThat(property("management.endpoint.health.group.liveness")).isNotNull();
		assertThat(property("management.endpoint.health.group.readiness")).isNotNull();
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness", container, management);
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", container, management);
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", container, management);
		if (role.equals("api")) {
			assertThat(container.getPorts())
				.anyMatch((p) -> p.getName().equals("http") && p.getContainerPort() == http);
		}
		else {
			assertThat(container.getPorts()).noneMatch((p) -> p.getName().equals("http"));
		}
		assertThat(container.getEnv()).anyMatch((e) -> e.getName().equals("KAIROS_ROLES_API")
				&& e.getValue().equals(Boolean.toString(role.equals("api"))));
		assertThat(container.getEnv()).anyMatch((e) -> e.getName().equals("KAIROS_ROLES_WORKER")
				&& e.getValue().equals(Boolean.toString(role.equals("worker"))));

		var pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getVolumeMounts()).anyMatch((m) -> m.getMountPath().equals("/tmp"));
		assertThat(pod.getVolumes()).anyMatch((v) -> v.getName().equals("tmp") && v.getEmptyDir() != null);
		if (role.equals("worker")) {
			// the slate join's RocksDB stores get a volume of their own, and the worker
			// uses it
			assertThat(container.getVolumeMounts())
				.anyMatch((m) -> m.getName().equals("join-state") && m.getMountPath().equals("/var/lib/kairos/join"));
			assertThat(pod.getVolumes()).anyMatch((v) -> v.getName().equals("join-state") && v.getEmptyDir() != null
					&& v.getEmptyDir().getSizeLimit() != null);
			assertThat(container.getEnv()).anyMatch((e) -> e.getName().equals("KAIROS_LEARNING_STATE_DIRECTORY")
					&& e.getValue().equals("/var/lib/kairos/join"));
		}
		else {
			assertThat(pod.getVolumes()).noneMatch((v) -> v.getName().equals("join-state"));
		}
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(container.getResources().getLimits()).containsKey("memory");
		assertThat(pod.getTopologySpreadConstraints()).isNotEmpty()
			.allMatch((c) -> c.getLabelSelector()
				.getMatchLabels()
				.equals(deployment.getSpec().getSelector().getMatchLabels()));
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
			.containsEntry("app.kubernetes.io/component", role);
	}

	private static void assertProbe(Probe probe, String path, Container container, int managementPort) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		String portName = probe.getHttpGet().getPort().getStrVal();
		assertThat(container.getPorts())
			.anyMatch((p) -> p.getName().equals(portName) && p.getContainerPort() == managementPort);
	}

	private static void assertOnlyTheApiHasAService(List<HasMetadata> objects, Deployment api, Deployment worker) {
		List<Service> services = all(objects, Service.class);
		assertThat(services).hasSize(1);
		Map<String, String> selector = services.get(0).getSpec().getSelector();
		assertThat(api.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
		assertThat(worker.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
			.as("the worker matches no Service")
			.isFalse();
		assertThat(services.get(0).getSpec().getPorts())
			.anyMatch((p) -> p.getName().equals("http") && p.getTargetPort().getStrVal().equals("http"));
	}

	private static HorizontalPodAutoscaler assertAutoscalerTargetsTheApi(List<HasMetadata> objects, Deployment api) {
		List<HorizontalPodAutoscaler> autoscalers = all(objects, HorizontalPodAutoscaler.class);
		assertThat(autoscalers).hasSize(1);
		HorizontalPodAutoscaler hpa = autoscalers.get(0);
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(api.getMetadata().getName());
		assertThat(hpa.getSpec().getMetrics())
			.anyMatch((m) -> m.getResource() != null && m.getResource().getName().equals("cpu"));
		return hpa;
	}

}
