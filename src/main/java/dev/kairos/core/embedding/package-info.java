/**
 * Two-tower embeddings of users and items learned online, and retrieval of the items
 * nearest to a user's vector.
 */
package dev.kairos.core.embedding;
