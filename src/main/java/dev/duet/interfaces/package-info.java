/** How the world reaches Duet: the WebSocket protocol and the HTTP resources. */
package dev.duet.interfaces;
