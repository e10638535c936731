/**
 * JPA (Hibernate) on SQLite, or on the PostgreSQL a cluster shares: the database Duet owns, its
 * entities and the repositories behind the application's persistence ports.
 *
 * <p>The schema comes from {@code sql/} and is applied at start-up; Hibernate only validates it.
 * Writes go through one ordered write-behind queue, drained in batches on a writer thread of its
 * own, so a single writer never meets {@code SQLITE_BUSY}, the signaling path never waits for a
 * disk and Duet's scheduler never waits for the database.
 */
package dev.duet.infrastructure.persistence;
