/**
 * Learning in the service: reward attribution, the shared model store port, serving
 * copies, impressions.
 */
package dev.kairos.learning;
