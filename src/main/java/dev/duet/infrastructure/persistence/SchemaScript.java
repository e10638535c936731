package dev.duet.infrastructure.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Applies a schema of {@code sql/} (the source of truth, idempotent) at start-up, in one
 * transaction, before Hibernate validates the entities against it.
 */
final class SchemaScript {
  private SchemaScript() {}

  static void apply(DataSource dataSource, String resource) throws IOException, SQLException {
    String schema;
    try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the WAR");
      }
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (String sql : schema.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!sql.isBlank()) {
          execute(statement, sql.strip());
        }
      }
      connection.commit();
    }
  }

  /**
   * Runs a statement of the schema. SQLite has no {@code ADD COLUMN IF NOT EXISTS}: its {@code
   * ALTER TABLE … ADD COLUMN} of a column the table has already fails with "duplicate column name",
   * and is skipped (a failed statement does not end an SQLite transaction).
   */
  private static void execute(Statement statement, String sql) throws SQLException {
    try {
      statement.execute(sql);
    } catch (SQLException e) {
      String problem = String.valueOf(e.getMessage());
      if (!sql.startsWith("ALTER TABLE") || !problem.contains("duplicate column name")) {
        throw e;
      }
    }
  }
}
