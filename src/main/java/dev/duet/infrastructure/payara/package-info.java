/**
 * Payara's own services, reached by reflection only: Duet has no compile-time dependency on Payara,
 * and on any other server the classes looked up are absent and nothing here does anything.
 */
package dev.duet.infrastructure.payara;
