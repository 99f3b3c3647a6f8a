/**
 * The live dashboard: its page (static assets under {@code /dashboard/}) and the overview
 * of the service's meters it polls.
 */
package dev.kairos.dashboard;
