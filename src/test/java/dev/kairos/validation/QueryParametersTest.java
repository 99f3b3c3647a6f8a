package dev.kairos.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

	@Test
	void anIntegerInRangeOrTheDefault() {
		assertThat(QueryParameters.integer("count", null, 10, 1, 100)).isEqualTo(10);
		assertThat(QueryParameters.integer("count", "1", 10, 1, 100)).isEqualTo(1);
		assertThat(QueryParameters.integer("count", "100", 10, 1, 100)).isEqualTo(100);
	}

	@Test
	void anythingElseNamesTheParameterAndTheRange() {
		for (String bad : new String[] { "", "0", "101", "-5", "+5", "1.0", "1e2", "ten", "١٢", "99999999999" }) {
			assertThatThrownBy(() -> QueryParameters.integer("limit", bad, 10, 1, 100)).as(bad)
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("must be an integer from 1 to 100")
				.extracting((ex) -> ((InvalidInputException) ex).violations().get(0).field())
				.isEqualTo("limit");
		}
	}

}
