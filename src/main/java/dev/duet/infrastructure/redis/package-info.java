/**
 * The shared state of a cluster of Duet instances, in Redis through Lettuce: used only when {@code
 * REDIS_URL} is set; a single instance keeps the same state in memory.
 */
package dev.duet.infrastructure.redis;
