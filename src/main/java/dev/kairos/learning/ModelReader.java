package dev.kairos.learning;

/**
 * What serving needs of the shared model: its version, cheap to ask often, and the
 * statistics at that version. The write side (feedback, windows, snapshots, the guard) is
 * {@link ModelStore}.
 */
public interface ModelReader {

	/** The stored model. */
	ModelState load();

	/** The current version alone (cheap: serving asks it in the background). */
	long version();

	/**
	 * The state of the served policies beyond the shared model (what they need only).
	 * @param policies the policies served
	 */
	default PolicyState policyState(PolicySettings policies) {
		return PolicyState.EMPTY;
	}

}
