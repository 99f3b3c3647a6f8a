package dev.kairos.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.events.InteractionEvent;
import dev.kairos.features.ImpressionExposures;
import io.lettuce.core.RedisFuture;

/**
 * The exposures of served items, in the user's slot (not the slate: that goes to Kafka
 * only), for the worker to count with the impressions that name them.
 *
 * <pre>
 * kairos:{u:ID}:s:REC   hash  item -&gt; "discount,item,user" (the slate's exposures), for the window
 * kairos:{u:ID}:served  hash  item -&gt; "REC;discount,item,user" of the latest slate that showed it
 * </pre>
 */
class RedisServedExposures implements ImpressionExposures {

	private final RedisSession redis;

	RedisServedExposures(RedisSession redis) {
		this.redis = redis;
	}

	private static String slate(String userId, String recommendationId) {
		return RedisKeys.userSlate(userId, recommendationId);
	}

	private static String served(String userId) {
		return RedisKeys.userServed(userId);
	}

	@Override
	public void remember(String userId, String recommendationId, Map<String, Exposure> exposures, Duration keep) {
		if (exposures.isEmpty()) {
			return;
		}
		Map<String, String> slate = new HashMap<>();
		Map<String, String> latest = new HashMap<>();
		exposures.forEach((item, e) -> {
			String value = e.discount() + "," + e.item() + "," + e.user();
			slate.put(item, value);
			latest.put(item, recommendationId + ";" + value);
		});
		long seconds = Math.max(1, keep.toSeconds());
		String key = slate(userId, recommendationId);
		this.redis.pipeline((r) -> List.of(cast(r.hset(key, slate)), cast(r.expire(key, seconds)),
				cast(r.hset(served(userId), latest)), cast(r.expire(served(userId), seconds))));
	}

	/** One pipelined round trip. */
	@Override
	public List<Exposure> of(List<InteractionEvent> impressions) {
		List<String> stored = this.redis.pipeline((r) -> {
			List<RedisFuture<String>> futures = new ArrayList<>(impressions.size());
			for (InteractionEvent e : impressions) {
				futures.add((e.recommendationId() != null) ? r.hget(slate(e.userId(), e.recommendationId()), e.itemId())
						: r.hget(served(e.userId()), e.itemId()));
			}
			return futures;
		});
		List<Exposure> exposures = new ArrayList<>(impressions.size());
		int found = 0;
		for (String value : stored) {
			if (value == null) {
				exposures.add(null);
				continue;
			}
			found++;
			String[] parts = value.substring(value.indexOf(';') + 1).split(",");
			exposures.add(new Exposure(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
					Double.parseDouble(parts[2])));
		}
		this.redis.metrics().impressionsJoined(found, impressions.size() - found);
		return exposures;
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> cast(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

}
