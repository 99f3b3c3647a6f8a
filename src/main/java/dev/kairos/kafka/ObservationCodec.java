package dev.kairos.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import dev.kairos.core.ranking.Exposure;
import dev.kairos.learning.Observation;
import dev.kairos.metrics.KairosMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The wire form of an {@link Observation} on the observations topic: byte version (2),
 * byte kind, utf policy, utf reason, byte flags (1 learn, 2 first positive, 4 has ids, 8
 * has exposure, 16 has a variant, 32 the exposure carries what the co-occurrence lift
 * learns from), double reward, short d, a bitmap of the features that are not 0, those
 * features as doubles; then, with ids, utf user id, utf item id, long time (epoch ms);
 * with an exposure, its three doubles (discount, item, user), and with flag 32 two floats
 * more (expected, affinity); with a variant, utf variant (the policy's configuration that
 * served the slate). Version 1 (without the flags 4 and 8 and what follows the vector) is
 * still read.
 */
final class ObservationCodec {

	private static final Logger log = LoggerFactory.getLogger(ObservationCodec.class);

	static final int VERSION = 2;

	private static final Observation.Kind[] KINDS = Observation.Kind.values();

	private ObservationCodec() {
	}

	static byte[] encode(Observation o) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + o.x().length * 4);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(o.kind().ordinal());
			out.writeUTF(o.policy());
			out.writeUTF(o.reason());
			boolean ids = o.userId() != null && o.itemId() != null;
			out.writeByte(
					(o.learn() ? 1 : 0) | (o.firstPositive() ? 2 : 0) | (ids ? 4 : 0) | ((o.exposure() != null) ? 8 : 0)
							| (o.variant().isEmpty() ? 0 : 16) | ((o.exposure() != null) ? 32 : 0));
			out.writeDouble(o.reward());
			writeVector(out, o.x());
			if (ids) {
				out.writeUTF(o.userId());
				out.writeUTF(o.itemId());
				out.writeLong(o.at());
			}
			if (o.exposure() != null) {
				out.writeDouble(o.exposure().discount());
				out.writeDouble(o.exposure().item());
				out.writeDouble(o.exposure().user());
				out.writeFloat((float) o.exposure().expected());
				out.writeFloat((float) o.exposure().affinity());
			}
			if (!o.variant().isEmpty()) {
				out.writeUTF(o.variant());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * A record of the join's output, or {@code null} if it cannot be read (written by the
	 * join itself: only across an incompatible upgrade), which is logged and counted as a
	 * consume error and skipped.
	 */
	static Observation read(ConsumerRecord<String, byte[]> record, KairosMetrics metrics) {
		try {
			return decode(record.value());
		}
		catch (RuntimeException ex) {
			log.warn("Skipping an unreadable observation at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			metrics.kafkaError("consume");
			return null;
		}
	}

	static Observation decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			int version = in.readUnsignedByte();
			if (version != 1 && version != VERSION) {
				throw new IllegalArgumentException("unsupported observation schema version " + version);
			}
			Observation.Kind kind = KINDS[in.readUnsignedByte()];
			String policy = in.readUTF();
			String reason = in.readUTF();
			int flags = in.readUnsignedByte();
			double reward = in.readDouble();
			double[] x = readVector(in);
			String userId = null;
			String itemId = null;
			long at = 0;
			Exposure exposure = null;
			if ((flags & 4) != 0) {
				userId = in.readUTF();
				itemId = in.readUTF();
				at = in.readLong();
			}
			if ((flags & 8) != 0) {
				exposure = ((flags & 32) != 0) ? new Exposure(in.readDouble(), in.readDouble(), in.readDouble(),
						in.readFloat(), in.readFloat())
						: new Exposure(in.readDouble(), in.readDouble(), in.readDouble());
			}
			String variant = ((flags & 16) != 0) ? in.readUTF() : "";
			return new Observation(kind, policy, reason, (flags & 1) != 0, reward, (flags & 2) != 0, x, userId, itemId,
					at, exposure, variant);
		}
		catch (IOException | ArrayIndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("unreadable observation record", ex);
		}
	}

	static void writeVector(DataOutputStream out, double[] x) throws IOException {
		out.writeShort(x.length);
		byte[] present = new byte[(x.length + 7) / 8];
		for (int i = 0; i < x.length; i++) {
			if (x[i] != 0) {
				present[i >> 3] |= (byte) (1 << (i & 7));
			}
		}
		out.write(present);
		for (double v : x) {
			if (v != 0) {
				out.writeDouble(v);
			}
		}
	}

	static double[] readVector(DataInputStream in) throws IOException {
		int d = in.readUnsignedShort();
		byte[] present = new byte[(d + 7) / 8];
		in.readFully(present);
		double[] x = new double[d];
		for (int i = 0; i < d; i++) {
			if ((present[i >> 3] & (1 << (i & 7))) != 0) {
				x[i] = in.readDouble();
			}
		}
		return x;
	}

}
