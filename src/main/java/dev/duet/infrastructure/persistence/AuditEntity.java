package dev.duet.infrastructure.persistence;

import dev.duet.application.port.AuditLog;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code audit_log}; the time is epoch milliseconds. */
@Entity
@Table(name = "audit_log")
public class AuditEntity {
  @Id
  @Column(name = "id", length = 32)
  private String id;

  @Column(name = "at", nullable = false)
  private long at;

  @Column(name = "moderator", nullable = false, length = 64)
  private String moderator;

  @Column(name = "action", nullable = false, length = 32)
  private String action;

  @Column(name = "target", nullable = false, length = 64)
  private String target;

  @Column(name = "detail", nullable = false, length = 600)
  private String detail;

  protected AuditEntity() {}

  static AuditEntity of(AuditLog.Entry entry) {
    AuditEntity entity = new AuditEntity();
    entity.id = entry.id();
    entity.at = entry.at().toEpochMilli();
    entity.moderator = entry.moderator();
    entity.action = entry.action();
    entity.target = entry.target();
    entity.detail = entry.detail();
    return entity;
  }

  AuditLog.Entry toEntry() {
    return new AuditLog.Entry(id, Instant.ofEpochMilli(at), moderator, action, target, detail);
  }
}
