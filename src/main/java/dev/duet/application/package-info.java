/**
 * The use cases of Duet as CDI services: they enforce the domain's rules atomically, keep the live
 * state, and reach the outside world only through the ports declared here ({@link
 * dev.duet.application.PeerNotifier}, {@link dev.duet.application.RoomRepository}, {@link
 * dev.duet.application.SessionRepository}, {@link dev.duet.application.DatabaseProbe}, {@link
 * dev.duet.application.ReportHistory}, {@link dev.duet.application.Metrics}, {@link
 * dev.duet.application.MetricsReport}).
 */
package dev.duet.application;
