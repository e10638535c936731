package dev.duet.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reads a server's database from outside, as an operator would; SQLite files read-only. */
public final class Database {
  private Database() {}

  /** The rows of a query on a server's SQLite file, each as column name to value. */
  public static List<Map<String, Object>> query(Path file, String sql, Object... parameters) {
    Properties properties = new Properties();
    properties.setProperty("open_mode", "1");
    properties.setProperty("busy_timeout", "10000");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties)) {
      return query(connection, sql, parameters);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /** The rows of a query on {@code connection}, each as column name to value. */
  static List<Map<String, Object>> query(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
            row.put(result.getMetaData().getColumnName(c), result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
