package dev.duet.infrastructure.persistence;

import dev.duet.application.port.Sightings;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code sightings} table: one row per user id, the latest, written behind with one {@code
 * INSERT … ON CONFLICT} statement (SQLite and PostgreSQL).
 */
@ApplicationScoped
public class JpaSightings implements Sightings {
  private static final String UPSERT =
      "INSERT INTO sightings (user_id, device_id, network, wide_network, seen_at)"
          + " VALUES (:user, :device, :network, :wide, :at) ON CONFLICT (user_id) DO UPDATE SET"
          + " device_id = excluded.device_id, network = excluded.network,"
          + " wide_network = excluded.wide_network, seen_at = excluded.seen_at";

  @Inject JpaDatabase database;

  @Override
  public void seen(Visitor visitor, Instant at) {
    database.write(
        db ->
            db.createNativeMutationQuery(UPSERT)
                .setParameter("user", visitor.userId())
                .setParameter("device", visitor.deviceId(), String.class)
                .setParameter("network", visitor.network(), String.class)
                .setParameter("wide", visitor.wideNetwork(), String.class)
                .setParameter("at", at.toEpochMilli())
                .executeUpdate());
  }

  @Override
  public Optional<Visitor> last(String userId) {
    return database.read(
        db ->
            Optional.ofNullable(db.find(SightingEntity.class, userId))
                .map(SightingEntity::toVisitor));
  }
}
