package dev.kairos.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kairos.kafka.EmbeddedKafkaBroker;
import dev.kairos.redis.EmbeddedRedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * The embedded default: unless {@code kairos.infrastructure=external}, starts a real
 * Kafka broker and a real redis-server on loopback before the application context, and
 * points {@code spring.kafka.*} and {@code spring.data.redis.*} at them. They stop after
 * the context has closed (or at once if it failed to start), so nothing is left running.
 * Registered in {@code META-INF/spring.factories}, as it must run before any bean exists.
 * <p>
 * The broker and redis-server are optional dependencies: on the classpath of
 * {@code ./mvnw spring-boot:run}, of the tests and of the {@code -embedded} jar, not in
 * the production jar, which must run with {@code kairos.infrastructure=external}; asked
 * for embedded mode without them, the start fails saying so.
 * <p>
 * With {@code kairos.embedded.shared=true} (the build sets it for the tests), the Kafka
 * broker is started once per JVM and shared by every application started in it, until the
 * JVM exits; each application then gets its own topics (the names suffixed with a number)
 * and its own Kafka Streams application id (so its own internal topics and state), so
 * that one application's worker never reads another's events or slates. Redis stays one
 * redis-server per application (it starts in milliseconds, and its keys, command counts
 * and pub/sub channels are then each application's own).
 */
public class EmbeddedInfrastructure implements ApplicationListener<ApplicationEvent> {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	private EmbeddedRedisServer redis;

	private EmbeddedKafkaBroker kafka;

	private String kafkaAddress;

	/** The topic properties an application sharing the broker gets its own names for. */
	static final Map<String, String> TOPICS = Map.of("kairos.topics.events", "kairos.events",
			"kairos.topics.impressions", "kairos.impressions", "kairos.topics.observations", "kairos.observations",
			"kairos.topics.dead-letter", "kairos.events.dlt", "kairos.streams.application-id", "kairos-attribution");

	private static final String BROKER_CLASS = "kafka.server.KafkaRaftServer";

	/**
	 * A class of {@code org.signal:embedded-redis}, which packages the redis-server
	 * binaries.
	 */
	private static final String PACKAGED_REDIS_CLASS = "redis.embedded.RedisServer";

	private static final AtomicInteger applications = new AtomicInteger();

	private static EmbeddedKafkaBroker sharedKafka;

	/**
	 * Applications of this JVM whose context uses the shared broker and has not finished
	 * closing. The broker's stop at the JVM's exit waits for them (up to
	 * {@link #SHARED_STOP_WAIT}): JVM shutdown hooks run side by side, and with the
	 * broker gone first each context's Kafka Streams spent its whole close timeout (30 s)
	 * trying to reach it, which held the test JVM's exit.
	 */
	private static final AtomicInteger sharedUsers = new AtomicInteger();

	private static final long SHARED_STOP_WAIT = 20_000;

	/** Whether this application counts among {@link #sharedUsers}. */
	private boolean sharedUser;

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
		else if (event instanceof ApplicationPreparedEvent prepared && this.sharedUser
				&& prepared.getApplicationContext().getBeanFactory() instanceof DefaultSingletonBeanRegistry beans) {
			// destroyed in reverse order of registration: the first one registered goes
			// last, when the context's Kafka clients have closed
			beans.registerDisposableBean("kairosSharedBrokerUser", this::releaseShared);
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
					env.getProperty("spring.data.redis.port", "6379"), (this.redis != null) ? "embedded" : "external");
		}
	}

	private synchronized void start(ConfigurableEnvironment environment) {
		if (this.kafkaAddress != null) {
			return;
		}
		String redisBinary = environment.getProperty("kairos.embedded.redis-binary", "");
		requireEmbeddedDependencies(getClass().getClassLoader(), redisBinary.isBlank());
		boolean shared = environment.getProperty("kairos.embedded.shared", Boolean.class, false);
		try {
			int redisPort = portOrFree(environment.getProperty("kairos.embedded.redis-port", Integer.class, 0));
			this.redis = EmbeddedRedisServer.start(redisPort, redisBinary);
			if (shared) {
				this.kafkaAddress = sharedKafka().bootstrapServers();
			}
			else {
				int kafkaPort = portOrFree(environment.getProperty("kairos.embedded.kafka-port", Integer.class, 0));
				this.kafka = EmbeddedKafkaBroker.start(kafkaPort, portOrFree(0));
				this.kafkaAddress = this.kafka.bootstrapServers();
			}
		}
		catch (IOException | RuntimeException ex) {
			stop();
			throw new IllegalStateException("could not start the embedded Kafka and Redis", ex);
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", this.kafkaAddress);
		if (shared) {
			this.sharedUser = true;
			sharedUsers.incrementAndGet();
			int application = applications.incrementAndGet();
			TOPICS.forEach((name, fallback) -> properties.put(name,
					environment.getProperty(name, fallback) + "-" + application));
		}
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", this.redis.port());
		environment.getPropertySources().addFirst(new MapPropertySource("kairosEmbeddedInfrastructure", properties));
		log.info("Started embedded {}Kafka at {} and Redis at 127.0.0.1:{}", shared ? "(shared) " : "",
				this.kafkaAddress, this.redis.port());
	}

	/**
	 * Fails with what to do when the embedded broker or redis-server is not on the
	 * classpath (the production jar), before any of their classes is touched.
	 * @param packagedRedis whether the packaged redis-server binary is needed
	 */
	static void requireEmbeddedDependencies(ClassLoader classLoader, boolean packagedRedis) {
		boolean broker = ClassUtils.isPresent(BROKER_CLASS, classLoader);
		boolean redis = !packagedRedis || ClassUtils.isPresent(PACKAGED_REDIS_CLASS, classLoader);
		if (!broker || !redis) {
			throw new IllegalStateException("kairos.infrastructure=embedded (the default) needs the embedded Kafka "
					+ "broker and redis-server, which this jar does not ship (the production jar runs against external "
					+ "Kafka and Redis). Either set KAIROS_INFRASTRUCTURE=external with SPRING_KAFKA_BOOTSTRAP_SERVERS "
					+ "and SPRING_DATA_REDIS_HOST (and _PORT), or run the embedded default with `./mvnw spring-boot:run` "
					+ "or `java -jar target/kairos-*-embedded.jar`.");
		}
	}

	/** The broker shared by the applications of this JVM, started by the first. */
	private static synchronized EmbeddedKafkaBroker sharedKafka() throws IOException {
		if (sharedKafka == null) {
			EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(portOrFree(0), portOrFree(0));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				awaitSharedUsers();
				broker.close();
			}, "kairos-kafka-stop"));
			sharedKafka = broker;
		}
		return sharedKafka;
	}

	private synchronized void releaseShared() {
		if (this.sharedUser) {
			this.sharedUser = false;
			synchronized (sharedUsers) {
				sharedUsers.decrementAndGet();
				sharedUsers.notifyAll();
			}
		}
	}

	private static void awaitSharedUsers() {
		long deadline = System.currentTimeMillis() + SHARED_STOP_WAIT;
		synchronized (sharedUsers) {
			for (long left = SHARED_STOP_WAIT; sharedUsers.get() > 0
					&& left > 0; left = deadline - System.currentTimeMillis()) {
				try {
					sharedUsers.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private synchronized void stop() {
		releaseShared();
		this.kafkaAddress = null;
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
