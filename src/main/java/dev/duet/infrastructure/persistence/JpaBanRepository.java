package dev.duet.infrastructure.persistence;

import dev.duet.application.port.BanRepository;
import dev.duet.domain.Ban;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Bans in the {@code bans} table, written on the caller's thread. */
@ApplicationScoped
public class JpaBanRepository implements BanRepository {
  private static final String ACTIVE =
      " WHERE b.liftedAt IS NULL AND (b.endsAt IS NULL OR b.endsAt > :now)";

  @Inject JpaDatabase database;

  @Override
  public void save(Ban ban) {
    BanEntity entity = BanEntity.of(ban);
    database.transaction(
        db -> {
          db.upsert(entity);
          return null;
        });
  }

  @Override
  public Optional<Ban> find(String id) {
    return database.read(
        db -> Optional.ofNullable(db.find(BanEntity.class, id)).map(BanEntity::toBan));
  }

  @Override
  public List<Ban> active(Instant now) {
    return database.read(
        db ->
            db
                .createQuery(
                    "SELECT b FROM BanEntity b" + ACTIVE + " ORDER BY b.createdAt DESC, b.id",
                    BanEntity.class)
                .setParameter("now", now.toEpochMilli())
                .getResultList()
                .stream()
                .map(BanEntity::toBan)
                .toList());
  }

  @Override
  public List<Ban> page(boolean activeOnly, Instant now, int offset, int limit) {
    return database.read(
        db -> {
          var query =
              db.createQuery(
                  "SELECT b FROM BanEntity b"
                      + (activeOnly ? ACTIVE : "")
                      + " ORDER BY b.createdAt DESC, b.id",
                  BanEntity.class);
          if (activeOnly) {
            query.setParameter("now", now.toEpochMilli());
          }
          return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
              .map(BanEntity::toBan)
              .toList();
        });
  }
}
