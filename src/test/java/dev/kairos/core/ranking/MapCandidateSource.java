package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.embedding.TowerSnapshot;

/**
 * A candidate source over maps, for tests and benchmarks of the ranking: the items, their
 * co-occurrences and the towers as the test puts them; no ranked list unless a subclass
 * answers {@link #list}; no clock categories; a base rate of 0.05.
 */
public class MapCandidateSource implements CandidateSource {

	/** The catalogue, by item id. */
	public final Map<String, CatalogueItem> items = new HashMap<>();

	/** Each item's co-occurrences. */
	public final Map<String, CoOccurrences> co = new HashMap<>();

	/** The towers' snapshot, or {@code null}. */
	public TowerSnapshot towers;

	@Override
	public List<String> list(ListKind kind, String category) {
		return List.of();
	}

	@Override
	public List<String> coClicked(String itemId) {
		return coOccurrences(itemId).partners();
	}

	@Override
	public CoOccurrences coOccurrences(String itemId) {
		return this.co.getOrDefault(itemId, CoOccurrences.EMPTY);
	}

	@Override
	public CatalogueItem item(String itemId) {
		return this.items.get(itemId);
	}

	@Override
	public TowerSnapshot towers() {
		return this.towers;
	}

	@Override
	public Set<String> clockCategories() {
		return Set.of();
	}

	@Override
	public ClockIntensity globalIntensity() {
		return ClockIntensity.of(null);
	}

	@Override
	public double baseRate() {
		return 0.05;
	}

}
