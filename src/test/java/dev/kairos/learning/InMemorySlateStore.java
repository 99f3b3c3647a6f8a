package dev.kairos.learning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The slate join's state in memory, for tests of the join without Kafka. */
public final class InMemorySlateStore implements SlateJoin.Store {

	private final Map<String, SlateJoin.Pending> slates = new HashMap<>();

	private final Map<String, String> latest = new HashMap<>();

	private final TreeMap<Long, TreeSet<String>> due = new TreeMap<>();

	@Override
	public SlateJoin.Pending get(String recommendationId) {
		return this.slates.get(recommendationId);
	}

	@Override
	public void put(String recommendationId, SlateJoin.Pending pending) {
		this.slates.put(recommendationId, pending);
	}

	@Override
	public void remove(String recommendationId) {
		this.slates.remove(recommendationId);
	}

	@Override
	public String latest(String userId, String itemId) {
		return this.latest.get(userId + "\u0000" + itemId);
	}

	@Override
	public void putLatest(String userId, String itemId, String recommendationId) {
		this.latest.put(userId + "\u0000" + itemId, recommendationId);
	}

	@Override
	public void removeLatest(String userId, String itemId) {
		this.latest.remove(userId + "\u0000" + itemId);
	}

	@Override
	public void schedule(long closesAt, String recommendationId) {
		this.due.computeIfAbsent(closesAt, (t) -> new TreeSet<>()).add(recommendationId);
	}

	@Override
	public List<String> due(long time) {
		List<String> ids = new ArrayList<>();
		Map<Long, TreeSet<String>> head = this.due.headMap(time, true);
		head.values().forEach(ids::addAll);
		head.clear();
		return ids;
	}

	/** Slates (or early feedback) whose window is open. */
	public int open() {
		return this.slates.size();
	}

}
