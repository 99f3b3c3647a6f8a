/**
 * Symmetric positive-definite matrices with rank-1 updates, ridge models and their
 * additive statistics: the only code that factorises or solves.
 */
package dev.kairos.core.linalg;
