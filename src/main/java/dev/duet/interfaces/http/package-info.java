/**
 * HTTP resources: {@code /stats} for scripts, {@code /metrics} for Prometheus, the admin view's
 * data behind {@code ADMIN_TOKEN}, the MicroProfile Health checks (readiness and liveness) and the
 * WebSocket handshake's guard.
 */
package dev.duet.interfaces.http;
