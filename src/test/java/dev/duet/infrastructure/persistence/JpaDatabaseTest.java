package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.settings.Settings;
import dev.duet.testing.Awaits;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SQLite file: the schema of an earlier release brought up to date, and the write-behind
 * queue bounded by back-pressure.
 */
class JpaDatabaseTest {
  @TempDir Path folder;
  private JpaDatabase database;

  @AfterEach
  void stop() {
    if (database != null) {
      database.stop();
    }
  }

  private JpaDatabase open() {
    return openIn(folder);
  }

  /** A database in {@code folder}, its writer on a thread of its own, as the container makes it. */
  static JpaDatabase openIn(Path folder) {
    JpaDatabase opened = new JpaDatabase();
    opened.settings = Settings.of(Map.of("DB_PATH", folder.resolve("duet.db").toString()));
    opened.threads =
        new ManagedThreadFactory() {
          @Override
          public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "test-writer");
            thread.setDaemon(true);
            return thread;
          }

          @Override
          public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException("not used");
          }
        };
    opened.createWriter();
    return opened;
  }

  /**
   * A database made by an earlier release, whose {@code rooms} table has no {@code passcode}
   * column, opens (Hibernate validates the schema) and gains the column; opening it again skips the
   * column it has.
   */
  @Test
  void aDatabaseOfTheFirstReleaseGainsTheColumnsAddedSince() throws Exception {
    String url = "jdbc:sqlite:" + folder.resolve("duet.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE rooms (id VARCHAR(64) NOT NULL PRIMARY KEY, created_at BIGINT NOT NULL,"
              + " last_active_at BIGINT NOT NULL, expires_at BIGINT)");
      statement.execute("INSERT INTO rooms VALUES ('old', 1, 2, 3)");
    }
    for (int start = 0; start < 2; start++) {
      database = open();
      assertEquals(Optional.empty(), database.problem());
      database.stop();
      database = null;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT id, passcode FROM rooms")) {
      assertTrue(row.next());
      assertEquals("old", row.getString("id"));
      assertNull(row.getString("passcode"));
    }
  }

  @Test
  void whoQueuesAWriteWaitsForTheDatabaseOnceTooManyWait() throws Exception {
    database = open();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    database.write(
        session -> {
          inside.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertTrue(inside.await(30, TimeUnit.SECONDS), "the writer holds a slow write");
    int queued = JpaDatabase.MAX_PENDING + 1_000;
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < queued; i++) {
                database.write(session -> {});
              }
            });
    producer.start();
    Awaits.until(
        Duration.ofSeconds(10),
        () -> !producer.isAlive() || producer.getState() == Thread.State.BLOCKED,
        () -> "the producer neither finished nor waits: " + producer.getState());
    int pending = database.pendingWrites();
    assertTrue(producer.isAlive(), "the producer waits while the database is slow");
    assertTrue(pending <= JpaDatabase.MAX_PENDING + 1, pending + " writes wait");
    release.countDown();
    producer.join(60_000);
    assertFalse(producer.isAlive());
    Awaits.until(
        Duration.ofSeconds(30),
        () -> database.pendingWrites() == 0,
        () -> database.pendingWrites() + " writes still wait");
  }
}
