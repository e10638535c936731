package dev.duet.infrastructure.persistence;

import dev.duet.application.port.ReportHistory;
import dev.duet.domain.Report;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code reports}; times are epoch milliseconds. */
@Entity
@Table(name = "reports")
public class ReportEntity {
  static final String OPEN = "OPEN";
  static final String RESOLVED = "RESOLVED";

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

  @Column(name = "status", nullable = false, length = 16)
  private String status;

  @Column(name = "resolved_at")
  private Long resolvedAt;

  @Column(name = "resolved_by", length = 64)
  private String resolvedBy;

  @Column(name = "resolution", length = 16)
  private String resolution;

  @Column(name = "resolution_note", length = 500)
  private String resolutionNote;

  @Column(name = "ban_id", length = 32)
  private String banId;

  protected ReportEntity() {}

  static ReportEntity of(Report report) {
    ReportEntity entity = new ReportEntity();
    entity.id = report.id();
    entity.reporter = report.reporter();
    entity.reported = report.reported();
    entity.matchId = report.matchId();
    entity.reason = report.reason();
    entity.createdAt = report.at().toEpochMilli();
    entity.status = OPEN;
    return entity;
  }

  ReportHistory.Resolution resolution() {
    return RESOLVED.equals(status)
        ? new ReportHistory.Resolution(
            resolution, resolvedBy, Instant.ofEpochMilli(resolvedAt), resolutionNote, banId)
        : null;
  }

  String reported() {
    return reported;
  }

  Report toReport() {
    return new Report(id, reporter, reported, matchId, reason, Instant.ofEpochMilli(createdAt));
  }
}
