/**
 * The state a single instance keeps in memory, behind the same ports as the cluster's Redis
 * implementations: used when {@code REDIS_URL} is not set.
 */
package dev.duet.infrastructure.memory;
