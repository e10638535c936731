/** HTTP resources: {@code /stats} for scripts and the MicroProfile Health checks. */
package dev.duet.interfaces.http;
