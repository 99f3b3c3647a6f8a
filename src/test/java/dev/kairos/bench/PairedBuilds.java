package dev.kairos.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decision's cost in two builds, timed in one JVM, round by round: on a shared
 * machine whose load moves by the minute, runs of one build and then the other measure
 * the load as much as the code; here each round times 200 requests of each build back to
 * back, so each round's pair shares the machine's state, and the median of the per-round
 * ratios is the comparison; it also prints the bytes each build allocates per request
 * (the thread's allocation counter over each round). Each build's classes
 * ({@code dev.kairos.*}, its {@link EmbeddingServingBenchmark} included) are loaded by a
 * class loader of their own; the libraries are shared. Run:
 *
 * <pre>
 * java -Xmx4g -cp target/test-classes:$(cat deps.txt) dev.kairos.bench.PairedBuilds off 40 \
 *   old/target old/target/test-classes target/classes target/test-classes
 * </pre>
 *
 * Arguments: the {@link EmbeddingServingBenchmark} setting ({@code off}, {@code on},
 * {@code neural-linear}), the rounds, then each build as two directories (its
 * {@code classes} and {@code test-classes}); the first build is the reference of the
 * ratios.
 */
public final class PairedBuilds {

	private PairedBuilds() {
	}

	public static void main(String[] args) throws Exception {
		String setting = args[0];
		int rounds = Integer.parseInt(args[1]);
		List<String> labels = new ArrayList<>();
		List<Object> benchmarks = new ArrayList<>();
		List<Method> recommend = new ArrayList<>();
		for (int a = 2; a + 1 < args.length; a += 2) {
			URL[] urls = { new File(args[a]).toURI().toURL(), new File(args[a + 1]).toURI().toURL() };
			ClassLoader loader = new OwnClasses(urls, PairedBuilds.class.getClassLoader());
			Class<?> type = loader.loadClass(EmbeddingServingBenchmark.class.getName());
			Object benchmark = type.getDeclaredConstructor().newInstance();
			type.getField("embeddings").set(benchmark, setting);
			type.getMethod("setUp").invoke(benchmark);
			labels.add(args[a]);
			benchmarks.add(benchmark);
			recommend.add(type.getMethod("recommend"));
		}
		int builds = benchmarks.size();
		double[][] micros = new double[builds][rounds];
		double[][] bytes = new double[builds][rounds];
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		for (int round = -10; round < rounds; round++) {
			for (int b = 0; b < builds; b++) {
				long allocated = threads.getCurrentThreadAllocatedBytes();
				long start = System.nanoTime();
				for (int n = 0; n < 200; n++) {
					recommend.get(b).invoke(benchmarks.get(b));
				}
				if (round >= 0) {
					micros[b][round] = (System.nanoTime() - start) / 200 / 1_000.0;
					bytes[b][round] = (threads.getCurrentThreadAllocatedBytes() - allocated) / 200.0;
				}
			}
		}
		for (int b = 0; b < builds; b++) {
			double[] ratios = new double[rounds];
			for (int r = 0; r < rounds; r++) {
				ratios[r] = micros[b][r] / micros[0][r];
			}
			double[] sorted = micros[b].clone();
			Arrays.sort(sorted);
			System.out.printf(
					"%s, %s: median %.0f us per request, quartiles %.0f-%.0f (%d rounds of 200); median ratio to the first %.3f%n",
					labels.get(b), setting, median(micros[b]), sorted[rounds / 4], sorted[(3 * rounds) / 4], rounds,
					median(ratios));
			System.out.printf("%s, %s: median %.0f bytes allocated per request (this thread, reflection included)%n",
					labels.get(b), setting, median(bytes[b]));
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	/** Loads {@code dev.kairos.*} from its own directories, the rest from its parent. */
	private static final class OwnClasses extends URLClassLoader {

		OwnClasses(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("dev.kairos.") || name.equals(PairedBuilds.class.getName())) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> type = findLoadedClass(name);
				if (type == null) {
					type = findClass(name);
				}
				if (resolve) {
					resolveClass(type);
				}
				return type;
			}
		}

	}

}
