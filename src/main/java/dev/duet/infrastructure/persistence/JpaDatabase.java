package dev.duet.infrastructure.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.duet.application.port.DatabaseProbe;
import dev.duet.application.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.exception.ConstraintViolationException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database: SQLite at {@code DB_PATH} by default, or the PostgreSQL at {@code DB_URL} that the
 * instances of a cluster share; a small HikariCP pool, the schema from {@code
 * sql/schema-sqlite.sql} or {@code sql/schema-postgresql.sql}, and a Hibernate {@link
 * SessionFactory} that validates the entities against it. The native statements are written in the
 * SQL both understand ({@code INSERT ... ON CONFLICT}).
 *
 * <p>Duet bootstraps Hibernate itself instead of declaring a container data source: the database
 * comes from MicroProfile Config, which neither WildFly (spec descriptor property replacement is
 * off by default) nor Payara can put into a {@code web.xml} data source portably, and it keeps one
 * Hibernate, with no JTA platform to detect and no bytecode enhancement, on both servers. SQLite
 * connections use WAL, {@code BEGIN IMMEDIATE} and a 10 s busy timeout, so readers never block the
 * writer and a read-then-write never fails with {@code SQLITE_BUSY}. Both pools get the driver's
 * own data source, not a JDBC URL: {@code DriverManager} does not find a driver that an
 * application's class loader brings on Payara Micro. The schema is applied in one transaction;
 * PostgreSQL's begins with an advisory lock, so instances starting together do not race.
 *
 * <p>The database is opened when the application starts, so an instance is ready only once its
 * database is, and no request or periodic task waits for Hibernate to start. Writes are queued and
 * applied in order, in batches of up to {@value #BATCH} per transaction, on a thread of their own
 * (from the container's managed thread factory), so a slow database never delays the heartbeat or
 * the grace and matching ticks on {@code java:app/duet/scheduler}; through a {@link
 * StatelessSession}: each write is one statement, run in order (no JDBC batching, which would
 * reorder inserts after updates), with no persistence context to dirty-check as a batch grows;
 * updates and deletes are plain SQL on the schema, as Hibernate would translate an HQL update again
 * on every run. A batch that violates a constraint (on a shared database, another instance may have
 * written the same row in between) is applied again one write per transaction, so only the write
 * that cannot be applied is lost, and logged. The queue is bounded by back-pressure: a write queued
 * while more than {@value #MAX_PENDING} wait is applied, with those before it, on the caller's
 * thread, which thus waits for the database instead of letting the heap grow. On shutdown the queue
 * is drained before the pool closes. If the database cannot be opened, readiness says why and
 * start-up is retried on the next use.
 */
@ApplicationScoped
public class JpaDatabase implements DatabaseProbe {
  private static final Logger LOG = Logger.getLogger(JpaDatabase.class.getName());
  private static final int BATCH = 500;

  /** How many writes may wait before the code that queues one waits for the database too. */
  static final int MAX_PENDING = 20_000;

  private static final long RETRY_MILLIS = 5_000;

  @Inject Settings settings;

  @Resource ManagedThreadFactory threads;

  private ExecutorService writer;

  private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private volatile long batchQueuedAt;
  private volatile SessionFactory factory;
  private volatile HikariDataSource dataSource;
  private volatile String startProblem;
  private long lastAttempt;

  @PostConstruct
  void createWriter() {
    writer = Executors.newSingleThreadExecutor(threads);
  }

  /** Opens the database as the application starts; if it cannot be, readiness says why. */
  void open(@Observes @Initialized(ApplicationScoped.class) Object event) {
    try {
      factory();
    } catch (IllegalStateException e) {
      LOG.log(Level.FINE, "The database is opened again on its next use", e);
    }
  }

  private synchronized SessionFactory factory() {
    if (factory == null) {
      long now = System.currentTimeMillis();
      if (startProblem != null && now - lastAttempt < RETRY_MILLIS) {
        throw new IllegalStateException(startProblem);
      }
      lastAttempt = now;
      try {
        start();
        startProblem = null;
      } catch (Exception e) {
        startProblem = "database " + name() + " cannot be used: " + e.getMessage();
        closeQuietly();
        LOG.warning(startProblem);
        throw new IllegalStateException(startProblem, e);
      }
    }
    return factory;
  }

  /** The database as logs and readiness name it: no URL parameters, which may hold a password. */
  private String name() {
    return settings
        .database()
        .dbUrl()
        .map(url -> url.replaceFirst("\\?.*", ""))
        .orElse(settings.database().dbPath().toString());
  }

  private void start() throws IOException, SQLException {
    boolean postgresql = settings.database().dbUrl().isPresent();
    HikariConfig pool = new HikariConfig();
    if (postgresql) {
      PGSimpleDataSource postgresSource = new PGSimpleDataSource();
      postgresSource.setURL(settings.database().dbUrl().get());
      postgresSource.setUser(settings.database().dbUser());
      postgresSource.setPassword(settings.database().dbPassword());
      pool.setPoolName("duet-postgresql");
      pool.setDataSource(postgresSource);
      pool.setMaximumPoolSize(8);
    } else {
      Path path = settings.database().dbPath();
      Files.createDirectories(path.getParent());
      SQLiteConfig sqlite = new SQLiteConfig();
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      sqlite.setBusyTimeout(10_000);
      SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
      sqliteSource.setUrl("jdbc:sqlite:" + path);
      pool.setPoolName("duet-sqlite");
      pool.setDataSource(sqliteSource);
      pool.setMaximumPoolSize(4);
    }
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(3_000);
    pool.setInitializationFailTimeout(1);
    dataSource = new HikariDataSource(pool);
    SchemaScript.apply(
        dataSource, postgresql ? "sql/schema-postgresql.sql" : "sql/schema-sqlite.sql");

    Configuration configuration =
        new Configuration()
            .addAnnotatedClass(RoomEntity.class)
            .addAnnotatedClass(SessionEntity.class)
            .addAnnotatedClass(MatchEntity.class)
            .addAnnotatedClass(ReportEntity.class)
            .addAnnotatedClass(BanEntity.class)
            .addAnnotatedClass(AuditEntity.class)
            .addAnnotatedClass(SightingEntity.class);
    configuration.getProperties().put(AvailableSettings.DATASOURCE, dataSource);
    if (!postgresql) {
      configuration.setProperty(AvailableSettings.DIALECT, SQLiteDialect.class.getName());
    }
    configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
    configuration.setProperty(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jdbc");
    configuration.setProperty(
        AvailableSettings.JTA_PLATFORM,
        "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
    configuration.setProperty(AvailableSettings.XML_MAPPING_ENABLED, "false");
    factory = configuration.buildSessionFactory();
    LOG.info("Database ready at " + name());
  }

  /** A queued write and when it was queued ({@link System#nanoTime()}). */
  private record Write(Consumer<StatelessSession> operation, long queuedAt) {}

  /** Queues a write; writes are applied in the order they were queued. */
  void write(Consumer<StatelessSession> operation) {
    int waiting = pending.incrementAndGet();
    writes.add(new Write(operation, System.nanoTime()));
    if (waiting > MAX_PENDING) {
      flushNow();
    } else {
      flushSoon();
    }
  }

  /**
   * Queues the write and applies the queue, this write included, on the caller's thread before
   * returning: for the rare write that must be seen at once.
   */
  void writeNow(Consumer<StatelessSession> operation) {
    write(operation);
    flushNow();
  }

  /** Has the writer drain the queue unless it is at it; once it has stopped, drains it here. */
  private void flushSoon() {
    if (flushing.compareAndSet(false, true)) {
      try {
        writer.execute(this::flushInBackground);
      } catch (RuntimeException e) {
        flushing.set(false);
        LOG.log(Level.FINE, "Writer stopped, writing on the caller's thread", e);
        flushNow();
      }
    }
  }

  /** Runs {@code work} in a transaction of its own on the caller's thread, and commits it. */
  <T> T transaction(Function<StatelessSession, T> work) {
    try (var session = factory().openStatelessSession()) {
      Transaction transaction = session.beginTransaction();
      try {
        T result = work.apply(session);
        transaction.commit();
        return result;
      } catch (RuntimeException e) {
        transaction.rollback();
        throw e;
      }
    }
  }

  /** Reads on the caller's thread, in a session of its own. */
  <T> T read(Function<EntityManager, T> query) {
    try (var session = factory().openSession()) {
      return query.apply(session);
    }
  }

  private void flushInBackground() {
    try {
      flushNow();
    } finally {
      flushing.set(false);
    }
    if (!writes.isEmpty()) {
      flushSoon();
    }
  }

  private synchronized void flushNow() {
    while (!writes.isEmpty()) {
      List<Write> batch = new ArrayList<>();
      for (Write write; batch.size() < BATCH && (write = writes.poll()) != null; ) {
        batch.add(write);
      }
      if (batch.isEmpty()) {
        return;
      }
      batchQueuedAt = batch.get(0).queuedAt();
      try {
        apply(batch);
      } catch (ConstraintViolationException e) {
        LOG.log(Level.FINE, "A batch conflicted; applying its writes one by one", e);
        for (Write write : batch) {
          try {
            apply(List.of(write));
          } catch (RuntimeException single) {
            LOG.log(Level.WARNING, "Lost a database write: " + single.getMessage(), single);
          }
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Lost " + batch.size() + " database writes: " + e.getMessage(), e);
      } finally {
        pending.addAndGet(-batch.size());
        batchQueuedAt = 0;
      }
    }
  }

  private void apply(List<Write> batch) {
    try (var session = factory().openStatelessSession()) {
      Transaction transaction = session.beginTransaction();
      try {
        batch.forEach(write -> write.operation().accept(session));
        transaction.commit();
      } catch (RuntimeException e) {
        transaction.rollback();
        throw e;
      }
    }
  }

  @Override
  public Optional<String> problem() {
    try {
      factory();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.executeQuery("SELECT count(*) FROM rooms").close();
      }
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public int pendingWrites() {
    return pending.get();
  }

  @Override
  public Duration oldestPendingWrite() {
    long since = batchQueuedAt;
    if (since == 0) {
      Write next = writes.peek();
      if (next == null) {
        return Duration.ZERO;
      }
      since = next.queuedAt();
    }
    return Duration.ofNanos(Math.max(0, System.nanoTime() - since));
  }

  @PreDestroy
  synchronized void stop() {
    writer.shutdown();
    if (factory != null) {
      flushNow();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
  }
}
