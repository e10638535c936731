/**
 * Tests of how Duet is shipped: the Kubernetes manifests of {@code server-config/kubernetes},
 * checked without a cluster against the Kubernetes API's schemas and against Duet's own settings,
 * health ports and drain; and the container images of {@code server-config/container}, built and
 * run with podman on bases assembled from Debian packages and Maven Central.
 */
package dev.duet.deploy;
