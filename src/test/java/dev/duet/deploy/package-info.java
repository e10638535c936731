/**
 * Tests of how Duet is shipped: the Kubernetes manifests of {@code server-config/kubernetes},
 * checked without a cluster against the Kubernetes API's schemas and against Duet's own settings,
 * health ports and drain.
 */
package dev.duet.deploy;
