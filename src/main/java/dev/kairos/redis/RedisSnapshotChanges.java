package dev.kairos.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import dev.kairos.recommendations.SnapshotChanges;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices of changes to what serving snapshots hold, on the Redis pub/sub channel
 * {@value #CHANNEL} (in a Cluster, {@code PUBLISH} reaches subscribers on every node). A
 * message is {@code i ID ID ...} for items whose features changed, or
 * {@code c VERSION ID} for a catalogue write that made that catalogue version. Publishing
 * does not wait for Redis: a lost notice is caught up by the snapshot's version check and
 * full rebuilds.
 */
final class RedisSnapshotChanges implements SnapshotChanges {

	static final String CHANNEL = "kairos:snapshot";

	private static final Logger log = LoggerFactory.getLogger(RedisSnapshotChanges.class);

	private final AbstractRedisClient client;

	private final RedisSession session;

	private volatile Listener listener;

	private StatefulRedisPubSubConnection<String, String> connection;

	RedisSnapshotChanges(AbstractRedisClient client, RedisSession session) {
		this.client = client;
		this.session = session;
	}

	@Override
	public synchronized boolean subscribe(Listener listener) {
		this.listener = listener;
		if (this.connection != null) {
			return true;
		}
		try {
			StatefulRedisPubSubConnection<String, String> pubSub = (this.client instanceof RedisClusterClient cluster)
					? cluster.connectPubSub(StringCodec.UTF8)
					: ((RedisClient) this.client).connectPubSub(StringCodec.UTF8);
			pubSub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					deliver(message);
				}
			});
			pubSub.sync().subscribe(CHANNEL);
			this.connection = pubSub;
			return true;
		}
		catch (RuntimeException ex) {
			log.debug("Could not subscribe to {}: {}", CHANNEL, ex.getMessage());
			return false;
		}
	}

	private void deliver(String message) {
		Listener target = this.listener;
		if (target == null || message.length() < 2) {
			return;
		}
		try {
			List<String> parts = Arrays.asList(message.split(" "));
			if (message.startsWith("i ")) {
				target.itemsChanged(parts.subList(1, parts.size()), -1, false);
			}
			else if (message.startsWith("c ") && parts.size() == 3) {
				target.itemsChanged(List.of(parts.get(2)), Long.parseLong(parts.get(1)), false);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Ignored a malformed notice on {}: {}", CHANNEL, ex.getMessage());
		}
	}

	/** Announces items whose features changed (the worker, after a batch). */
	void featuresChanged(Collection<String> itemIds) {
		if (itemIds.isEmpty()) {
			return;
		}
		// a message per few hundred ids keeps each small
		List<String> ids = new ArrayList<>(itemIds);
		for (int from = 0; from < ids.size(); from += 500) {
			String message = "i " + String.join(" ", ids.subList(from, Math.min(ids.size(), from + 500)));
			this.session.commands().publish(CHANNEL, message);
		}
	}

	/**
	 * Announces a catalogue write: to this process's listener at once, on this thread,
	 * and to every other through the channel.
	 */
	void catalogueChanged(String itemId, long version) {
		this.session.commands().publish(CHANNEL, "c " + version + " " + itemId);
		Listener target = this.listener;
		if (target != null) {
			target.itemsChanged(List.of(itemId), version, true);
		}
	}

	synchronized void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
	}

}
