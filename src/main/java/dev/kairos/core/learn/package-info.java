/**
 * Online CTR models: hashed sparse features, SGD / AdaGrad / FTRL-Proximal logistic
 * regression, drift detection.
 */
package dev.kairos.core.learn;
