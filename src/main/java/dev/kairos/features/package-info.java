/**
 * User and item features: the model, the FeatureStore port, and how events update them.
 */
package dev.kairos.features;
