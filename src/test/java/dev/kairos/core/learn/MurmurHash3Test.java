package dev.kairos.core.learn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden values of MurmurHash3_x86_32, from {@code murmur3-golden.py} in the test
 * resources (the reference C implementation through the mmh3 package).
 */
class MurmurHash3Test {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "''|0|0", "''|1|1364076727", "hello|0|613153351", "hello|42|-488910111", "user=42|0|-392716498",
					"The quick brown fox jumps over the lazy dog|0|776992547", "café|0|605818632", "abc|0|-1277324294",
					"abcd|7|1425861819" })
	void matchesTheReference(String text, int seed, int expected) {
		assertThat(MurmurHash3.hash32(text, seed)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "hello,0,613153351" })
	void hashesASliceOfAnArray(String text, int seed, int expected) {
		byte[] padded = ("xx" + text + "yyy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(MurmurHash3.hash32(padded, 2, text.length(), seed)).isEqualTo(expected);
	}

}
