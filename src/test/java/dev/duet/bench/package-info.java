/**
 * The benchmark ({@code mvn -Pbench}): Duet and a bare relay endpoint on the same runtime, driven
 * from this separate, CPU-pinned process over loopback; idle sessions, relay, matching and churn;
 * one table of figures with the machine's noise beside them.
 */
package dev.duet.bench;
