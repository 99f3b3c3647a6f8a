package dev.kairos.bench.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples the worker group's offsets on a thread of its own, twice a second, while events
 * flow: consumer lag over time, and the worker's throughput while it had a backlog (then
 * it works as fast as it can).
 */
final class LagSampler implements AutoCloseable {

	private final List<KafkaProbe.Offsets> samples = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	LagSampler(KafkaProbe kafka, String group, String topic) {
		this.thread = new Thread(() -> {
			while (this.running) {
				try {
					KafkaProbe.Offsets offsets = kafka.offsets(group, topic);
					synchronized (this.samples) {
						this.samples.add(offsets);
					}
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					// a missed sample: the next one will do
				}
			}
		}, "perf-lag");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	List<KafkaProbe.Offsets> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(5_000);
	}

	/**
	 * The consumption rate (committed offsets per second) over the intervals that began
	 * and ended with a backlog, so the worker was never waiting for events; NaN when it
	 * never had one.
	 */
	static double backloggedRate(List<KafkaProbe.Offsets> samples) {
		long consumed = 0;
		long nanos = 0;
		for (int i = 1; i < samples.size(); i++) {
			KafkaProbe.Offsets a = samples.get(i - 1);
			KafkaProbe.Offsets b = samples.get(i);
			if (a.lag() > 0 && b.lag() > 0) {
				consumed += b.committed() - a.committed();
				nanos += b.atNanos() - a.atNanos();
			}
		}
		return (nanos == 0) ? Double.NaN : consumed / (nanos / 1e9);
	}

	/** Committed offsets per second between the first and the last sample. */
	static double averageRate(List<KafkaProbe.Offsets> samples) {
		if (samples.size() < 2) {
			return Double.NaN;
		}
		KafkaProbe.Offsets a = samples.get(0);
		KafkaProbe.Offsets b = samples.get(samples.size() - 1);
		return (b.committed() - a.committed()) / ((b.atNanos() - a.atNanos()) / 1e9);
	}

	static long maxLag(List<KafkaProbe.Offsets> samples) {
		return samples.stream().mapToLong(KafkaProbe.Offsets::lag).max().orElse(0);
	}

}
