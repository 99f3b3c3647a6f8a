package dev.kairos;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link RepeatPlacesScenario} with {@code kairos.recommendations.repeats=learned}. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.recommendations.repeats=learned" })
class RepeatPlacesLearnedTest extends RepeatPlacesScenario {

	@Override
	boolean learned() {
		return true;
	}

}
