/**
 * Signed session tokens: JWTs made and checked with Nimbus JOSE+JWT, behind the application's
 * {@link dev.duet.application.port.SessionTokens} port.
 */
package dev.duet.infrastructure.security;
