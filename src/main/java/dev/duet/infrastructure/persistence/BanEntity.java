package dev.duet.infrastructure.persistence;

import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code bans}; times are epoch milliseconds. */
@Entity
@Table(name = "bans")
public class BanEntity {
  private static final String BAN = "BAN";
  private static final String SHADOW_BAN = "SHADOW_BAN";

  @Id
  @Column(name = "id", length = 32)
  private String id;

  @Column(name = "scope", nullable = false, length = 16)
  private String scope;

  @Column(name = "subject", nullable = false, length = 64)
  private String subject;

  @Column(name = "kind", nullable = false, length = 16)
  private String kind;

  @Column(name = "reason", nullable = false, length = 500)
  private String reason;

  @Column(name = "created_by", nullable = false, length = 64)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "ends_at")
  private Long endsAt;

  @Column(name = "user_id", length = 64)
  private String userId;

  @Column(name = "lifted_at")
  private Long liftedAt;

  @Column(name = "lifted_by", length = 64)
  private String liftedBy;

  protected BanEntity() {}

  static BanEntity of(Ban ban) {
    BanEntity entity = new BanEntity();
    entity.id = ban.id();
    entity.scope = ban.scope().name();
    entity.subject = ban.subject();
    entity.kind = ban.shadow() ? SHADOW_BAN : BAN;
    entity.reason = ban.reason();
    entity.createdBy = ban.by();
    entity.createdAt = ban.at().toEpochMilli();
    entity.endsAt = ban.until() == null ? null : ban.until().toEpochMilli();
    entity.userId = ban.userId();
    entity.liftedAt = ban.liftedAt() == null ? null : ban.liftedAt().toEpochMilli();
    entity.liftedBy = ban.liftedBy();
    return entity;
  }

  Ban toBan() {
    return new Ban(
        id,
        BanScope.valueOf(scope),
        subject,
        SHADOW_BAN.equals(kind),
        reason,
        createdBy,
        Instant.ofEpochMilli(createdAt),
        endsAt == null ? null : Instant.ofEpochMilli(endsAt),
        userId,
        liftedAt == null ? null : Instant.ofEpochMilli(liftedAt),
        liftedBy);
  }
}
