package dev.kairos.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.kairos.config.KairosConfiguration;
import dev.kairos.config.KairosProperties;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.learning.ModelState;
import dev.kairos.recommendations.ServingSnapshots;
import dev.kairos.recommendations.SnapshotChanges;
import dev.kairos.events.EventLog;
import dev.kairos.events.EventLogUnavailableException;
import dev.kairos.features.EventLogPosition;
import dev.kairos.evaluation.ServedLog;
import dev.kairos.fairness.FairnessStore;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.UserErasure;
import dev.kairos.features.UserFeatures;
import dev.kairos.items.ItemCatalog;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.SlateLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.kairos.metrics.KairosMetrics;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Every error case of the HTTP contract answers an RFC 9457 problem document with its
 * stable type, and a refused request reaches no port: nothing is written.
 */
@WebMvcTest(properties = { "kairos.infrastructure=external", "kairos.events.max-batch=5" })
@Import({ ApiConfiguration.class, KairosConfiguration.class, ErrorContractTest.Meters.class })
@EnableConfigurationProperties(KairosProperties.class)
class ErrorContractTest {

	/** Real meters in a simple registry: refusals are counted by reason. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		KairosMetrics kairosMetrics(SimpleMeterRegistry registry) {
			return new KairosMetrics(registry, List.of("click"), List.of("linucb"), System::currentTimeMillis);
		}

	}

	private static final String EVENT = "{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"click\"}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private EventLog eventLog;

	@MockitoBean
	private FeatureStore featureStore;

	@MockitoBean
	private ItemCatalog itemCatalog;

	@MockitoBean
	private ModelStore modelStore;

	@MockitoBean
	private SlateLog slateLog;

	@MockitoBean
	private SnapshotChanges snapshotChanges;

	@Autowired
	private ServingSnapshots snapshots;

	@MockitoBean
	private UserErasure userErasure;

	@MockitoBean
	private EventLogPosition eventLogPosition;

	@MockitoBean
	private ServedLog servedLog;

	@MockitoBean
	private FairnessStore fairnessStore;

	@BeforeEach
	void unknownUser() {
		// stubbed without calling the mocks (the will...().given() form): the serving
		// snapshot's refresher calls them from its own thread meanwhile, and a stubbing
		// call interleaved with one of its calls made Mockito pair a value with the wrong
		// method
		willAnswer((call) -> UserFeatures.unknown(call.getArgument(0))).given(this.featureStore).user(any());
		willReturn(Optional.empty()).given(this.itemCatalog).find(any());
		willReturn(new FeatureStore.Population(0, 0)).given(this.featureStore).population();
		willReturn(new ModelState(0, LinearStatistics.empty(FeatureVector.DIMENSION), false)).given(this.modelStore)
			.load();
	}

	private MvcTestResult postEvents(String body) {
		return this.mvc.post().uri("/events").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private static void assertProblem(MvcTestResult result, int status, String type) {
		assertThat(result).hasStatus(status);
		assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:kairos:problem:" + type);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
	}

	@Test
	void aValidEventIsAcceptedAfterTheLogAcknowledges() {
		MvcTestResult result = postEvents(EVENT);
		assertThat(result).hasStatus(202);
		assertThat(result).bodyJson().extractingPath("$.accepted").isEqualTo(1);
		verify(this.eventLog).append(any());
	}

	@Test
	void malformedJson() {
		assertProblem(postEvents("{\"userId\": "), 400, "malformed-body");
		assertProblem(postEvents(""), 400, "malformed-body");
		assertProblem(postEvents("{\"userId\":\"u\",\"value\":NaN}"), 400, "malformed-body");
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void invalidFieldsAreAllListedWithTheirIndex() {
		MvcTestResult result = postEvents("[" + EVENT + ",{\"userId\":\"u/1\",\"itemId\":\"i1\",\"type\":\"like\"}]");
		assertProblem(result, 400, "invalid-request");
		assertThat(result).bodyJson().extractingPath("$.errors[0].index").isEqualTo(1);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("userId");
		assertThat(result).bodyJson().extractingPath("$.errors[1].field").isEqualTo("type");
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void missingFieldsWrongTypesAndFutureTimestamps() {
		assertProblem(postEvents("{\"userId\":\"u1\"}"), 400, "invalid-request");
		assertProblem(postEvents("{\"userId\":1,\"itemId\":\"i\",\"type\":\"view\"}"), 400, "invalid-request");
		assertProblem(postEvents("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":\"3\"}"), 400,
				"invalid-request");
		assertProblem(
				postEvents(
						"{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2999-01-01T00:00:00Z\"}"),
				400, "invalid-request");
		assertProblem(postEvents("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":-1e999}"), 400,
				"invalid-request");
		assertProblem(postEvents("42"), 400, "invalid-request");
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void batchesOverTheLimit() {
		String batch = "[" + String.join(",", List.of(EVENT, EVENT, EVENT, EVENT, EVENT, EVENT)) + "]";
		MvcTestResult result = postEvents(batch);
		assertProblem(result, 413, "batch-too-large");
		assertThat(result).bodyJson().extractingPath("$.maxBatch").isEqualTo(5);
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void bodiesOverOneMebibyte() {
		String big = "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"pad\":\"" + "x".repeat(1024 * 1024)
				+ "\"}";
		assertProblem(postEvents(big), 413, "body-too-large");
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void wrongContentType() {
		MvcTestResult result = this.mvc.post()
			.uri("/events")
			.contentType(MediaType.TEXT_PLAIN)
			.content(EVENT)
			.exchange();
		assertProblem(result, 415, "unsupported-media-type");
		verifyNoInteractions(this.eventLog);
	}

	@Test
	void kafkaUnavailableIs503WithRetryAfter() {
		willThrow(new EventLogUnavailableException("down", null)).given(this.eventLog).append(any());
		MvcTestResult result = postEvents(EVENT);
		assertProblem(result, 503, "event-log-unavailable");
		assertThat(result).headers().containsHeader("Retry-After");
	}

	@Test
	void unknownPathsAndMethods() {
		assertProblem(this.mvc.get().uri("/nowhere").exchange(), 404, "not-found");
		assertProblem(this.mvc.delete().uri("/events").exchange(), 405, "method-not-allowed");
	}

	@Test
	void recommendationParameters() {
		assertProblem(this.mvc.get().uri("/recommendations").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&count=0").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&count=101").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&count=ten").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&at=noon").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&exclude=a,,b").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&explain=maybe").exchange(), 400,
				"invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=../etc/passwd").exchange(), 400, "invalid-request");
	}

	@Test
	void recommendationContextIsValidatedAndNamesTheParameter() {
		MvcTestResult empty = this.mvc.get().uri("/recommendations?userId=u1&context.device=").exchange();
		assertProblem(empty, 400, "invalid-request");
		assertThat(empty).bodyJson().extractingPath("$.errors[0].field").isEqualTo("context.device");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&context.device=ios&context.device=web").exchange(),
				400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&context.=ios").exchange(), 400, "invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&context.device={v}", " ios").exchange(), 400,
				"invalid-request");
		assertProblem(this.mvc.get().uri("/recommendations?userId=u1&context.device={v}", "x".repeat(129)).exchange(),
				400, "invalid-request");
		StringBuilder many = new StringBuilder("/recommendations?userId=u1");
		for (int i = 0; i < 17; i++) {
			many.append("&context.k").append(i).append("=v");
		}
		assertProblem(this.mvc.get().uri(many.toString()).exchange(), 400, "invalid-request");
	}

	@Test
	void unknownUsersAndItemsAre404() {
		assertProblem(this.mvc.get().uri("/users/nobody").exchange(), 404, "not-found");
		assertProblem(this.mvc.get().uri("/items/nothing").exchange(), 404, "not-found");
		assertProblem(this.mvc.delete().uri("/items/nothing").exchange(), 404, "not-found");
	}

	@Test
	void invalidItemsChangeNothing() {
		assertProblem(this.mvc.put().uri("/items/i1").contentType(MediaType.APPLICATION_JSON).content("{}").exchange(),
				400, "invalid-request");
		assertProblem(this.mvc.put()
			.uri("/items/i1")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"category\":\"c\",\"attributes\":{\"x\":[1]},\"tags\":\"red\",\"active\":\"yes\"}")
			.exchange(), 400, "invalid-request");
		MvcTestResult batch = this.mvc.post()
			.uri("/items")
			.contentType(MediaType.APPLICATION_JSON)
			.content("[{\"itemId\":\"a\",\"category\":\"c\"},{\"itemId\":\"b\"}]")
			.exchange();
		assertProblem(batch, 400, "invalid-request");
		assertThat(batch).bodyJson().extractingPath("$.errors[0].index").isEqualTo(1);
		verify(this.itemCatalog, never()).upsert(any(), anyBoolean());
	}

	@Test
	void errorBodiesCarryNoInternals() throws Exception {
		// the serving snapshot is built off the request path, right after start: before
		// it,
		// the answer is a 503 (nothing to serve yet), not the error this test is about
		await().atMost(Duration.ofSeconds(20)).until(() -> this.snapshots.current().ready());
		willThrow(new IllegalStateException("secret internal detail")).given(this.featureStore).user(any());
		MvcTestResult result = this.mvc.get().uri("/recommendations?userId=u1").exchange();
		assertProblem(result, 500, "internal-error");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("secret").doesNotContain("Exception");
	}

}
