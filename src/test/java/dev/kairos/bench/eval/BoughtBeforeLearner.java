package dev.kairos.bench.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bought-before ("buy it again"): the user's own clicked or bought items, most recent
 * first (ties by item id), then the most clicked and bought items overall (ties by item
 * id) for the rest of the slate. The strongest simple method that uses repeat
 * consumption, to compare Kairos's learned repeat places with on real data; in the
 * simulated worlds, where nothing is consumed twice, it only wastes places.
 */
final class BoughtBeforeLearner implements Learner {

	private final Set<String> catalogue = new HashSet<>();

	/** Per user, each consumed item's latest time. */
	private final Map<String, Map<String, Long>> consumed = new HashMap<>();

	/** Per item, its clicks and purchases. */
	private final Map<String, Long> counts = new HashMap<>();

	/** The catalogue's items, most consumed first, rebuilt when asked after a change. */
	private List<String> popular = List.of();

	private boolean popularStale = true;

	private long slates;

	@Override
	public String name() {
		return "bought-before";
	}

	@Override
	public void addItems(List<Item> items) {
		for (Item item : items) {
			this.popularStale |= this.catalogue.add(item.itemId());
		}
	}

	@Override
	public Slate recommend(Request request) {
		LinkedHashSet<String> slate = new LinkedHashSet<>();
		Map<String, Long> own = this.consumed.getOrDefault(request.userId(), Map.of());
		own.entrySet()
			.stream()
			.filter((e) -> this.catalogue.contains(e.getKey()))
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(request.count())
			.forEach((e) -> slate.add(e.getKey()));
		if (slate.size() < request.count()) {
			for (String id : popular()) {
				if (slate.size() == request.count()) {
					break;
				}
				slate.add(id);
			}
		}
		return new Slate(name() + "-" + (++this.slates), new ArrayList<>(slate));
	}

	private List<String> popular() {
		if (this.popularStale) {
			List<String> all = new ArrayList<>(this.catalogue);
			all.sort(Comparator.<String>comparingLong((id) -> -this.counts.getOrDefault(id, 0L))
				.thenComparing(Comparator.naturalOrder()));
			this.popular = all;
			this.popularStale = false;
		}
		return this.popular;
	}

	@Override
	public void observe(List<Event> events) {
		for (Event e : events) {
			if (e.type().consumes()) {
				this.consumed.computeIfAbsent(e.userId(), (u) -> new HashMap<>())
					.merge(e.itemId(), e.timestamp().toEpochMilli(), Math::max);
				this.counts.merge(e.itemId(), 1L, Long::sum);
				this.popularStale = true;
			}
		}
	}

}
