/**
 * Tests of how Duet is shipped: the container images of {@code server-config/container}, built and
 * run with podman on bases assembled from Debian packages and Maven Central.
 */
package dev.duet.deploy;
