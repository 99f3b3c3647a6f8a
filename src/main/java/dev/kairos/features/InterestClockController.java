package dev.kairos.features;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.kairos.core.interestclock.ClockHeatmap;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.validation.Ids;
import dev.kairos.validation.Labels;
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.UnknownEntityException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Interest Clocks as 24-hour × category grids ({@link ClockHeatmap}): a user's
 * ({@code GET /users/{userId}/clock}) and the global one, all users' events together
 * ({@code GET /clock}, optionally for one {@code category}); and the users whose clocks
 * favour a category at an hour ({@code GET /clock/fans}).
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class InterestClockController {

	/** How many of a category's strongest users are read at the hour. */
	static final int FAN_CANDIDATES = 50;

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final Clock clock;

	InterestClockController(FeatureStore store, FeatureSettings settings, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The wire form of a clock.
	 *
	 * @param userId the user, or {@code null} for the global clock
	 * @param zone the time zone whose hours the clock counts
	 * @param events updates the clock has taken (the user's amount of history)
	 * @param hours per hour of day, the request time {@code at} that reads that hour
	 * today
	 * @param peak the largest preference of the grid
	 * @param categories per category, 24 preferences and intensities (peak = 1),
	 * strongest first
	 */
	record ClockView(String userId, String zone, long events, List<Hour> hours, double peak,
			List<CategoryRow> categories) {
	}

	/** An hour of today, in the clock's zone, as a request time. */
	record Hour(int hour, Instant at) {
	}

	/** One category's day. */
	record CategoryRow(String category, int peakHour, double[] preference, double[] intensity) {
	}

	@GetMapping("/users/{userId}/clock")
	ClockView user(@PathVariable String userId) {
		UserFeatures user = this.store.user(Ids.require("userId", userId));
		if (!user.known()) {
			throw new UnknownEntityException("user", userId);
		}
		InterestClock clock = user.clock();
		return view(userId, clock, ClockHeatmap.of(clock, this.clock.millis()));
	}

	/**
	 * A user whose clock favours a category.
	 *
	 * @param userId the user
	 * @param intensity their clock's intensity for the category at the hour (their peak =
	 * 1)
	 * @param events the positive events their clock holds
	 */
	record Fan(String userId, double intensity, long events) {
	}

	/**
	 * The users whose Interest Clocks favour a category at an hour of day, most first:
	 * the {@value #FAN_CANDIDATES} users whose clocks hold the most of the category, read
	 * at that hour.
	 * @param category the category
	 * @param hour the hour of day, 0–23 (default: now, in the clock's zone)
	 * @param limit most users returned, 1–50 (default 10)
	 */
	@GetMapping("/clock/fans")
	List<Fan> fans(@RequestParam(required = false) String category, @RequestParam(required = false) String hour,
			@RequestParam(required = false) String limit) {
		if (category == null) {
			throw new InvalidInputException("category", "is required");
		}
		Labels.require("category", category);
		long now = this.clock.millis();
		double at = (hour == null) ? InterestClock.hourOfDay(this.clock.instant(), this.settings.zone())
				: bounded("hour", hour, 0, 23) + 0.5;
		int n = (limit == null) ? 10 : bounded("limit", limit, 1, 50);
		List<Fan> fans = new ArrayList<>();
		for (String userId : this.store.fans(category, FAN_CANDIDATES)) {
			InterestClock clock = this.store.user(userId).clock();
			if (clock != null) {
				fans.add(new Fan(userId, ClockIntensity.of(clock, now).at(category, at), clock.events()));
			}
		}
		fans.sort(Comparator.comparingDouble(Fan::intensity).reversed().thenComparing(Fan::userId));
		return fans.subList(0, Math.min(n, fans.size()));
	}

	private static int bounded(String field, String value, int min, int max) {
		if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
			throw new InvalidInputException(field, "must be a whole number from " + min + " to " + max);
		}
		return Integer.parseInt(value);
	}

	@GetMapping("/clock")
	ClockView global(@RequestParam(required = false) String category) {
		long now = this.clock.millis();
		InterestClock global = this.store.globalClock(now);
		ClockHeatmap heatmap = ClockHeatmap.of(global, now);
		if (category != null) {
			heatmap = heatmap.only(Set.of(Labels.require("category", category)));
		}
		return view(null, global, heatmap);
	}

	private ClockView view(String userId, InterestClock clock, ClockHeatmap heatmap) {
		ZoneId zone = this.settings.zone();
		LocalDate today = LocalDate.now(this.clock.withZone(zone));
		List<Hour> hours = new ArrayList<>(24);
		for (int hour = 0; hour < 24; hour++) {
			hours.add(new Hour(hour, today.atTime(hour, 0).atZone(zone).toInstant()));
		}
		List<CategoryRow> rows = heatmap.rows()
			.stream()
			.map((row) -> new CategoryRow(row.category(), row.peakHour(), row.preference(), row.intensity()))
			.toList();
		return new ClockView(userId, zone.getId(), (clock != null) ? clock.events() : 0, hours, heatmap.peak(), rows);
	}

}
