package dev.kairos;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of the house: the learning core is plain Java, and no package
 * depends on another in a cycle (docs/code-map.md says what lives where).
 */
class ArchitectureTest {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.kairos");
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.kairos.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void coreIsPlainJava() {
		noClasses().that()
			.resideInAPackage("dev.kairos.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "kafka..", "io.lettuce..",
					"tools.jackson..", "com.fasterxml..", "io.micrometer..", "jakarta..")
			.check(classes);
	}

	@Test
	void coreDependsOnNothingElseOfKairos() {
		noClasses().that()
			.resideInAPackage("dev.kairos.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kairos.events..", "dev.kairos.items..", "dev.kairos.features..",
					"dev.kairos.recommendations..", "dev.kairos.learning..", "dev.kairos.kafka..", "dev.kairos.redis..",
					"dev.kairos.api..", "dev.kairos.config..", "dev.kairos.metrics..")
			.check(classes);
	}

	@Test
	void onlyTheEjmlWrapperFactorises() {
		noClasses().that()
			.resideOutsideOfPackage("dev.kairos.core.linalg..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.ejml..")
			.check(classes);
	}

	@Test
	void kafkaStaysInItsAdapter() {
		noClasses().that()
			.resideOutsideOfPackages("dev.kairos.kafka..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka..", "kafka..", "org.springframework.kafka..")
			.check(classes);
	}

	@Test
	void redisStaysInItsAdapter() {
		noClasses().that()
			.resideOutsideOfPackages("dev.kairos.redis..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.lettuce..", "org.springframework.data.redis..")
			.check(classes);
	}

	@Test
	void featurePackagesDoNotReachIntoAdapters() {
		noClasses().that()
			.resideInAnyPackage("dev.kairos.events..", "dev.kairos.items..", "dev.kairos.features..",
					"dev.kairos.recommendations..", "dev.kairos.validation..", "dev.kairos.dashboard..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.kairos.kafka..", "dev.kairos.redis..", "dev.kairos.api..", "dev.kairos.config..")
			.check(classes);
	}

}
