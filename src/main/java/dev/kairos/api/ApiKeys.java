package dev.kairos.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of API keys, held only as SHA-256 digests and compared in constant time: the
 * presented key's digest is compared with every stored digest by
 * {@link MessageDigest#isEqual}, without stopping at a match, so the time taken says
 * nothing about which key, or how much of one, was right.
 */
final class ApiKeys {

	private final String kind;

	private final List<byte[]> digests;

	private ApiKeys(String kind, List<byte[]> digests) {
		this.kind = kind;
		this.digests = digests;
	}

	/**
	 * Keys from configuration; blank entries (an empty environment variable) are ignored.
	 * @param kind a short name used in the key's identity ({@code write}, {@code read})
	 */
	static ApiKeys of(String kind, List<String> keys) {
		List<byte[]> digests = new ArrayList<>();
		if (keys != null) {
			for (String key : keys) {
				if (key != null && !key.isBlank()) {
					digests.add(digest(key.strip()));
				}
			}
		}
		return new ApiKeys(kind, List.copyOf(digests));
	}

	boolean isEmpty() {
		return this.digests.isEmpty();
	}

	int size() {
		return this.digests.size();
	}

	/**
	 * The identity of the matching key ({@code write-0}, {@code read-2}: never the key
	 * itself), or {@code null} if none matches.
	 */
	String identify(byte[] presentedDigest) {
		int match = -1;
		for (int i = 0; i < this.digests.size(); i++) {
			if (MessageDigest.isEqual(this.digests.get(i), presentedDigest) & match < 0) {
				match = i;
			}
		}
		return (match < 0) ? null : this.kind + "-" + match;
	}

	static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
