package dev.kairos.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kairos.kafka.EmbeddedKafkaBroker;
import dev.kairos.redis.EmbeddedRedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: unless {@code kairos.infrastructure=external}, starts a real
 * Kafka broker and a real redis-server on loopback before the application context, and
 * points {@code spring.kafka.*} and {@code spring.data.redis.*} at them. They stop after
 * the context has closed (or at once if it failed to start), so nothing is left running.
 * Registered in {@code META-INF/spring.factories}, as it must run before any bean exists.
 */
public class EmbeddedInfrastructure implements ApplicationListener<ApplicationEvent> {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	private EmbeddedRedisServer redis;

	private EmbeddedKafkaBroker kafka;

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			ConfigurableEnvironment environment = prepared.getEnvironment();
			if (!"embedded".equalsIgnoreCase(environment.getProperty("kairos.infrastructure", "embedded"))) {
				return;
			}
			start(environment);
			SpringApplication.getShutdownHandlers().add(this::stop);
		}
		else if (event instanceof ApplicationFailedEvent) {
			stop();
		}
		else if (event instanceof ApplicationReadyEvent ready) {
			ConfigurableEnvironment env = ready.getApplicationContext().getEnvironment();
			String api = env.getProperty("local.server.port", "?");
			String management = env.getProperty("local.management.port", api);
			log.info(
					"Kairos is ready: API http://localhost:{}  health http://localhost:{}/actuator/health  "
							+ "Kafka {}  Redis {}:{} ({})",
					api, management, env.getProperty("spring.kafka.bootstrap-servers"),
					env.getProperty("spring.data.redis.host", "localhost"),
					env.getProperty("spring.data.redis.port", "6379"), (this.kafka != null) ? "embedded" : "external");
		}
	}

	private synchronized void start(ConfigurableEnvironment environment) {
		if (this.kafka != null) {
			return;
		}
		try {
			int redisPort = portOrFree(environment.getProperty("kairos.embedded.redis-port", Integer.class, 0));
			this.redis = EmbeddedRedisServer.start(redisPort,
					environment.getProperty("kairos.embedded.redis-binary", ""));
			int kafkaPort = portOrFree(environment.getProperty("kairos.embedded.kafka-port", Integer.class, 0));
			this.kafka = EmbeddedKafkaBroker.start(kafkaPort, portOrFree(0));
		}
		catch (IOException | RuntimeException ex) {
			stop();
			throw new IllegalStateException("could not start the embedded Kafka and Redis", ex);
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", this.redis.port());
		environment.getPropertySources().addFirst(new MapPropertySource("kairosEmbeddedInfrastructure", properties));
		log.info("Started embedded Kafka at {} and Redis at 127.0.0.1:{}", this.kafka.bootstrapServers(),
				this.redis.port());
	}

	private synchronized void stop() {
		if (this.kafka != null) {
			this.kafka.close();
			this.kafka = null;
		}
		if (this.redis != null) {
			this.redis.close();
			this.redis = null;
		}
	}

	private static int portOrFree(int port) {
		if (port != 0) {
			return port;
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
