package dev.kairos.recommendations;

import java.util.Collection;

/**
 * Notices that what the serving snapshot holds changed, pushed by the processes that
 * change it (the worker after a batch, the catalogue after a write), so that every API
 * instance refreshes the few items that moved instead of polling the store on requests.
 * Delivery is best effort (a notice may be lost while a connection is down): the snapshot
 * also checks the catalogue version in the background and rebuilds in full from time to
 * time.
 */
public interface SnapshotChanges {

	/**
	 * Starts delivering notices to a listener (on a connection thread: the listener must
	 * not block). Notices of changes made by this process are delivered at once, on the
	 * thread that made the change, before the change's call returns.
	 * @return whether the subscription is in place (if not, call again later)
	 */
	boolean subscribe(Listener listener);

	/** Receives notices. */
	interface Listener {

		/**
		 * Items whose features, co-clicked lists or catalogue entries changed.
		 * @param itemIds the items
		 * @param catalogueVersion the catalogue version the change made, or -1 if the
		 * catalogue did not change (features only)
		 * @param local whether this process made the change (then the listener should
		 * apply it before returning)
		 */
		void itemsChanged(Collection<String> itemIds, long catalogueVersion, boolean local);

	}

}
