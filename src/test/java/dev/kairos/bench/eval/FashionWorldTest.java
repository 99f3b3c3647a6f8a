package dev.kairos.bench.eval;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fashion world's drift: half the categories appeal to everyone and half put them off
 * until the drift, then the other way round, while the users' own interests stay.
 */
class FashionWorldTest {

	private static final int REQUESTS = 4_000;

	@Test
	void theCategoriesAppealFlipsForEveryoneAtTheDriftAndUsersInterestsStay() {
		SimulatedWorld world = new SimulatedWorld(Worlds.FASHION, 5, REQUESTS);
		int drift = world.driftRequest();
		assertThat(drift).isEqualTo(REQUESTS / 2);
		int categories = Worlds.FASHION.categories();
		int hot = 0;
		for (int c = 0; c < categories; c++) {
			double before = world.appeal(c, drift - 1);
			assertThat(Math.abs(before)).isEqualTo(1.0);
			assertThat(world.appeal(c, 0)).isEqualTo(before);
			assertThat(world.appeal(c, drift)).isEqualTo(-before);
			assertThat(world.appeal(c, REQUESTS - 1)).isEqualTo(-before);
			hot += (before > 0) ? 1 : 0;
		}
		assertThat(hot).isEqualTo(categories / 2);
		for (int u = 0; u < world.users(); u += 37) {
			for (int c = 0; c < categories; c++) {
				assertThat(world.interest(u, c, drift)).isEqualTo(world.interest(u, c, drift - 1));
			}
		}
		// an item of a hot category: clicked more before the drift than after, by the
		// logit's shift of 2 × 2
		List<Integer> active = world.activeAt(drift);
		int item = active.stream().filter((i) -> world.appeal(world.itemCategory[i], 0) > 0).findFirst().orElseThrow();
		double before = world.attraction(0, item, drift - 1);
		double after = world.attraction(0, item, drift);
		double logitShift = Math.log(before / (1 - before)) - Math.log(after / (1 - after));
		assertThat(logitShift).isCloseTo(4.0, within(1e-9));
	}

	@Test
	void worldsWithoutCategoryAppealHaveNone() {
		SimulatedWorld world = new SimulatedWorld(Worlds.DAY_PARTS, 5, REQUESTS);
		for (int c = 0; c < Worlds.DAY_PARTS.categories(); c++) {
			assertThat(world.appeal(c, 0)).isZero();
			assertThat(world.appeal(c, REQUESTS - 1)).isZero();
		}
	}

}
