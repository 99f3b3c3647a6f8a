/** Bulk import of past items and events into a running Kairos, through its HTTP API. */
package dev.kairos.bulk;
