package dev.kairos.core.fairness;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExposureAuditTest {

	@Test
	void sharesClickThroughRatesAndTheirSummaries() {
		ExposureAudit.Dimension d = ExposureAudit.of(Map.of("books", 600.0, "shoes", 300.0, "toys", 100.0),
				Map.of("books", 60.0, "shoes", 15.0, "toys", 9.0), 50);
		assertThat(d.shown()).isEqualTo(1000);
		assertThat(d.groups()).extracting(ExposureAudit.Group::group).containsExactly("books", "shoes", "toys");
		assertThat(d.groups().get(0).share()).isCloseTo(0.6, within(1e-12));
		assertThat(d.groups().get(1).ctr()).isCloseTo(0.05, within(1e-12));
		// the largest share against an even third
		assertThat(d.largestShareOverEven()).isCloseTo(1.8, within(1e-12));
		// lowest CTR (shoes 0.05) over highest (books 0.10)
		assertThat(d.ctrRatio()).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void groupsShownTooLittleStayOutOfTheRatio() {
		ExposureAudit.Dimension d = ExposureAudit.of(Map.of("new", 10.0, "established", 990.0),
				Map.of("new", 0.0, "established", 99.0), 50);
		// only one group is rated: no ratio
		assertThat(d.ctrRatio()).isNaN();
		assertThat(d.groups().get(1).ctr()).isZero();
		ExposureAudit.Dimension even = ExposureAudit.of(Map.of("a", 5.0, "b", 5.0), Map.of(), 1);
		assertThat(even.largestShareOverEven()).isCloseTo(1, within(1e-12));
		assertThat(even.ctrRatio()).isNaN(); // no clicks at all
		assertThat(ExposureAudit.of(Map.of(), Map.of(), 1).largestShareOverEven()).isNaN();
	}

}
