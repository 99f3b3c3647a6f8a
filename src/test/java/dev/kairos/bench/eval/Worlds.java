package dev.kairos.bench.eval;

import java.util.List;

import dev.kairos.bench.eval.WorldSpec.Drift;
import dev.kairos.bench.eval.WorldSpec.TimeOfDay;

/**
 * The suite's named worlds. They differ in structure (users and how often they return,
 * slate size, categories, time of day, drift, new items, popularity skew, position bias,
 * click noise, organic browsing), not only in seed; docs/evaluation.md has their table.
 */
public final class Worlds {

	private Worlds() {
	}

	/** The simulator's default world, unchanged (bench.sim.World). */
	public static final WorldSpec DEFAULT = WorldSpec.defaults().build();

	/**
	 * Issue 17's independently written world: day-parts with ±2 h jitter, a third of the
	 * users drifting at 60%, 10% new items.
	 */
	public static final WorldSpec DAY_PARTS = WorldSpec.defaults()
		.name("day-parts", "day-parts with ±2 h jitter, abrupt drift of a third of the users, 10% new items")
		.users(300, 0)
		.items(400, 40)
		.time(TimeOfDay.DAY_PARTS, 2, 10)
		.drift(Drift.ABRUPT, 1.0 / 3, 0.6, 0.2)
		.build();

	/**
	 * Weekday and weekend interests over four weeks, heavy and light users, many new
	 * items, a gradual drift of half the users, slates of 10, noisy clicks.
	 */
	public static final WorldSpec WEEKLY = WorldSpec.defaults()
		.name("weekly", "weekday/weekend interests, gradual drift of half the users, 25% new items, slates of 10")
		.users(1_000, 1)
		.items(600, 200)
		.categories(20, 0)
		.slateSize(10)
		.time(TimeOfDay.WEEKDAY_WEEKEND, 0, 28)
		.drift(Drift.GRADUAL, 0.5, 0.5, 0.2)
		.clicks(0.8, 0, 1, 0.2)
		.build();

	/**
	 * Many users who rarely return, one item per slate, no time of day, a strong
	 * popularity skew and click noise: popularity is most of what can be learned.
	 */
	public static final WorldSpec POPULAR = WorldSpec.defaults()
		.name("popular", "5,000 rarely returning users, slate of 1, no time of day, strong popularity skew, noise")
		.users(5_000, 0)
		.items(300, 30)
		.categories(5, 1)
		.slateSize(1)
		.time(TimeOfDay.NONE, 0, 10)
		.drift(Drift.NONE, 0, 0.6, 0.2)
		.clicks(2.0, 0, 0, 0.1)
		.build();

	/**
	 * Few, loyal users and 50 categories shared unevenly, slates of 10 with a strong
	 * position bias, day-parts with jitter, no drift.
	 */
	public static final WorldSpec NICHE = WorldSpec.defaults()
		.name("niche", "100 loyal users, 50 categories, slates of 10, strong position bias, day-parts ±2 h")
		.users(100, 0)
		.items(1_000, 100)
		.categories(50, 1)
		.slateSize(10)
		.time(TimeOfDay.DAY_PARTS, 2, 10)
		.drift(Drift.NONE, 0, 0.6, 0.2)
		.clicks(0.8, 0, 2, 0)
		.build();

	/**
	 * Users browse on their own (views posted as events) and are shown one recommended
	 * item; personal taste per item matters, so what a user viewed says what they click.
	 */
	public static final WorldSpec ORGANIC = WorldSpec.defaults()
		.name("organic", "organic browsing: 3 views per visit posted as events, one recommended item, personal taste")
		.users(1_000, 0.5)
		.items(200, 0)
		.categories(10, 0)
		.slateSize(1)
		.time(TimeOfDay.NONE, 0, 10)
		.drift(Drift.NONE, 0, 0.6, 0.2)
		.clicks(0.3, 1.5, 0, 0)
		.organicViews(3)
		.build();

	/**
	 * Which categories sell flips for everyone halfway through: half of the 8 categories
	 * appeal to all users (logit +2), the other half put them off (−2), and at 50% of the
	 * run the hot ones turn cold and the cold ones hot; users' own interests stay. What
	 * the shared model learned (its weights of the categories, of popularity and of the
	 * items' click-through rates) becomes wrong for everybody at once, the drift the
	 * other worlds lack.
	 */
	public static final WorldSpec FASHION = WorldSpec.defaults()
		.name("fashion", "the categories that sell flip for everyone at 50%, 8 categories, users' own interests steady")
		.users(1_000, 0.5)
		.items(500, 50)
		.categories(8, 0)
		.slateSize(5)
		.time(TimeOfDay.NONE, 0, 10)
		.drift(Drift.CATEGORY_FLIP, 0, 0.5, 0)
		.categoryAppeal(2)
		.build();

	/** Every world of the suite, in table order. */
	public static final List<WorldSpec> ALL = List.of(DEFAULT, DAY_PARTS, WEEKLY, POPULAR, NICHE, ORGANIC, FASHION);

	/** The world of that name. */
	public static WorldSpec named(String name) {
		return ALL.stream()
			.filter((w) -> w.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"no world " + name + "; known: " + ALL.stream().map(WorldSpec::name).toList()));
	}

}
