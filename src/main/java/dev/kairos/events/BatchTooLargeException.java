package dev.kairos.events;

/** A batch of events holds more than the allowed number. */
public class BatchTooLargeException extends RuntimeException {

	private final int size;

	private final int max;

	public BatchTooLargeException(int size, int max) {
		super("a batch may hold at most " + max + " events; this one has " + size);
		this.size = size;
		this.max = max;
	}

	public int size() {
		return this.size;
	}

	public int max() {
		return this.max;
	}

}
