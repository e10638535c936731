package dev.duet.infrastructure.persistence;

import dev.duet.domain.Match;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code matches}; times are epoch milliseconds. {@code common_interests} holds each tag
 * behind a unit separator (U+001F), a character no tag holds ({@link dev.duet.domain.Interests}
 * refuses control characters), so a tag may hold a comma; rows written before had the tags
 * comma-separated and are read as such.
 */
@Entity
@Table(name = "matches")
public class MatchEntity {
  @Id
  @Column(name = "id", length = 32)
  private String id;

  @Column(name = "polite_user", nullable = false, length = 64)
  private String politeUser;

  @Column(name = "impolite_user", nullable = false, length = 64)
  private String impoliteUser;

  @Column(name = "common_interests", nullable = false, length = 400)
  private String commonInterests;

  @Column(name = "started_at", nullable = false)
  private long startedAt;

  @Column(name = "ended_at")
  private Long endedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "end_reason", length = 16)
  private Match.End endReason;

  protected MatchEntity() {}

  static MatchEntity of(Match match) {
    MatchEntity entity = new MatchEntity();
    entity.id = match.id();
    entity.politeUser = match.polite();
    entity.impoliteUser = match.impolite();
    entity.commonInterests = encode(match.commonInterests());
    entity.startedAt = match.startedAt().toEpochMilli();
    return entity;
  }

  Match toMatch() {
    return new Match(
        id, politeUser, impoliteUser, Instant.ofEpochMilli(startedAt), decode(commonInterests));
  }

  private static final String SEPARATOR = "\u001f";

  static String encode(List<String> tags) {
    StringBuilder column = new StringBuilder();
    tags.forEach(tag -> column.append(SEPARATOR).append(tag));
    return column.toString();
  }

  static List<String> decode(String column) {
    if (column.isEmpty()) {
      return List.of();
    }
    if (column.startsWith(SEPARATOR)) {
      return List.of(column.substring(1).split(SEPARATOR, -1));
    }
    return List.of(column.split(","));
  }
}
