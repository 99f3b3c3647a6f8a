/**
 * Tests of what an operator uses: metrics, health, the image, compose and the Helm chart.
 */
package dev.kairos.ops;
