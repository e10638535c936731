/**
 * Metrics on Micrometer with its Prometheus registry, bundled in the WAR so that the same version
 * runs on every server.
 */
package dev.duet.infrastructure.metrics;
