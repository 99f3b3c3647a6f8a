package dev.kairos.redis;

import java.util.Base64;
import java.util.Map;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.learning.TowerStore;

/**
 * The two-tower snapshot in Redis: one hash, {@code kairos:{towers}:v1}, holding the
 * version and the encoded snapshot (base64, as the connection's codec is text), written
 * with one {@code HSET} so that a reader never sees a version with another's data.
 * Serving polls the version (one {@code HGET}) and loads the data when it moved.
 */
class RedisTowerStore implements TowerStore {

	private final RedisSession redis;

	RedisTowerStore(RedisSession redis) {
		this.redis = redis;
	}

	@Override
	public long nextVersion() {
		return this.redis.await(this.redis.commands().incr(RedisKeys.towersNextVersion()));
	}

	@Override
	public void publish(TowerSnapshot snapshot) {
		this.redis.await(this.redis.commands()
			.hset(RedisKeys.towers(), Map.of("version", Long.toString(snapshot.version()), "data",
					Base64.getEncoder().encodeToString(snapshot.encode()))));
	}

	@Override
	public long version() {
		String version = this.redis.await(this.redis.commands().hget(RedisKeys.towers(), "version"));
		return (version != null) ? Long.parseLong(version) : -1;
	}

	@Override
	public TowerSnapshot load() {
		String data = this.redis.await(this.redis.commands().hget(RedisKeys.towers(), "data"));
		return (data != null) ? TowerSnapshot.decode(Base64.getDecoder().decode(data)) : null;
	}

}
