package dev.kairos.bench.eval;

/**
 * The structural knobs of a simulated world ({@link SimulatedWorld}); everything else is
 * drawn from the run's seed.
 *
 * @param name the world's name in the results table
 * @param description one line on what sets it apart
 * @param users how many users, 100 to 5,000
 * @param activitySkew how unevenly users return: user {@code u} is drawn with probability
 * proportional to {@code (u + 1)^-activitySkew} (0: all equally often)
 * @param initialItems items in the catalogue at the start
 * @param newItems items arriving during the run, evenly spread
 * @param categories how many categories, 5 to 50
 * @param categorySkew how much users share their favourite categories (0: drawn
 * independently; 1: about a third share the top one)
 * @param slateSize the slate size, 1, 5 or 10
 * @param timeOfDay how interests depend on time
 * @param jitterHours each user's day-part peaks move by up to this many hours either way
 * @param drift what changes during the run: some users' main interest, or (with
 * {@link Drift#CATEGORY_FLIP}) which categories appeal to everyone
 * @param driftShare the share of users whose main category changes
 * @param driftAt where the drift starts, as a fraction of the run
 * @param driftSpan how long a gradual drift takes, as a fraction of the run
 * @param qualityWeight the weight of the item's quality in the click's logit: the larger,
 * the more a few items are popular with everybody (popularity skew)
 * @param affinityWeight the weight of a personal, per user × item taste in the logit (0:
 * none)
 * @param positionBias the exponent of the position discount {@code 1 / log2(p + 2)} (0:
 * no position bias)
 * @param clickNoise the share of the click probability that is noise: {@code p' = (1 −
 * n)·p + n·0.05}
 * @param organicViews views per visit that users make on their own, before the slate (0:
 * none)
 * @param categoryAppeal the weight in the click's logit of a category's appeal to
 * everyone, +1 for a random half of the categories (the hot ones) and −1 for the others
 * (0: none)
 * @param days simulated days the run spans
 */
public record WorldSpec(String name, String description, int users, double activitySkew, int initialItems, int newItems,
		int categories, double categorySkew, int slateSize, TimeOfDay timeOfDay, double jitterHours, Drift drift,
		double driftShare, double driftAt, double driftSpan, double qualityWeight, double affinityWeight,
		double positionBias, double clickNoise, double organicViews, double categoryAppeal, int days) {

	/** How interests depend on time. */
	public enum TimeOfDay {

		/** Interests do not depend on the time. */
		NONE,
		/**
		 * One favourite category peaks around 09:00, another around 20:00 (Gaussian, 2 h
		 * wide).
		 */
		DAY_PARTS,
		/** One favourite category on weekdays, another at weekends. */
		WEEKDAY_WEEKEND

	}

	/** What changes during the run. */
	public enum Drift {

		/** Nothing. */
		NONE,
		/** A share of the users' main category changes at once. */
		ABRUPT,
		/** A share of the users' main category changes linearly over the drift's span. */
		GRADUAL,
		/**
		 * The categories' appeal to everyone flips at once: the hot ones turn cold and
		 * the cold ones hot (with {@code categoryAppeal > 0}). What the shared model
		 * learned about categories, and every item's popularity and click-through rate,
		 * become wrong for all users, while their own interests stay.
		 */
		CATEGORY_FLIP

	}

	public WorldSpec {
		if (users < 1 || initialItems < 1 || newItems < 0 || categories < 2 || slateSize < 1 || days < 1) {
			throw new IllegalArgumentException("invalid world " + name);
		}
	}

	/** The simulator's default world ({@code bench.sim.World}), as a spec to vary. */
	public static Builder defaults() {
		return new Builder();
	}

	public Builder toBuilder() {
		Builder b = new Builder();
		b.name = this.name;
		b.description = this.description;
		b.users = this.users;
		b.activitySkew = this.activitySkew;
		b.initialItems = this.initialItems;
		b.newItems = this.newItems;
		b.categories = this.categories;
		b.categorySkew = this.categorySkew;
		b.slateSize = this.slateSize;
		b.timeOfDay = this.timeOfDay;
		b.jitterHours = this.jitterHours;
		b.drift = this.drift;
		b.driftShare = this.driftShare;
		b.driftAt = this.driftAt;
		b.driftSpan = this.driftSpan;
		b.qualityWeight = this.qualityWeight;
		b.affinityWeight = this.affinityWeight;
		b.positionBias = this.positionBias;
		b.clickNoise = this.clickNoise;
		b.organicViews = this.organicViews;
		b.categoryAppeal = this.categoryAppeal;
		b.days = this.days;
		return b;
	}

	/** The first request of the drift. */
	public int driftRequest(int requests) {
		return (int) Math.round(this.driftAt * requests);
	}

	/** Builds a spec from the simulator's default world. */
	public static final class Builder {

		private String name = "default";

		private String description = "the simulator's default world";

		private int users = 500;

		private double activitySkew;

		private int initialItems = 600;

		private int newItems = 60;

		private int categories = 12;

		private double categorySkew;

		private int slateSize = 5;

		private TimeOfDay timeOfDay = TimeOfDay.DAY_PARTS;

		private double jitterHours;

		private Drift drift = Drift.ABRUPT;

		private double driftShare = 0.3;

		private double driftAt = 0.6;

		private double driftSpan = 0.2;

		private double qualityWeight = 0.8;

		private double affinityWeight;

		private double positionBias = 1;

		private double clickNoise;

		private double organicViews;

		private double categoryAppeal;

		private int days = 10;

		public Builder name(String name, String description) {
			this.name = name;
			this.description = description;
			return this;
		}

		public Builder users(int users, double activitySkew) {
			this.users = users;
			this.activitySkew = activitySkew;
			return this;
		}

		public Builder items(int initialItems, int newItems) {
			this.initialItems = initialItems;
			this.newItems = newItems;
			return this;
		}

		public Builder categories(int categories, double categorySkew) {
			this.categories = categories;
			this.categorySkew = categorySkew;
			return this;
		}

		public Builder slateSize(int slateSize) {
			this.slateSize = slateSize;
			return this;
		}

		public Builder time(TimeOfDay timeOfDay, double jitterHours, int days) {
			this.timeOfDay = timeOfDay;
			this.jitterHours = jitterHours;
			this.days = days;
			return this;
		}

		public Builder drift(Drift drift, double share, double at, double span) {
			this.drift = drift;
			this.driftShare = share;
			this.driftAt = at;
			this.driftSpan = span;
			return this;
		}

		public Builder clicks(double qualityWeight, double affinityWeight, double positionBias, double clickNoise) {
			this.qualityWeight = qualityWeight;
			this.affinityWeight = affinityWeight;
			this.positionBias = positionBias;
			this.clickNoise = clickNoise;
			return this;
		}

		public Builder organicViews(double organicViews) {
			this.organicViews = organicViews;
			return this;
		}

		public Builder categoryAppeal(double categoryAppeal) {
			this.categoryAppeal = categoryAppeal;
			return this;
		}

		public WorldSpec build() {
			return new WorldSpec(this.name, this.description, this.users, this.activitySkew, this.initialItems,
					this.newItems, this.categories, this.categorySkew, this.slateSize, this.timeOfDay, this.jitterHours,
					this.drift, this.driftShare, this.driftAt, this.driftSpan, this.qualityWeight, this.affinityWeight,
					this.positionBias, this.clickNoise, this.organicViews, this.categoryAppeal, this.days);
		}

	}

}
