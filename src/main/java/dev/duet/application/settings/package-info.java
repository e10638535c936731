/**
 * Duet's settings: {@link dev.duet.application.settings.Settings}, read once at start-up, and its
 * groups, one record per concern (rooms, connections, rate limits, matching, sessions, ICE,
 * database, cluster), each naming its settings and their defaults.
 */
package dev.duet.application.settings;
