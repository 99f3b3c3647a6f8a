package dev.kairos.recommendations;

import java.util.List;

import dev.kairos.core.embedding.HnswIndex;
import dev.kairos.core.embedding.ItemContent;
import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TwoTowerModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serving never rebuilds the HNSW index sooner than four times its last build's duration,
 * whatever the configured interval: a build slower than the interval (minutes at 500,000
 * items) would otherwise run back to back and keep a core busy.
 */
class IndexRebuildPacingTest {

	@Test
	void theIntervalHoldsUnlessTheBuildTookMoreThanAQuarterOfIt() {
		TwoTowerModel model = new TwoTowerModel(TwoTowerModel.Parameters.DEFAULTS);
		for (int i = 0; i < 2_000; i++) {
			model.register(new ItemContent("i" + i, List.of("category=c" + (i % 7), "tag=t" + (i % 31))));
		}
		TowerSnapshot snapshot = model.snapshot(1, (id) -> true);
		HnswIndex index = HnswIndex.build(snapshot, HnswIndex.Settings.DEFAULTS, 0);
		long buildMillis = index.buildNanos() / 1_000_000;
		assertThat(buildMillis).isPositive();
		HnswIndex.Settings minute = HnswIndex.Settings.DEFAULTS;
		assertThat(ServingSnapshots.rebuildAfterMillis(index, minute)).isEqualTo(Math.max(60_000, 4 * buildMillis));
		HnswIndex.Settings eager = new HnswIndex.Settings(0, 16, 100, 200, 100_000, 1, 0.05, 42);
		assertThat(ServingSnapshots.rebuildAfterMillis(index, eager)).isEqualTo(4 * buildMillis);
	}

}
