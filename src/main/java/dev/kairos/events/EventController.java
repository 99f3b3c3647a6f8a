package dev.kairos.events;

import java.util.List;
import java.util.Map;

import dev.kairos.metrics.KairosMetrics;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events}: one event or a batch, answered 202 once durable in the event log.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class EventController {

	private final EventParser parser;

	private final EventLog log;

	private final KairosMetrics metrics;

	private final RecentEvents recent;

	EventController(EventParser parser, EventLog log, KairosMetrics metrics, RecentEvents recent) {
		this.parser = parser;
		this.log = log;
		this.metrics = metrics;
		this.recent = recent;
	}

	@PostMapping(path = "/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Integer> post(@RequestBody JsonNode body) {
		List<InteractionEvent> events = this.parser.parse(body);
		this.log.append(events);
		this.recent.accepted(events);
		events.forEach((event) -> this.metrics.accepted(event.type().wireName(), 1));
		return Map.of("accepted", events.size());
	}

}
