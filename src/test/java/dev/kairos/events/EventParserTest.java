package dev.kairos.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventParserTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final EventParser parser = new EventParser(3, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));

	private JsonNode body(String text) {
		return this.json.readTree(text);
	}

	@Test
	void parsesAFullEvent() {
		List<InteractionEvent> events = this.parser.parse(body("""
				{"eventId": "e-1", "userId": "u1", "itemId": "i:9", "type": "purchase",
				 "timestamp": "2026-03-01T09:30:00+02:00", "recommendationId": "r1", "value": 12.5,
				 "context": {"device": "ios", "slot": 2}}"""));
		InteractionEvent event = events.get(0);
		assertThat(event.eventId()).isEqualTo("e-1");
		assertThat(event.clientEventId()).isTrue();
		assertThat(event.type()).isEqualTo(EventType.PURCHASE);
		assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-03-01T07:30:00Z"));
		assertThat(event.acceptedAt()).isEqualTo(NOW);
		assertThat(event.value()).isEqualTo(12.5);
		assertThat(event.context()).containsEntry("device", "ios").containsEntry("slot", "2");
	}

	@Test
	void assignsAnIdAndTheAcceptTimeWhenTheClientGivesNone() {
		InteractionEvent event = this.parser.parse(body("{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"click\"}"))
			.get(0);
		assertThat(event.clientEventId()).isFalse();
		assertThat(event.eventId()).isNotBlank();
		assertThat(event.timestamp()).isEqualTo(NOW);
	}

	@Test
	void listsEveryViolationOfABatchWithItsIndex() {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> this.parser.parse(body("""
				[{"userId": "u1", "itemId": "i1", "type": "click"},
				 {"userId": "bad id", "itemId": 7, "type": "like", "timestamp": "yesterday"},
				 "not an object"]""")));
		assertThat(ex.violations()).extracting(Violation::index, Violation::field)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, "userId"),
					org.assertj.core.groups.Tuple.tuple(1, "itemId"), org.assertj.core.groups.Tuple.tuple(1, "type"),
					org.assertj.core.groups.Tuple.tuple(1, "timestamp"), org.assertj.core.groups.Tuple.tuple(2, null));
	}

	@Test
	void refusesTimestampsMoreThanADayAhead() {
		assertThatThrownBy(() -> this.parser.parse(
				body("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2026-03-02T12:00:01Z\"}")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("future");
		assertThat(this.parser.parse(
				body("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2026-03-02T11:59:59Z\"}")))
			.hasSize(1);
	}

	@Test
	void refusesTimestampsWithoutAnOffset() {
		assertThatThrownBy(() -> this.parser
			.parse(body("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2026-03-01T10:00:00\"}")))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void refusesHugeValuesThatAreNotFinite() {
		assertThatThrownBy(
				() -> this.parser.parse(body("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":1e400}")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("finite");
	}

	@Test
	void refusesIdsLongerThan128() {
		String longId = "a".repeat(129);
		assertThatThrownBy(
				() -> this.parser.parse(body("{\"userId\":\"" + longId + "\",\"itemId\":\"i\",\"type\":\"view\"}")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("128");
	}

	@Test
	void refusesBatchesOverTheLimitAndEmptyOnes() {
		String one = "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}";
		assertThatThrownBy(() -> this.parser.parse(body("[" + String.join(",", one, one, one, one) + "]")))
			.isInstanceOf(BatchTooLargeException.class);
		assertThatThrownBy(() -> this.parser.parse(body("[]"))).isInstanceOf(InvalidInputException.class);
	}

}
