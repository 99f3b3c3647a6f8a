package dev.kairos.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.items.Item;
import dev.kairos.items.ItemCatalog;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue in the items' Redis hashes, beside their features, so the request path
 * reads both with one command per item. Upserts also place the item in the ranked lists
 * of its category (moving it if the category changed); retiring removes it from all of
 * them. Each step is idempotent, so a client may simply retry a failed call.
 */
class RedisItemCatalog implements ItemCatalog {

	private static final LuaScripts.Script UPSERT = LuaScripts.Script.load("item-upsert");

	private final RedisSession redis;

	private final JsonMapper json;

	private final Clock clock;

	private final RedisSnapshotChanges changes;

	/** Whether items from before the ids index are known to be indexed. */
	private volatile boolean indexed;

	RedisItemCatalog(RedisSession redis, JsonMapper json, Clock clock, RedisSnapshotChanges changes) {
		this.redis = redis;
		this.changes = changes;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public boolean upsert(Item item, boolean createdAtGiven) {
		List<Object> result = this.redis
			.run(UPSERT.<List<Object>>call(ScriptOutputType.MULTI, new String[] { RedisKeys.item(item.itemId()) },
					item.category(), this.json.writeValueAsString(item.tags()),
					this.json.writeValueAsString(item.attributes()), Long.toString(item.createdAt().toEpochMilli()),
					createdAtGiven ? "1" : "0", item.active() ? "1" : "0", Long.toString(this.clock.millis())));
		boolean created = ((Long) result.get(0)) == 1;
		String previousCategory = (String) result.get(1);
		double createdAt = Double.parseDouble((String) result.get(2));
		String popularity = (String) result.get(3);
		String trending = (String) result.get(4);
		double exposure = Double.parseDouble((String) result.get(5));
		String id = item.itemId();
		List<Long> answers = this.redis.pipeline((r) -> {
			List<RedisFuture<Long>> futures = new ArrayList<>();
			if (!previousCategory.isEmpty() && !previousCategory.equals(item.category())) {
				for (Kind kind : RankedList.CATALOGUE_KINDS) {
					futures.add(r.zrem(RedisKeys.ranked(new RankedList(kind, previousCategory)), id));
				}
				futures.add(r.zrem(RedisKeys.itemIds(previousCategory), id));
			}
			futures.add(r.zadd(RedisKeys.itemIds(null), 0, id));
			futures.add(r.zadd(RedisKeys.itemIds(item.category()), 0, id));
			for (String category : new String[] { null, item.category() }) {
				if (!item.active()) {
					for (Kind kind : RankedList.CATALOGUE_KINDS) {
						futures.add(r.zrem(RedisKeys.ranked(new RankedList(kind, category)), id));
					}
					continue;
				}
				futures.add(r.zadd(RedisKeys.ranked(new RankedList(Kind.NEW, category)), createdAt, id));
				futures.add(r.zadd(RedisKeys.ranked(new RankedList(Kind.LEAST_SHOWN, category)), exposure, id));
				if (!popularity.isEmpty()) {
					futures.add(r.zadd(RedisKeys.ranked(new RankedList(Kind.POPULAR, category)), ZAddArgs.Builder.gt(),
							Double.parseDouble(popularity), id));
					futures.add(r.zadd(RedisKeys.ranked(new RankedList(Kind.TRENDING, category)), ZAddArgs.Builder.gt(),
							Double.parseDouble(trending), id));
				}
			}
			// last: a request that reads the new version sees the item as it is now
			futures.add(r.incr(RedisKeys.catalogueVersion()));
			return futures;
		});
		this.changes.catalogueChanged(id, answers.get(answers.size() - 1));
		return created;
	}

	@Override
	public boolean retire(String itemId) {
		String key = RedisKeys.item(itemId);
		String category = this.redis.await(this.redis.commands().hget(key, "c"));
		if (category == null) {
			return false;
		}
		List<Object> answers = this.redis.pipeline((r) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>();
			futures.add(cast(r.hset(key, "a", "0")));
			for (String scope : new String[] { null, category }) {
				for (Kind kind : RankedList.CATALOGUE_KINDS) {
					futures.add(cast(r.zrem(RedisKeys.ranked(new RankedList(kind, scope)), itemId)));
				}
			}
			futures.add(cast(r.incr(RedisKeys.catalogueVersion())));
			return futures;
		});
		this.changes.catalogueChanged(itemId, (Long) answers.get(answers.size() - 1));
		return true;
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> cast(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

	@Override
	public Optional<Item> find(String itemId) {
		return parse(itemId, this.redis.await(this.redis.commands().hgetall(RedisKeys.item(itemId))));
	}

	/**
	 * Reads the ids index in id order ({@code ZRANGEBYLEX}, so a page starts right after
	 * the previous page's last id whatever changed meanwhile), then the items' hashes in
	 * one pipeline. An id whose hash is gone (expired or deleted by hand) is skipped.
	 */
	@Override
	public Page page(String category, String after, int limit) {
		indexOnce();
		Range<String> range = Range.from((after == null) ? Range.Boundary.unbounded() : Range.Boundary.excluding(after),
				Range.Boundary.unbounded());
		List<String> ids = this.redis
			.await(this.redis.commands().zrangebylex(RedisKeys.itemIds(category), range, Limit.create(0, limit + 1)));
		boolean more = ids.size() > limit;
		List<String> page = more ? ids.subList(0, limit) : ids;
		List<Map<String, String>> hashes = this.redis.pipeline((r) -> {
			List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(page.size());
			for (String id : page) {
				futures.add(r.hgetall(RedisKeys.item(id)));
			}
			return futures;
		});
		List<Item> items = new ArrayList<>(page.size());
		for (int i = 0; i < page.size(); i++) {
			parse(page.get(i), hashes.get(i)).ifPresent(items::add);
		}
		return new Page(items, more);
	}

	/**
	 * Items stored before the ids index existed are indexed once, by scanning the item
	 * hashes, the first time a page is asked for and the index is missing.
	 */
	private void indexOnce() {
		if (this.indexed) {
			return;
		}
		if (this.redis.await(this.redis.commands().exists(RedisKeys.itemIds(null))) == 0) {
			ScanArgs match = ScanArgs.Builder.matches("kairos:{i:*}").limit(1000);
			KeyScanCursor<String> cursor = this.redis.await(this.redis.commands().scan(match));
			while (true) {
				List<String> keys = cursor.getKeys().stream().filter((key) -> key.endsWith("}")).toList();
				List<String> categories = this.redis.pipeline((r) -> {
					List<RedisFuture<String>> futures = new ArrayList<>(keys.size());
					for (String key : keys) {
						futures.add(r.hget(key, "c"));
					}
					return futures;
				});
				this.redis.pipeline((r) -> {
					List<RedisFuture<Long>> futures = new ArrayList<>();
					for (int i = 0; i < keys.size(); i++) {
						if (categories.get(i) != null) {
							String id = keys.get(i).substring("kairos:{i:".length(), keys.get(i).length() - 1);
							futures.add(r.zadd(RedisKeys.itemIds(null), 0, id));
							futures.add(r.zadd(RedisKeys.itemIds(categories.get(i)), 0, id));
						}
					}
					return futures;
				});
				if (cursor.isFinished()) {
					break;
				}
				KeyScanCursor<String> previous = cursor;
				cursor = this.redis.await(this.redis.commands().scan(previous, match));
			}
		}
		this.indexed = true;
	}

	private Optional<Item> parse(String itemId, Map<String, String> hash) {
		if (hash.get("c") == null) {
			return Optional.empty();
		}
		List<String> tags = this.json.readValue(hash.getOrDefault("tags", "[]"), new TypeReference<List<String>>() {
		});
		Map<String, Object> attributes = this.json.readValue(hash.getOrDefault("attrs", "{}"),
				new TypeReference<LinkedHashMap<String, Object>>() {
				});
		return Optional.of(new Item(itemId, hash.get("c"), tags, attributes,
				Instant.ofEpochMilli(Long.parseLong(hash.get("ca"))), "1".equals(hash.get("a"))));
	}

}
