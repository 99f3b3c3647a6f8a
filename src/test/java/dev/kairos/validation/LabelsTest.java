package dev.kairos.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {

	@Test
	void printableTextIsALabel() {
		assertThat(Labels.problem("Children's")).isNull();
		assertThat(Labels.problem("Sci-Fi & Fantasy")).isNull();
		assertThat(Labels.problem("Électronique / Maison")).isNull();
		assertThat(Labels.problem("a:b{c}|d,e;f")).isNull();
		assertThat(Labels.problem("家電")).isNull();
		assertThat(Labels.problem("🎬 films")).isNull();
		assertThat(Labels.problem("x".repeat(Labels.MAX_LENGTH))).isNull();
		// 128 characters outside the BMP are 256 chars of UTF-16: counted as characters
		assertThat(Labels.problem("🎬".repeat(Labels.MAX_LENGTH))).isNull();
	}

	@Test
	void controlCharactersBreaksEmptinessPaddingAndLengthAreNot() {
		assertThat(Labels.problem(null)).contains("non-empty");
		assertThat(Labels.problem("")).contains("non-empty");
		assertThat(Labels.problem("x".repeat(Labels.MAX_LENGTH + 1))).contains("at most 128");
		assertThat(Labels.problem(" Drama")).contains("whitespace");
		assertThat(Labels.problem("Drama ")).contains("whitespace");
		assertThat(Labels.problem("Drama\u00a0")).contains("whitespace");
		assertThat(Labels.problem("a\u0007b")).contains("printable");
		assertThat(Labels.problem("a\nb")).contains("printable");
		assertThat(Labels.problem("a\u2028b")).contains("printable");
		assertThat(Labels.problem("a\ud800b")).contains("printable");
		assertThatThrownBy(() -> Labels.require("category", "a\tb")).isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((InvalidInputException) ex).violations().get(0).field())
			.isEqualTo("category");
	}

}
