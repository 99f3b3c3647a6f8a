package dev.kairos.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import dev.kairos.learning.Observation;

/**
 * The wire form of an {@link Observation} on the observations topic: byte version (1),
 * byte kind, utf policy, utf reason, byte flags (1 learn, 2 first positive), double
 * reward, short d, a bitmap of the features that are not 0, those features as doubles.
 */
final class ObservationCodec {

	static final int VERSION = 1;

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
			out.writeByte((o.learn() ? 1 : 0) | (o.firstPositive() ? 2 : 0));
			out.writeDouble(o.reward());
			writeVector(out, o.x());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Observation decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				throw new IllegalArgumentException("unsupported observation schema version " + version);
			}
			Observation.Kind kind = KINDS[in.readUnsignedByte()];
			String policy = in.readUTF();
			String reason = in.readUTF();
			int flags = in.readUnsignedByte();
			double reward = in.readDouble();
			return new Observation(kind, policy, reason, (flags & 1) != 0, reward, (flags & 2) != 0, readVector(in));
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
