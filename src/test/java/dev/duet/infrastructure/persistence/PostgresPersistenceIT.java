package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duet.testing.DuetServer;
import dev.duet.testing.Postgres;
import dev.duet.testing.TestClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same checks on PostgreSQL ({@code DB_URL}): a server of its own with the shared server's
 * settings but no {@code JWT_SECRET}, so its token key is made once and kept in PostgreSQL, and a
 * restart on the same database still accepts the tokens it handed out.
 */
class PostgresPersistenceIT extends PersistenceIT {
  private static Postgres postgres;
  private static DuetServer server;

  @BeforeAll
  static void start() {
    postgres = Postgres.start("persistence");
    server = DuetServer.start("postgres", settings());
  }

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>(DuetServer.SHARED);
    settings.remove("JWT_SECRET");
    settings.putAll(postgres.settings());
    return settings;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  DuetServer server() {
    return server;
  }

  @Override
  List<Map<String, Object>> query(String sql, Object... parameters) {
    return postgres.query(sql, parameters);
  }

  @Override
  List<String> contentionErrors() {
    return List.of(
        "deadlock detected",
        "could not serialize access",
        "duplicate key value violates unique constraint",
        "PSQLException");
  }

  @Test
  void theTokenKeyIsKeptInPostgresqlAcrossARestart() throws Exception {
    String token;
    String userId;
    try (TestClient client = TestClient.connect(server)) {
      token = client.hello().token();
      userId = client.userId();
    }
    assertEquals(1, query("SELECT * FROM signing_keys").size());
    server.close();
    server = DuetServer.start("postgres-again", settings());
    try (TestClient again = TestClient.resume(server, token)) {
      assertEquals(userId, again.userId(), "the token of the first run is accepted");
    }
    assertEquals(1, query("SELECT * FROM signing_keys").size());
  }
}
