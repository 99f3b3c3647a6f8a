package dev.kairos.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kairos.events.EventLog;
import dev.kairos.events.EventLogUnavailableException;
import dev.kairos.events.InteractionEvent;
import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The event log on Kafka: one record per event on the events topic, keyed by user id so a
 * user's events stay in order. Returns only when the broker acknowledged every record
 * ({@code acks=all}, idempotent producer), or fails within the publish timeout.
 */
class KafkaEventLog implements EventLog {

	private final KafkaTemplate<String, byte[]> template;

	private final JsonMapper json;

	private final String topic;

	private final Duration timeout;

	private final KairosMetrics metrics;

	KafkaEventLog(KafkaTemplate<String, byte[]> template, JsonMapper json, String topic, Duration timeout,
			KairosMetrics metrics) {
		this.template = template;
		this.json = json;
		this.topic = topic;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	@Override
	public void append(List<InteractionEvent> events) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(events.size());
		try {
			for (InteractionEvent event : events) {
				byte[] value = this.json.writeValueAsBytes(EventMessage.of(event));
				sends.add(this.template.send(this.topic, event.userId(), value));
			}
			for (CompletableFuture<SendResult<String, byte[]>> send : sends) {
				send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.metrics.kafkaError("produce");
			Thread.currentThread().interrupt();
			throw new EventLogUnavailableException("interrupted while waiting for Kafka", ex);
		}
		catch (TimeoutException ex) {
			this.metrics.kafkaError("produce");
			throw new EventLogUnavailableException("Kafka did not acknowledge within " + this.timeout, ex);
		}
		catch (ExecutionException | RuntimeException ex) {
			this.metrics.kafkaError("produce");
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			throw new EventLogUnavailableException("Kafka refused the events: " + cause, cause);
		}
	}

}
