package dev.kairos.learning;

import dev.kairos.core.embedding.TowerSnapshot;

/**
 * Where the worker publishes the two-tower model's vectors and serving loads them: one
 * versioned snapshot ({@link TowerSnapshot}), replaced whole.
 */
public interface TowerStore {

	/** A version above every one published so far, for the next snapshot. */
	long nextVersion();

	/** Publishes a snapshot (stamped with {@link #nextVersion()}). */
	void publish(TowerSnapshot snapshot);

	/** The version of the snapshot published last, -1 if none. */
	long version();

	/** The snapshot published last, or {@code null} if none. */
	TowerSnapshot load();

}
