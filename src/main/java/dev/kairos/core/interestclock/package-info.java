/**
 * The Interest Clock: per-user hourly category preferences with decay, Gaussian smoothing
 * and a global prior.
 */
package dev.kairos.core.interestclock;
