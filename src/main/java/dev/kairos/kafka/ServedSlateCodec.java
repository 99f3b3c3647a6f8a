package dev.kairos.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.learning.ServedSlate;

/**
 * The wire form of a served slate on the slates topic: compact binary, big-endian, schema
 * version {@value #VERSION}.
 *
 * <pre>
 * byte    version (3)
 * utf     recommendationId, userId, policy
 * long    modelVersion, at (epoch ms: the slate's event time)
 * byte    flags: 1 = held out, 2 = deterministic
 * double  propensityError (the propensities' largest standard error, 0 if exact)
 * utf     variant (the policy's configuration that served it, or empty)
 * short   dimension d of the feature vectors
 * short   number of items, then per item:
 *   utf     itemId
 *   short   position
 *   double  propensity
 *   utf     reason
 *   bytes   ceil(d / 8): which features are not 0 (bit i of byte i / 8)
 *   double  each feature that is not 0, in order
 *   byte    1 if an exposure follows: double discount, item, user; 2 if it follows with
 *           float expected, affinity too (what the co-occurrence lift learns from)
 * </pre>
 *
 * Features are kept as doubles, so the worker learns from exactly the vector that was
 * scored; most are 0, and the producer compresses the rest. Version 2 (no propensity
 * error, no deterministic flag, every propensity logged as 1.0 whatever the policy) is
 * still read: its slates are not deterministic and their propensity error is unknown
 * ({@link Double#NaN}).
 */
public final class ServedSlateCodec {

	/** The schema version (1 was JSON, 2 had no true propensities). */
	public static final int VERSION = 3;

	private static final int VERSION_2 = 2;

	private ServedSlateCodec() {
	}

	/** The slate's bytes. */
	public static byte[] encode(ServedSlate slate) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + slate.items().size() * 160);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeUTF(slate.recommendationId());
			out.writeUTF(slate.userId());
			out.writeUTF(slate.policy());
			out.writeLong(slate.modelVersion());
			out.writeLong(slate.at().toEpochMilli());
			out.writeByte((slate.holdout() ? 1 : 0) | (slate.deterministic() ? 2 : 0));
			out.writeDouble(slate.propensityError());
			out.writeUTF(slate.variant());
			int d = slate.items().isEmpty() ? 0 : slate.items().get(0).features().length;
			out.writeShort(d);
			out.writeShort(slate.items().size());
			for (ServedSlate.ShownItem item : slate.items()) {
				double[] x = item.features();
				if (x.length != d) {
					throw new IllegalArgumentException("feature vectors of one slate differ in length");
				}
				out.writeUTF(item.itemId());
				out.writeShort(item.position());
				out.writeDouble(item.propensity());
				out.writeUTF(item.reason());
				byte[] present = new byte[(d + 7) / 8];
				for (int i = 0; i < d; i++) {
					if (x[i] != 0) {
						present[i >> 3] |= (byte) (1 << (i & 7));
					}
				}
				out.write(present);
				for (int i = 0; i < d; i++) {
					if (x[i] != 0) {
						out.writeDouble(x[i]);
					}
				}
				Exposure e = item.exposure();
				out.writeByte((e != null) ? 2 : 0);
				if (e != null) {
					out.writeDouble(e.discount());
					out.writeDouble(e.item());
					out.writeDouble(e.user());
					out.writeFloat((float) e.expected());
					out.writeFloat((float) e.affinity());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The slate of some bytes.
	 * @throws IllegalArgumentException if they are not a slate of this version
	 */
	public static ServedSlate decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			int version = in.readUnsignedByte();
			if (version != VERSION && version != VERSION_2) {
				throw new IllegalArgumentException("unsupported slate schema version " + version);
			}
			String recommendationId = in.readUTF();
			String userId = in.readUTF();
			String policy = in.readUTF();
			long modelVersion = in.readLong();
			Instant at = Instant.ofEpochMilli(in.readLong());
			int flags = in.readByte();
			boolean holdout = (flags & 1) != 0;
			boolean deterministic = (version == VERSION) && (flags & 2) != 0;
			double propensityError = (version == VERSION) ? in.readDouble() : Double.NaN;
			String variant = (version == VERSION) ? in.readUTF() : "";
			int d = in.readUnsignedShort();
			int n = in.readUnsignedShort();
			List<ServedSlate.ShownItem> items = new ArrayList<>(n);
			for (int k = 0; k < n; k++) {
				String itemId = in.readUTF();
				int position = in.readUnsignedShort();
				double propensity = in.readDouble();
				String reason = in.readUTF();
				byte[] present = new byte[(d + 7) / 8];
				in.readFully(present);
				double[] x = new double[d];
				for (int i = 0; i < d; i++) {
					if ((present[i >> 3] & (1 << (i & 7))) != 0) {
						x[i] = in.readDouble();
					}
				}
				int exposed = in.readByte();
				Exposure exposure = (exposed == 1) ? new Exposure(in.readDouble(), in.readDouble(), in.readDouble())
						: (exposed == 2) ? new Exposure(in.readDouble(), in.readDouble(), in.readDouble(),
								in.readFloat(), in.readFloat()) : null;
				items.add(new ServedSlate.ShownItem(itemId, position, propensity, reason, x, exposure));
			}
			return new ServedSlate(recommendationId, userId, policy, modelVersion, at, items, holdout, deterministic,
					propensityError, variant);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("truncated slate record", ex);
		}
	}

	/** The event time of a slate's bytes, without decoding the rest. */
	static long at(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			int version = in.readUnsignedByte();
			if (version != VERSION && version != VERSION_2) {
				return -1;
			}
			in.readUTF();
			in.readUTF();
			in.readUTF();
			in.readLong();
			return in.readLong();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
