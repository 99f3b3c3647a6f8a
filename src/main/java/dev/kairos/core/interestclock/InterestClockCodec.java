package dev.kairos.core.interestclock;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compact binary form of an {@link InterestClock} for a key-value store. Version 1,
 * big-endian:
 *
 * <pre>
 * byte    version = 1
 * int     fingerprint of the parameters that shape stored mass (half-life, reward weights)
 * long    last update, epoch millis
 * varint  number of events
 * varint  number of categories, then per category in name order:
 *   varint  length of the UTF-8 name, then the name
 *   3 bytes bitmap of non-zero buckets, bit j (least significant first) for hour j
 *   float32 per set bit, in hour order
 * </pre>
 *
 * Masses are stored as float32: a decoded bucket is the original rounded to the nearest
 * float, a relative error of at most 2^-24 (about 6e-8), and masses below the float range
 * read back as 0; encoding a decoded clock gives the same bytes again. A user with 5
 * categories of 10-character names and all 24 buckets set, after 360 events, takes 566
 * bytes; sparse clocks much less ({@link #encodedSize}).
 *
 * <p>
 * Decoding rejects (with {@link IllegalArgumentException}) unknown versions, a
 * fingerprint of other parameters (the caller then starts a fresh clock rather than mix
 * units), and malformed input. Sigma and the category limit are not in the fingerprint:
 * sigma only affects reads, and a clock over a lowered limit loses its weakest categories
 * on decode.
 */
public final class InterestClockCodec {

	/** The version this codec writes. */
	public static final byte VERSION = 1;

	private static final int BITMAP_BYTES = 3;

	private InterestClockCodec() {
	}

	/**
	 * The clock as bytes.
	 * @throws IllegalArgumentException if a mass is beyond the float32 range
	 */
	public static byte[] encode(InterestClock clock) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64);
		out.write(VERSION);
		writeInt(out, fingerprint(clock.parameters()));
		writeLong(out, clock.lastUpdateMillis());
		writeVarint(out, clock.events());
		Map<String, double[]> buckets = clock.storedBuckets();
		writeVarint(out, buckets.size());
		buckets.forEach((category, mass) -> {
			byte[] name = category.getBytes(StandardCharsets.UTF_8);
			writeVarint(out, name.length);
			out.write(name, 0, name.length);
			float[] rounded = new float[HourKernel.HOURS];
			int bitmap = 0;
			for (int j = 0; j < HourKernel.HOURS; j++) {
				rounded[j] = (float) mass[j];
				if (Float.isInfinite(rounded[j])) {
					throw new IllegalArgumentException("mass beyond float range in " + category + ": " + mass[j]);
				}
				if (rounded[j] != 0.0f) {
					bitmap |= 1 << j;
				}
			}
			for (int b = 0; b < BITMAP_BYTES; b++) {
				out.write(bitmap >>> (8 * b));
			}
			for (int j = 0; j < HourKernel.HOURS; j++) {
				if ((bitmap & (1 << j)) != 0) {
					writeInt(out, Float.floatToIntBits(rounded[j]));
				}
			}
		});
		return out.toByteArray();
	}

	/** The size of {@link #encode(InterestClock)}'s result in bytes. */
	public static int encodedSize(InterestClock clock) {
		return encode(clock).length;
	}

	/**
	 * The clock stored in {@code bytes}.
	 * @param parameters the parameters to read it with, matching those it was written
	 * with
	 * @throws IllegalArgumentException on an unknown version, other parameters or
	 * malformed input
	 */
	public static InterestClock decode(byte[] bytes, InterestClockParameters parameters) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		try {
			byte version = in.get();
			if (version != VERSION) {
				throw new IllegalArgumentException("unknown interest clock version " + version);
			}
			int fingerprint = in.getInt();
			if (fingerprint != fingerprint(parameters)) {
				throw new IllegalArgumentException("interest clock written with other parameters");
			}
			long lastUpdateMillis = in.getLong();
			long events = readVarint(in);
			long count = readVarint(in);
			if (count > in.remaining()) {
				throw new IllegalArgumentException("malformed interest clock: " + count + " categories");
			}
			Map<String, double[]> buckets = new LinkedHashMap<>();
			String previous = null;
			for (long c = 0; c < count; c++) {
				String category = readName(in);
				if (previous != null && previous.compareTo(category) >= 0) {
					throw new IllegalArgumentException("malformed interest clock: categories out of order");
				}
				previous = category;
				int bitmap = (in.get() & 0xff) | ((in.get() & 0xff) << 8) | ((in.get() & 0xff) << 16);
				double[] mass = new double[HourKernel.HOURS];
				for (int j = 0; j < HourKernel.HOURS; j++) {
					if ((bitmap & (1 << j)) != 0) {
						float value = Float.intBitsToFloat(in.getInt());
						if (!Float.isFinite(value)) {
							throw new IllegalArgumentException("malformed interest clock: non-finite mass");
						}
						mass[j] = value;
					}
				}
				buckets.put(category, mass);
			}
			if (in.hasRemaining()) {
				throw new IllegalArgumentException("malformed interest clock: " + in.remaining() + " trailing bytes");
			}
			return new InterestClock(parameters, buckets, lastUpdateMillis, events);
		}
		catch (BufferUnderflowException ex) {
			throw new IllegalArgumentException("malformed interest clock: truncated", ex);
		}
	}

	/** A stable 32-bit digest of the parameters that give stored mass its meaning. */
	static int fingerprint(InterestClockParameters parameters) {
		long h = 1125899906842597L;
		h = 31 * h + parameters.halfLifeMillis();
		h = 31 * h + Double.doubleToLongBits(parameters.positiveRewardWeight());
		h = 31 * h + Double.doubleToLongBits(parameters.negativeRewardWeight());
		return (int) (h ^ (h >>> 32));
	}

	private static String readName(ByteBuffer in) {
		long length = readVarint(in);
		if (length > in.remaining()) {
			throw new BufferUnderflowException();
		}
		ByteBuffer name = in.slice(in.position(), (int) length);
		in.position(in.position() + (int) length);
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(name)
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("malformed interest clock: category name is not UTF-8", ex);
		}
	}

	private static void writeInt(ByteArrayOutputStream out, int value) {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

	private static void writeLong(ByteArrayOutputStream out, long value) {
		writeInt(out, (int) (value >>> 32));
		writeInt(out, (int) value);
	}

	/** Unsigned LEB128. */
	private static void writeVarint(ByteArrayOutputStream out, long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			out.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		out.write((int) rest);
	}

	private static long readVarint(ByteBuffer in) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = in.get();
			value |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (value < 0) {
					throw new IllegalArgumentException("malformed interest clock: varint out of range");
				}
				return value;
			}
		}
		throw new IllegalArgumentException("malformed interest clock: varint too long");
	}

}
