/**
 * The Redis adapter: the feature store and catalogue, the key layout, Lua scripts, the
 * embedded server.
 */
package dev.kairos.redis;
