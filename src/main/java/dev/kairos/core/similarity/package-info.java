/**
 * Item-to-item similarity from users' co-occurring interactions, decayed in time and
 * normalised so that popular items do not dominate.
 */
package dev.kairos.core.similarity;
