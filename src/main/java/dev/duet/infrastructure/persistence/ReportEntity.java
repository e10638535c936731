package dev.duet.infrastructure.persistence;

import dev.duet.domain.Report;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code reports}; the time is epoch milliseconds. */
@Entity
@Table(name = "reports")
public class ReportEntity {
  @Id
  @Column(name = "id", length = 32)
  private String id;

  @Column(name = "reporter", nullable = false, length = 64)
  private String reporter;

  @Column(name = "reported", nullable = false, length = 64)
  private String reported;

  @Column(name = "match_id", nullable = false, length = 32)
  private String matchId;

  @Column(name = "reason", nullable = false, length = 500)
  private String reason;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected ReportEntity() {}

  static ReportEntity of(Report report) {
    ReportEntity entity = new ReportEntity();
    entity.id = report.id();
    entity.reporter = report.reporter();
    entity.reported = report.reported();
    entity.matchId = report.matchId();
    entity.reason = report.reason();
    entity.createdAt = report.at().toEpochMilli();
    return entity;
  }

  Report toReport() {
    return new Report(id, reporter, reported, matchId, reason, Instant.ofEpochMilli(createdAt));
  }
}
