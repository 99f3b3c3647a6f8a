package dev.kairos.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.similarity.PartnerList;
import dev.kairos.features.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;

/**
 * The items' co-occurrence lists, their Space-Saving state kept in the worker
 * ({@link PartnerList}) and written to Redis as only the partners that changed.
 *
 * <p>
 * The events are keyed by user, so the pairs of one user's items, and so the writes to
 * one item's list, come from any partition and any worker: no worker owns a list. Each
 * list therefore carries a version in Redis ({@code kairos:{i:ID}:coov}), moved by every
 * write. A worker keeps the lists it wrote last with their versions (the most recently
 * used {@value #DEFAULT_CACHED_LISTS}), applies a batch's pairs to its copy and sends the
 * changed partners in one {@code co-occurrence.lua} call per item, which writes them only
 * if the list's version is still the copy's. If another worker wrote the list since (or
 * the copy is missing), the call writes nothing and answers the list as stored; the
 * worker applies the item's pairs to that and sends them again, in the next round trip.
 * With one worker, or items each written by one, a batch costs one round trip and no
 * re-read of the lists.
 *
 * <p>
 * Each write carries a token of its own, so the same call delivered twice (a client's
 * retry) writes once. A write that fails or does not answer leaves its items out of the
 * memory, to be read again on their next pair. The pairs come from the users' scripts for
 * events applied now only (never for a redelivered record), so a failure here loses pairs
 * and never counts one twice, as before the lists were kept in memory.
 *
 * <p>
 * The lists are the ones the script that re-read them every batch kept (the same
 * arithmetic in the same order, {@code CoOccurrenceScriptTest}). Safe for concurrent use:
 * an item's copy is taken out of the memory while a call works on it.
 */
final class RedisCoOccurrenceLists {

	/** How many items' lists a worker keeps in memory by default. */
	static final int DEFAULT_CACHED_LISTS = 10_000;

	/** How many round trips a batch tries before it gives up its pairs. */
	private static final int MAX_ROUNDS = 20;

	private static final LuaScripts.Script SCRIPT = LuaScripts.Script.load("co-occurrence");

	private final RedisSession redis;

	private final int capacity;

	private final int cachedLists;

	/** Item → its list as last written, most recently used last; guarded by itself. */
	private final LinkedHashMap<String, Copy> memory;

	/** This worker's write tokens. */
	private final WriteTokens tokens = new WriteTokens();

	/** A list and the version it was read or written at. */
	private record Copy(PartnerList list, long version) {
	}

	/** A pair to add to an item's list: the partner and the log of the increment. */
	record Pair(String partner, double logIncrement) {
	}

	/**
	 * @param capacity the most partners a list keeps
	 * @param cachedLists how many items' lists to keep in memory, ≥ 0
	 */
	RedisCoOccurrenceLists(RedisSession redis, int capacity, int cachedLists) {
		this.redis = redis;
		this.capacity = capacity;
		this.cachedLists = cachedLists;
		this.memory = new LinkedHashMap<>(16, 0.75f, true);
	}

	/**
	 * Adds pairs to items' lists: per item its pairs in order, one script call per item
	 * and round trip, one round trip if every list is in memory and unchanged by others.
	 * @param additions item → its pairs, in the order they are counted
	 */
	void add(Map<String, List<Pair>> additions) {
		// if a round fails, what it wrote is unknown: its items stay out of the memory,
		// to
		// be read again on their next pairs
		Map<String, Copy> pending = take(additions.keySet());
		for (int rounds = 0; !pending.isEmpty(); rounds++) {
			if (rounds == MAX_ROUNDS) {
				// other workers won every race for these lists: give up this batch's
				// pairs
				// for them (as a crash would) rather than wait without end
				throw new StoreUnavailableException(
						pending.size() + " co-occurrence lists changed under every one of " + MAX_ROUNDS + " writes",
						null);
			}
			pending = round(pending, additions);
		}
	}

	/**
	 * One round trip: writes the pairs to each item whose copy is known, reads the
	 * others.
	 * @return the items still to write, with their lists as stored now
	 */
	private Map<String, Copy> round(Map<String, Copy> pending, Map<String, List<Pair>> additions) {
		List<String> items = new ArrayList<>(pending.keySet());
		List<PartnerList> written = new ArrayList<>(items.size());
		List<String[]> keys = new ArrayList<>(items.size());
		List<String[]> args = new ArrayList<>(items.size());
		for (String item : items) {
			keys.add(new String[] { RedisKeys.coClicked(item), RedisKeys.coClickedSortedSet(item),
					RedisKeys.coClickedVersion(item) });
			Copy copy = pending.get(item);
			if (copy == null) {
				written.add(null);
				args.add(new String[] { "", "", "0" });
				continue;
			}
			PartnerList list = copy.list();
			for (Pair pair : additions.get(item)) {
				list.add(pair.partner(), pair.logIncrement());
			}
			written.add(list);
			args.add(arguments(copy.version(), list));
		}
		// a call Redis refused for want of the script is issued again as it is; a write
		// delivered twice is done once (its token)
		List<LuaScripts.Call<List<Object>>> calls = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			calls.add(SCRIPT.call(ScriptOutputType.MULTI, keys.get(i), args.get(i)));
		}
		List<List<Object>> answers = this.redis.run(calls);
		Map<String, Copy> again = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i++) {
			List<Object> answer = answers.get(i);
			long version = (Long) answer.get(1);
			if ((Long) answer.get(0) == 1) {
				PartnerList list = written.get(i);
				list.clearChanges();
				keep(items.get(i), new Copy(list, version));
			}
			else {
				again.put(items.get(i), new Copy(stored(answer), version));
			}
		}
		return again;
	}

	/** The script's arguments for a write: the version, a token, the changes. */
	private String[] arguments(long version, PartnerList list) {
		Map<String, Double> changed = list.changed();
		String[] args = new String[3 + 2 * changed.size() + list.removed().size()];
		args[0] = Long.toString(version);
		args[1] = this.tokens.next();
		args[2] = Integer.toString(changed.size());
		int a = 3;
		for (Map.Entry<String, Double> entry : changed.entrySet()) {
			args[a++] = entry.getKey();
			args[a++] = Double.toString(entry.getValue());
		}
		for (String partner : list.removed()) {
			args[a++] = partner;
		}
		return args;
	}

	/** The list a read answered: partner, log-sum, ... after the code and the version. */
	private PartnerList stored(List<Object> answer) {
		Map<String, Double> partners = new HashMap<>();
		for (int k = 2; k < answer.size(); k += 2) {
			partners.put((String) answer.get(k), Double.parseDouble((String) answer.get(k + 1)));
		}
		return new PartnerList(this.capacity, partners);
	}

	/** Takes the items' copies out of the memory ({@code null} for those not in it). */
	private Map<String, Copy> take(Iterable<String> items) {
		Map<String, Copy> taken = new LinkedHashMap<>();
		synchronized (this.memory) {
			for (String item : items) {
				taken.put(item, this.memory.remove(item));
			}
		}
		return taken;
	}

	private void keep(String item, Copy copy) {
		if (this.cachedLists == 0) {
			return;
		}
		synchronized (this.memory) {
			this.memory.put(item, copy);
			if (this.memory.size() > this.cachedLists) {
				this.memory.remove(this.memory.keySet().iterator().next());
			}
		}
	}

	/** How many lists are in memory now. */
	int cached() {
		synchronized (this.memory) {
			return this.memory.size();
		}
	}

}
