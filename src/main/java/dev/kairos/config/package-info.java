/** Typed configuration of Kairos and the wiring of its parts. */
package dev.kairos.config;
