package dev.kairos.core.ranking;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The exposure of the items this process served that the shared counts do not show yet.
 *
 * <p>
 * A served item's exposure ({@link Exposure}) reaches the counts the ranking reads (the
 * serving snapshot) only after the slate log, the worker and the snapshot's refresh: a
 * delay of many requests under load. Meanwhile a deterministic ranking serves the same
 * least-known item again and again, since nothing it reads has changed: with a slate of
 * one, an item the optimism put on top took every request of that delay, and exploring
 * cost the lag in requests per item instead of a few showings (in the evaluation suite's
 * {@code popular} world, normalized CTR 0.85 with the counts 5 slates behind, 0.58 with
 * 20, 0.25 with 100). So each served item's exposure is added here at once and read on
 * top of the snapshot's, and paid down as the snapshot's exposure of the item rises (the
 * worker counting it): {@code pending ← max(0, pending − (E_now − E_seen))}.
 *
 * <p>
 * Counted only in the process's memory, never written: the stored counts stay the
 * worker's, each served item counted once. Any rise of the snapshot's exposure pays it
 * down, whoever caused it (another replica's slates, impressions of items Kairos did not
 * serve), so with several replicas it errs towards the snapshot's figure, as before.
 * Items whose pending exposure is paid down are forgotten. Thread-safe.
 */
public final class PendingExposures {

	/** Per item: {pending exposure, the snapshot's exposure last seen}. */
	private final ConcurrentHashMap<String, double[]> items = new ConcurrentHashMap<>();

	/**
	 * Counts a served item's exposure.
	 * @param itemId the item
	 * @param exposure what its showing adds to its exposure ({@link Exposure#item()})
	 * @param snapshotExposure its exposure in the counts the ranking read
	 */
	public void served(String itemId, double exposure, double snapshotExposure) {
		if (!(exposure > 0) || Double.isInfinite(exposure)) {
			return;
		}
		this.items.compute(itemId, (k, e) -> {
			if (e == null) {
				return new double[] { exposure, snapshotExposure };
			}
			payDown(e, snapshotExposure);
			e[0] += exposure;
			return e;
		});
	}

	/**
	 * An item's exposure: the snapshot's, plus what this process served that it does not
	 * show yet.
	 * @param itemId the item
	 * @param snapshotExposure its exposure in the counts the ranking reads
	 */
	public double exposure(String itemId, double snapshotExposure) {
		if (this.items.get(itemId) == null) {
			return snapshotExposure;
		}
		double[] pending = new double[1];
		this.items.computeIfPresent(itemId, (k, e) -> {
			payDown(e, snapshotExposure);
			pending[0] = e[0];
			return (e[0] > 0) ? e : null;
		});
		return snapshotExposure + pending[0];
	}

	/** How many items have exposure pending. */
	public int size() {
		return this.items.size();
	}

	private static void payDown(double[] e, double snapshotExposure) {
		if (snapshotExposure > e[1]) {
			e[0] = Math.max(0, e[0] - (snapshotExposure - e[1]));
		}
		// also when it fell (a withdrawn showing): the next rise is measured from here
		e[1] = snapshotExposure;
	}

}
