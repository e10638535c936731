package dev.duet.application.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where rooms, sessions, matches, reports and keys are kept.
 *
 * @param dbPath the SQLite database file ({@code DB_PATH}, default {@code data/duet.db})
 * @param dbUrl the PostgreSQL database ({@code DB_URL}, a {@code jdbc:postgresql://} URL, with
 *     {@code DB_USER} and {@code DB_PASSWORD}) that replaces the SQLite file; empty when unset
 * @param dbUser {@code DB_USER}
 * @param dbPassword {@code DB_PASSWORD}
 */
public record DatabaseSettings(
    Path dbPath, Optional<String> dbUrl, String dbUser, String dbPassword) {

  static DatabaseSettings read(SettingValues values) {
    String url = values.text("DB_URL", "").trim();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "DB_URL="
              + url
              + ": expected jdbc:postgresql://host:port/database (unset: SQLite at DB_PATH)");
    }
    return new DatabaseSettings(
        Path.of(values.text("DB_PATH", "data/duet.db")).toAbsolutePath(),
        url.isEmpty() ? Optional.empty() : Optional.of(url),
        values.text("DB_USER", "").trim(),
        values.text("DB_PASSWORD", ""));
  }
}
