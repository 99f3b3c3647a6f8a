package dev.kairos.bench.sim;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kairos.bench.eval.SimulatedWorld;
import dev.kairos.bench.eval.Worlds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation suite's generalized world, with the default spec, is the simulator's
 * world: same items, users, drift and click probabilities for the same seed.
 */
class DefaultWorldTest {

	@Test
	void theSuitesDefaultWorldIsTheSimulatorsWorld() {
		int requests = 10_000;
		World world = new World(3, 12, 600, 60, 500, requests, requests * 3 / 5, 0.3);
		SimulatedWorld general = new SimulatedWorld(Worlds.DEFAULT, 3, requests);
		assertThat(general.itemCount()).isEqualTo(world.itemCount());
		List<Integer> active = world.activeAt(0);
		assertThat(general.activeAt(0)).isEqualTo(active);
		for (int request : new int[] { 0, 1_234, 5_999, 6_000, 9_999 }) {
			// the simulator spreads 10 days over the requests, as the suite does
			double hour = (general.at(request).toEpochMilli() % 86_400_000L) / 3_600_000.0;
			for (int user = 0; user < 500; user += 7) {
				for (int item = 0; item < world.itemCount(); item += 13) {
					assertThat(general.attraction(user, item, request)).isCloseTo(
							world.attraction(user, item, hour, request), org.assertj.core.data.Offset.offset(1e-12));
				}
			}
		}
		assertThat(general.positionBias(3)).isEqualTo(World.positionBias(3));
	}

}
