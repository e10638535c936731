/**
 * Test harness: real servers (WildFly or Payara Micro, started from the build's own copies with the
 * WAR, on free loopback ports), a real WebSocket client (Tyrus) speaking the production protocol
 * records, and waiting helpers.
 */
package dev.duet.testing;
