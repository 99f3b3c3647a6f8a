package dev.kairos.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.kairos.core.bandit.Arm;
import dev.kairos.core.eval.LoggedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenBanditLogTest {

	private static final Path MEN = Path.of("data/open-bandit/random/men");

	@Test
	void readsTheMenSampleAsDocumented() throws Exception {
		List<LoggedEvent> log = OpenBanditLog.read(MEN.resolve("men.csv"), MEN.resolve("item_context.csv"));

		// the counts of data/open-bandit/README.md
		assertThat(log).hasSize(10_000);
		assertThat(log.stream().mapToDouble(LoggedEvent::reward).sum()).isEqualTo(46);
		assertThat(log).allSatisfy((event) -> {
			assertThat(event.candidates()).hasSize(34);
			assertThat(event.propensity()).isCloseTo(1.0 / 34, within(1e-12));
			assertThat(event.position()).isBetween(1, 3);
		});
		LoggedEvent first = log.get(0);
		assertThat(first.chosenId()).isEqualTo("14");
		assertThat(first.position()).isEqualTo(3);
		assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-11-24T00:03:13.442536Z"));
	}

	@Test
	void everyCandidateSharesTheUserPartAndHasItsOwnItemPart() throws Exception {
		LoggedEvent first = OpenBanditLog.read(MEN.resolve("men.csv"), MEN.resolve("item_context.csv")).get(0);

		for (Arm candidate : first.candidates()) {
			assertThat(candidate.features()).hasSize(OpenBanditFeatures.DIMENSION);
			assertThat(Arrays.copyOf(candidate.features(), OpenBanditFeatures.SHARED_LENGTH))
				.containsExactly(first.context());
		}
		double[] shared = first.context();
		// four user features, slot 3, bias
		assertThat(Arrays.stream(shared, 0, OpenBanditFeatures.USER_BUCKETS).sum()).isEqualTo(4);
		assertThat(shared[OpenBanditFeatures.POSITION_OFFSET + 2]).isEqualTo(1);
		assertThat(shared[OpenBanditFeatures.BIAS_INDEX]).isEqualTo(1);
		// item 0: item_feature_0 = -0.6771831139635117
		assertThat(first.candidates().get(0).features()[OpenBanditFeatures.ITEM_NUMERIC_INDEX])
			.isEqualTo(-0.6771831139635117);
	}

	@Test
	void parsesTimestampsWithAndWithoutMicroseconds() {
		assertThat(OpenBanditLog.parseTimestamp("2019-11-24 00:03:13+00:00"))
			.isEqualTo(Instant.parse("2019-11-24T00:03:13Z"));
		assertThat(OpenBanditLog.parseTimestamp("2019-11-24 00:03:13.5+00:00"))
			.isEqualTo(Instant.parse("2019-11-24T00:03:13.500Z"));
	}

}
