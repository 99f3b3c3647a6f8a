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
 * byte    version (2)
 * utf     recommendationId, userId, policy
 * long    modelVersion, at (epoch ms: the slate's event time)
 * byte    flags: 1 = held out
 * short   dimension d of the feature vectors
 * short   number of items, then per item:
 *   utf     itemId
 *   short   position
 *   double  propensity
 *   utf     reason
 *   bytes   ceil(d / 8): which features are not 0 (bit i of byte i / 8)
 *   double  each feature that is not 0, in order
 *   byte    1 if an exposure follows: double discount, item, user
 * </pre>
 *
 * Features are kept as doubles, so the worker learns from exactly the vector that was
 * scored; most are 0, and the producer compresses the rest.
 */
public final class ServedSlateCodec {

	/** The schema version (1 was JSON). */
	public static final int VERSION = 2;

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
			out.writeByte(slate.holdout() ? 1 : 0);
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
				out.writeByte((e != null) ? 1 : 0);
				if (e != null) {
					out.writeDouble(e.discount());
					out.writeDouble(e.item());
					out.writeDouble(e.user());
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
			if (version != VERSION) {
				throw new IllegalArgumentException("unsupported slate schema version " + version);
			}
			String recommendationId = in.readUTF();
			String userId = in.readUTF();
			String policy = in.readUTF();
			long modelVersion = in.readLong();
			Instant at = Instant.ofEpochMilli(in.readLong());
			boolean holdout = (in.readByte() & 1) != 0;
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
				Exposure exposure = (in.readByte() == 1)
						? new Exposure(in.readDouble(), in.readDouble(), in.readDouble()) : null;
				items.add(new ServedSlate.ShownItem(itemId, position, propensity, reason, x, exposure));
			}
			return new ServedSlate(recommendationId, userId, policy, modelVersion, at, items, holdout);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("truncated slate record", ex);
		}
	}

	/** The event time of a slate's bytes, without decoding the rest. */
	static long at(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			if (in.readUnsignedByte() != VERSION) {
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
