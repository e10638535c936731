/**
 * The ports of the application: what its services need from the outside world, each an interface
 * that an adapter of {@code dev.duet.infrastructure} (or of {@code dev.duet.interfaces}, for the
 * {@link dev.duet.application.port.PeerNotifier}) implements, named by technology. Services call
 * only these; the rules of each are in its Javadoc.
 */
package dev.duet.application.port;
