/**
 * The benchmark ({@code mvn -Pbench}): PeerJS server, Duet and a bare endpoint on the same runtime,
 * each pinned to the server CPUs and driven over loopback from this separate, CPU-pinned process
 * (and, for the closed loop and the connect rate, from independent Node {@code ws} generators);
 * idle sessions, relay, matching and churn; one table of figures with the generator's CPU and the
 * machine's noise beside them, and the ratios of the run.
 */
package dev.duet.bench;
