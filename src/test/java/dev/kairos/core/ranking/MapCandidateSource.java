package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.embedding.TowerSnapshot;

/**
 * A candidate source over maps, for tests and benchmarks of the ranking: the items, their
 * co-occurrences and the towers as the test puts them, made into an {@link ItemCatalogue}
 * at each request (or once, after {@link #freeze()}); no ranked list unless a subclass
 * answers {@link #list}; no clock categories; a base rate of 0.05.
 */
public class MapCandidateSource implements CandidateSource {

	/** The catalogue, by item id. */
	public final Map<String, CatalogueItem> items = new HashMap<>();

	/** Each item's co-occurrences. */
	public final Map<String, CoOccurrences> co = new HashMap<>();

	/** The towers' snapshot, or {@code null}. */
	public TowerSnapshot towers;

	private ItemCatalogue frozen;

	/**
	 * A ranked list's first items, as the catalogue is built with them.
	 * @param category the category, or {@code null} for the whole catalogue
	 */
	public List<String> list(ListKind kind, String category) {
		return List.of();
	}

	/**
	 * Builds the catalogue once from what the maps hold now and serves it from then on
	 * (for benchmarks: the maps must not change after).
	 */
	public void freeze() {
		this.frozen = null;
		this.frozen = catalogue();
	}

	@Override
	public ItemCatalogue catalogue() {
		if (this.frozen != null) {
			return this.frozen;
		}
		ItemCatalogue.Builder builder = ItemCatalogue.builder().items(this.items.values());
		Set<String> categories = new LinkedHashSet<>();
		categories.add(null);
		this.items.values().forEach((item) -> categories.add(item.category()));
		for (ListKind kind : ListKind.values()) {
			for (String category : categories) {
				List<String> list = list(kind, category);
				if (!list.isEmpty()) {
					builder.list(kind, category, list);
				}
			}
		}
		this.co.forEach(builder::coOccurrences);
		return builder.build();
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
