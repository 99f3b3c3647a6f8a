package dev.kairos.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.interestclock.GlobalClockMasses;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockCodec;
import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.features.EventEffect;
import dev.kairos.features.FeatureSettings;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;

/**
 * The Interest Clocks in Redis. A user's clock is one compact value
 * ({@link InterestClockCodec}, base64) read, moved and written back by the worker: a
 * user's events all come from one partition, so one worker at a time writes a user's
 * clock. The global clock must take every worker's events, so it is kept additive instead
 * ({@link GlobalClockMasses}: the arithmetic lives in core): one hash field per
 * (category, hour), raised with {@code HINCRBYFLOAT} by any worker in any order, once per
 * batch ({@code population-counts.lua}, by the caller).
 *
 * <p>
 * Only events applied for the first time move the clocks, so redelivered records do not
 * count twice; a worker that dies between the feature scripts and the clock write loses
 * that batch's clock moves (counts and features are exact, the clocks are best effort).
 */
final class RedisInterestClocks {

	/** The most users a category's index keeps. */
	static final int FANS = 200;

	private final RedisSession redis;

	private final FeatureSettings settings;

	private final GlobalClockMasses global;

	RedisInterestClocks(RedisSession redis, FeatureSettings settings) {
		this.redis = redis;
		this.settings = settings;
		InterestClockParameters p = settings.clock();
		this.global = new GlobalClockMasses(new InterestClockParameters(p.sigmaHours(), p.halfLife(), 1, 1, 4096));
	}

	/**
	 * Moves the clocks of the users with events applied now, and answers what the global
	 * clock's masses grow by, which the caller adds once ({@code population-counts.lua},
	 * guarded by a write token: an increment sent twice would count twice).
	 * @return the global clock's field → mass to add, summed over the batch
	 */
	Map<String, Double> apply(List<EventEffect> appliedNow, Map<String, String> categories) {
		Map<String, List<EventEffect>> byUser = new LinkedHashMap<>();
		for (EventEffect e : appliedNow) {
			if (categories.containsKey(e.itemId()) && this.settings.clockReward(e.type()) != 0) {
				byUser.computeIfAbsent(e.userId(), (u) -> new ArrayList<>()).add(e);
			}
		}
		if (byUser.isEmpty()) {
			return Map.of();
		}
		List<String> users = new ArrayList<>(byUser.keySet());
		List<String> stored = this.redis.pipeline((r) -> {
			List<RedisFuture<String>> futures = new ArrayList<>(users.size());
			for (String user : users) {
				futures.add(r.get(RedisKeys.userClock(user)));
			}
			return futures;
		});
		long ttl = this.settings.userTtl().toSeconds();
		// the global clock's masses summed per field over the batch, and each category's
		// index trimmed once: a few dozen commands instead of several per event
		Map<String, Double> masses = new LinkedHashMap<>();
		// the category indexes' moves: per category, the users who hold some of it and
		// those who hold none
		Map<String, List<ScoredValue<String>>> fans = new LinkedHashMap<>();
		Map<String, List<String>> gone = new LinkedHashMap<>();
		this.redis.pipeline((r) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>();
			for (int u = 0; u < users.size(); u++) {
				InterestClock clock = decode(stored.get(u));
				if (clock == null) {
					clock = new InterestClock(this.settings.clock());
				}
				for (EventEffect e : byUser.get(users.get(u))) {
					String category = categories.get(e.itemId());
					double reward = this.settings.clockReward(e.type());
					double hour = hourOf(e.timestampMillis());
					clock.update(category, hour, reward, Math.max(clock.lastUpdateMillis(), e.timestampMillis()));
					masses.merge(GlobalClockMasses.field(category, hour), this.global.mass(reward, e.timestampMillis()),
							Double::sum);
				}
				// the category index of the dashboard's item inspector: how much of each
				// category moved here this user's clock now holds
				Set<String> moved = new HashSet<>();
				byUser.get(users.get(u)).forEach((e) -> moved.add(categories.get(e.itemId())));
				for (String category : moved) {
					double held = GlobalClockMasses.held(clock, category);
					if (held > 0) {
						fans.computeIfAbsent(category, (c) -> new ArrayList<>())
							.add(ScoredValue.just(held, users.get(u)));
					}
					else {
						gone.computeIfAbsent(category, (c) -> new ArrayList<>()).add(users.get(u));
					}
				}
				futures.add(cast(r.set(RedisKeys.userClock(users.get(u)),
						Base64.getEncoder().encodeToString(InterestClockCodec.encode(clock)),
						SetArgs.Builder.ex(ttl))));
			}
			// one ZADD and one ZREM per category (a user is in a batch once), then the
			// trim
			fans.forEach((category, members) -> futures
				.add(cast(r.zadd(RedisKeys.fans(category), members.toArray(ScoredValue[]::new)))));
			gone.forEach((category, members) -> futures
				.add(cast(r.zrem(RedisKeys.fans(category), members.toArray(String[]::new)))));
			for (String category : fans.keySet()) {
				futures.add(cast(r.zremrangebyrank(RedisKeys.fans(category), 0, -FANS - 1)));
			}
			return futures;
		});
		return masses;
	}

	/** The global clock as of {@code nowMillis}. */
	InterestClock global(long nowMillis) {
		Map<String, String> stored = this.redis.await(this.redis.commands().hgetall(RedisKeys.globalClock()));
		Map<String, Double> masses = new LinkedHashMap<>();
		stored.forEach((field, value) -> {
			try {
				masses.put(field, Double.parseDouble(value));
			}
			catch (NumberFormatException ex) {
				// not a mass: ignored
			}
		});
		return this.global.clock(masses, nowMillis);
	}

	/**
	 * A stored user clock, or {@code null} if there is none or it was made with other
	 * parameters.
	 */
	InterestClock decode(String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return InterestClockCodec.decode(Base64.getDecoder().decode(stored), this.settings.clock());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private double hourOf(long millis) {
		return InterestClock.hourOfDay(Instant.ofEpochMilli(millis), this.settings.zone());
	}

	@SuppressWarnings("unchecked")
	private static RedisFuture<Object> cast(RedisFuture<?> future) {
		return (RedisFuture<Object>) future;
	}

}
