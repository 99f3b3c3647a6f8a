package dev.kairos;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link RepeatPlacesScenario} with the default,
 * {@code kairos.recommendations.repeats=never}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class RepeatPlacesNeverTest extends RepeatPlacesScenario {

	@Override
	boolean learned() {
		return false;
	}

}
