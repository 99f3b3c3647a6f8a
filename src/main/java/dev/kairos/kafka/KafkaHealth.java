package dev.kairos.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Kafka's part of readiness: the broker answers (the api role produces to it, the worker
 * consumes from it) and, in a worker, the events and observations listeners are running
 * and the slate join has not failed. Down while any is not, so Kubernetes takes the pod
 * out of its Service until Kafka is back; liveness does not include it (a restart would
 * not bring Kafka back).
 */
class KafkaHealth implements HealthIndicator, DisposableBean {

	private final Map<String, Object> adminConfig;

	private final Duration timeout;

	private final KafkaListenerEndpointRegistry listeners;

	private final String listenerId;

	private final AttributionStreams join;

	private AdminClient admin;

	/**
	 * @param adminConfig the admin client's configuration (as Spring Boot builds it)
	 * @param timeout longest wait for the broker
	 * @param listeners the listener registry, {@code null} if this process is no worker
	 * @param listenerId the events listener's id
	 * @param join the slate join, {@code null} if this process is no worker
	 */
	KafkaHealth(Map<String, Object> adminConfig, Duration timeout, KafkaListenerEndpointRegistry listeners,
			String listenerId, AttributionStreams join) {
		this.adminConfig = adminConfig;
		this.timeout = timeout;
		this.listeners = listeners;
		this.listenerId = listenerId;
		this.join = join;
	}

	@Override
	public Health health() {
		Collection<Node> nodes;
		try {
			nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()))
				.nodes()
				.get(this.timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down(ex).build();
		}
		catch (Exception ex) {
			return Health.down().withDetail("error", "broker unreachable: " + ex.getClass().getSimpleName()).build();
		}
		Health.Builder health = Health.up().withDetail("brokers", nodes.size());
		if (this.listeners != null) {
			MessageListenerContainer container = this.listeners.getListenerContainer(this.listenerId);
			boolean running = container != null && container.isRunning();
			health.withDetail("listener", running ? "running" : "stopped");
			MessageListenerContainer learner = this.listeners.getListenerContainer(ObservationListener.LISTENER_ID);
			boolean learning = learner != null && learner.isRunning();
			health.withDetail("learner", learning ? "running" : "stopped");
			if (!running || !learning) {
				health.down();
			}
		}
		if (this.join != null) {
			String state = this.join.state();
			health.withDetail("join", state);
			if (!this.join.healthy()) {
				health.down();
			}
		}
		return health.build();
	}

	private synchronized AdminClient admin() {
		if (this.admin == null) {
			Map<String, Object> config = new java.util.HashMap<>(this.adminConfig);
			config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kairos-health");
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) this.timeout.toMillis());
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) this.timeout.toMillis());
			this.admin = AdminClient.create(config);
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
	}

}
