package dev.kairos.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kairos.features.UserErasure;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

/**
 * Erases a user's keys in one script on the user's slot ({@code user-erase.lua}, which
 * leaves the offset fence in the user's hash), then removes the user from the fans list
 * of each category the user had an interest in (those live in the categories' slots).
 */
class RedisUserErasure implements UserErasure {

	private static final LuaScripts.Script ERASE = LuaScripts.Script.load("user-erase");

	private final RedisSession redis;

	private final long fenceTtlSeconds;

	/**
	 * @param fenceTtlSeconds how long the offset fence is kept: as long as the user's own
	 * keys would be (the feature store's user TTL)
	 */
	RedisUserErasure(RedisSession redis, long fenceTtlSeconds) {
		this.redis = redis;
		this.fenceTtlSeconds = fenceTtlSeconds;
	}

	@Override
	public boolean erase(String userId, Map<Integer, Long> appliedThrough) {
		List<String> userKeys = new ArrayList<>(List.of(RedisKeys.user(userId), RedisKeys.userRecent(userId),
				RedisKeys.userConsumed(userId), RedisKeys.userSkipped(userId), RedisKeys.userEventIds(userId),
				RedisKeys.userDuplicates(userId), RedisKeys.userClock(userId)));
		String[] keys = userKeys.toArray(String[]::new);
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.fenceTtlSeconds));
		args.add(Long.toString(System.currentTimeMillis()));
		appliedThrough.forEach((partition, offset) -> {
			args.add(Integer.toString(partition));
			args.add(Long.toString(offset));
		});
		List<Object> result = this.redis
			.run(ERASE.<List<Object>>call(ScriptOutputType.MULTI, keys, args.toArray(String[]::new)));
		boolean had = ((Long) result.get(0)) == 1;
		List<String> categories = result.subList(1, result.size()).stream().map(String.class::cast).toList();
		if (!categories.isEmpty()) {
			this.redis.pipeline((r) -> {
				List<RedisFuture<Long>> futures = new ArrayList<>();
				for (String category : categories) {
					futures.add(r.zrem(RedisKeys.fans(category), userId));
				}
				return futures;
			});
		}
		return had || !categories.isEmpty();
	}

}
