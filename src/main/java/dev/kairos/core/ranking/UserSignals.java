package dev.kairos.core.ranking;

/**
 * What is known of the user and the request, shared by all candidates.
 *
 * @param known whether the user has any history
 * @param events how many events the user has, ≥ 0
 * @param clickThroughRate the user's smoothed click-through rate, in [0, 1]
 * @param hourOfDay the request's hour of day in [0, 24), fractional
 * @param context the request's context ({@code device → ios}), empty if none
 */
public record UserSignals(boolean known, long events, double clickThroughRate, double hourOfDay,
		java.util.Map<String, String> context) {

	public UserSignals {
		context = (context != null) ? java.util.Map.copyOf(context) : java.util.Map.of();
	}

	/** A request without context. */
	public UserSignals(boolean known, long events, double clickThroughRate, double hourOfDay) {
		this(known, events, clickThroughRate, hourOfDay, java.util.Map.of());
	}

}
