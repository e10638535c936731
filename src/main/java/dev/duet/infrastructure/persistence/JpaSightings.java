package dev.duet.infrastructure.persistence;

import dev.duet.application.port.Sightings;
import dev.duet.domain.Visitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/** The {@code sightings} table: one row per user id, the latest, written behind. */
@ApplicationScoped
public class JpaSightings implements Sightings {

  @Inject JpaDatabase database;

  @Override
  public void seen(Visitor visitor, Instant at) {
    SightingEntity entity = SightingEntity.of(visitor, at.toEpochMilli());
    database.write(db -> db.upsert(entity));
  }

  @Override
  public Optional<Visitor> last(String userId) {
    return database.read(
        db ->
            Optional.ofNullable(db.find(SightingEntity.class, userId))
                .map(SightingEntity::toVisitor));
  }
}
