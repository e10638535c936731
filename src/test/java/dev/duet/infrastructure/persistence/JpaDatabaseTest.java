package dev.duet.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.settings.Settings;
import dev.duet.testing.Awaits;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-behind queue on a real SQLite file: it is bounded by back-pressure. */
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
