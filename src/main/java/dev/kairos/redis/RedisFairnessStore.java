package dev.kairos.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.kairos.fairness.FairnessStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exposure audit's counts in one hash ({@code kairos:{g}:fairness}), added by
 * {@code exposure.lua} under the join output's offsets, and the items' category, creation
 * time and attributes read from their hashes.
 */
class RedisFairnessStore implements FairnessStore {

	private static final LuaScripts.Script EXPOSURE = LuaScripts.Script.load("exposure");

	private final RedisSession redis;

	private final JsonMapper json;

	RedisFairnessStore(RedisSession redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	@Override
	public void add(int partition, List<Count> counts) {
		if (counts.isEmpty()) {
			return;
		}
		List<String> argv = new ArrayList<>(3 + 4 * counts.size());
		argv.add(Integer.toString(partition));
		argv.add("");
		argv.add("0");
		for (Count c : counts) {
			argv.addAll(List.of(Long.toString(c.offset()), c.field(), Double.toString(c.increment()), "0"));
		}
		this.redis.run(EXPOSURE.<Long>call(ScriptOutputType.INTEGER, new String[] { RedisKeys.fairness() },
				argv.toArray(String[]::new)));
	}

	@Override
	public Map<String, Double> counts() {
		Map<String, Double> counts = new LinkedHashMap<>();
		this.redis.await(this.redis.commands().hgetall(RedisKeys.fairness())).forEach((field, value) -> {
			if (!field.startsWith("x:")) {
				counts.put(field, Double.parseDouble(value));
			}
		});
		return counts;
	}

	@Override
	public Map<String, ItemFacts> items(Collection<String> itemIds) {
		List<String> ids = new ArrayList<>(new LinkedHashSet<>(itemIds));
		List<List<KeyValue<String, String>>> found = this.redis.pipeline((r) -> {
			List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>(ids.size());
			for (String id : ids) {
				futures.add(r.hmget(RedisKeys.item(id), "c", "ca", "attrs"));
			}
			return futures;
		});
		Map<String, ItemFacts> facts = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			List<KeyValue<String, String>> fields = found.get(i);
			if (!fields.get(0).hasValue()) {
				continue;
			}
			long created = fields.get(1).hasValue() ? (long) Double.parseDouble(fields.get(1).getValue())
					: Long.MIN_VALUE;
			facts.put(ids.get(i),
					new ItemFacts(fields.get(0).getValue(), created, attributes(fields.get(2).getValueOrElse(null))));
		}
		return facts;
	}

	@Override
	public Map<String, Map<String, String>> userContexts(Collection<String> userIds) {
		List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
		List<String> found = this.redis.pipeline((r) -> {
			List<RedisFuture<String>> futures = new ArrayList<>(ids.size());
			for (String id : ids) {
				futures.add(r.hget(RedisKeys.user(id), "cx"));
			}
			return futures;
		});
		Map<String, Map<String, String>> contexts = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			Map<String, String> context = attributes(found.get(i));
			if (!context.isEmpty()) {
				contexts.put(ids.get(i), context);
			}
		}
		return contexts;
	}

	private Map<String, String> attributes(String stored) {
		if (stored == null || stored.isEmpty()) {
			return Map.of();
		}
		Map<String, String> attributes = new HashMap<>();
		try {
			JsonNode node = this.json.readTree(stored);
			node.properties().forEach((e) -> attributes.put(e.getKey(), e.getValue().asString()));
		}
		catch (RuntimeException ex) {
			return Map.of(); // written by the catalogue: unreadable only across an
								// upgrade
		}
		return attributes;
	}

}
