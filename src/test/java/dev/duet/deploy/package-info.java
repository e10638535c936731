/**
 * Checks of the deployment files under {@code server-config/} that need no server: the Kubernetes
 * manifests against the Kubernetes API's schemas and against Duet's own settings, ports and drain.
 */
package dev.duet.deploy;
