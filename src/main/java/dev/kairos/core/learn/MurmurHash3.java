package dev.kairos.core.learn;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3_x86_32 (Austin Appleby, public domain reference {@code MurmurHash3.cpp}): a
 * stable 32-bit hash, identical on every JVM and every run, unlike
 * {@link String#hashCode()} on untrusted input or {@code Object.hashCode()}.
 *
 * <p>
 * Strings are hashed as their UTF-8 bytes. Blocks are read little-endian as in the
 * reference on x86. No deviations from the reference algorithm.
 */
public final class MurmurHash3 {

	private static final int C1 = 0xcc9e2d51;

	private static final int C2 = 0x1b873593;

	private MurmurHash3() {
	}

	/** The hash of the UTF-8 bytes of {@code text}. */
	public static int hash32(String text, int seed) {
		return hash32(text.getBytes(StandardCharsets.UTF_8), seed);
	}

	/** The hash of all of {@code data}. */
	public static int hash32(byte[] data, int seed) {
		return hash32(data, 0, data.length, seed);
	}

	/** The hash of {@code length} bytes of {@code data} from {@code offset}. */
	public static int hash32(byte[] data, int offset, int length, int seed) {
		int h1 = seed;
		int blocks = length >>> 2;
		for (int i = 0; i < blocks; i++) {
			int p = offset + (i << 2);
			int k1 = (data[p] & 0xff) | ((data[p + 1] & 0xff) << 8) | ((data[p + 2] & 0xff) << 16)
					| ((data[p + 3] & 0xff) << 24);
			k1 *= C1;
			k1 = Integer.rotateLeft(k1, 15);
			k1 *= C2;
			h1 ^= k1;
			h1 = Integer.rotateLeft(h1, 13);
			h1 = h1 * 5 + 0xe6546b64;
		}
		int tail = offset + (blocks << 2);
		int k1 = 0;
		switch (length & 3) {
			case 3:
				k1 ^= (data[tail + 2] & 0xff) << 16;
				// fall through
			case 2:
				k1 ^= (data[tail + 1] & 0xff) << 8;
				// fall through
			case 1:
				k1 ^= data[tail] & 0xff;
				k1 *= C1;
				k1 = Integer.rotateLeft(k1, 15);
				k1 *= C2;
				h1 ^= k1;
				break;
			default:
				break;
		}
		h1 ^= length;
		return fmix32(h1);
	}

	private static int fmix32(int h) {
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
