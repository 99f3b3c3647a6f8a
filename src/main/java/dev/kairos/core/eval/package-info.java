/**
 * Off-policy evaluation of bandit policies on logged feedback: replay, IPS, SNIPS, doubly
 * robust.
 */
package dev.kairos.core.eval;
