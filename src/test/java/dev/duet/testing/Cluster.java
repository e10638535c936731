package dev.duet.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Duet cluster on loopback, every part real: a Redis, a PostgreSQL, {@code size} instances of the
 * WAR (each with {@code REDIS_URL}, the database's {@code DB_URL} and credentials and its own
 * {@code INSTANCE_ID}; no {@code JWT_SECRET}, so they share the token key kept in PostgreSQL),
 * started two at a time, and nginx in front of them all with the shipped configuration. Without
 * redis-server, PostgreSQL or nginx the tests are skipped loudly, and fail under {@code CI=true}.
 */
public final class Cluster implements AutoCloseable {
  private final Redis redis;
  private final Postgres postgres;
  private final List<DuetServer> instances;
  private final Nginx nginx;

  private Cluster(Redis redis, Postgres postgres, List<DuetServer> instances, Nginx nginx) {
    this.redis = redis;
    this.postgres = postgres;
    this.instances = instances;
    this.nginx = nginx;
  }

  /**
   * The settings of the cluster {@code ClusterIT} and {@code ClusterLoadIT} share: rooms expire
   * after 2 s (checked every 250 ms), interests fall back and a skipped pair may meet again after 1
   * s, a session waits 6 s for its client; the heartbeat is the default one, so that an instance
   * paused past its lease still finds its clients alive when it goes on.
   */
  public static final Map<String, String> SHARED =
      Map.of(
          "RESUME_GRACE", "6s",
          "ROOM_TTL", "2s",
          "CLEANUP_INTERVAL", "250ms",
          "INTEREST_FALLBACK", "1s",
          "REMATCH_COOLDOWN", "1s");

  /** The size of the shared cluster. */
  public static final int SHARED_SIZE = 3;

  private static Cluster shared;

  /**
   * The cluster of {@link #SHARED_SIZE} instances with the {@link #SHARED} settings, started once
   * per test JVM and stopped when it exits (one start of three servers, a Redis, a PostgreSQL and
   * nginx instead of one per class). An instance a test killed is started again first, as an
   * operator restarts a crashed one: same instance id, ports and database.
   */
  public static synchronized Cluster shared() {
    if (shared == null) {
      shared = start("cluster", SHARED_SIZE, SHARED, true);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    shared.instances.stream()
        .filter(instance -> !instance.isRunning())
        .forEach(DuetServer::startAgain);
    return shared;
  }

  /**
   * Starts a cluster for functional tests (instances started as {@link DuetServer#start}); {@code
   * settings} go to every instance, over {@link DuetServer#UNLIMITED}.
   */
  public static Cluster start(String name, int size, Map<String, String> settings) {
    return start(name, size, settings, false);
  }

  private static Cluster start(
      String name, int size, Map<String, String> settings, boolean forLoad) {
    Redis.requireRedis();
    Postgres.requirePostgres();
    Nginx.requireNginx();
    Redis redis = Redis.start(name);
    Postgres postgres;
    try {
      postgres = Postgres.start(name);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    List<CompletableFuture<DuetServer>> starting = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Map<String, String> environment = new HashMap<>(settings);
      environment.put("REDIS_URL", redis.url());
      environment.putAll(postgres.settings());
      environment.put("INSTANCE_ID", name + "-" + i);
      String instance = name + "-" + i;
      CompletableFuture<DuetServer> previous =
          i < 2 ? CompletableFuture.completedFuture(null) : starting.get(i - 2);
      starting.add(
          previous.thenApplyAsync(
              ignored ->
                  forLoad
                      ? DuetServer.startForLoad(instance, environment)
                      : DuetServer.start(instance, environment)));
    }
    List<DuetServer> instances = new ArrayList<>();
    try {
      for (CompletableFuture<DuetServer> instance : starting) {
        instances.add(instance.orTimeout(10, TimeUnit.MINUTES).join());
      }
      return new Cluster(redis, postgres, instances, Nginx.start(name + "-nginx", instances));
    } catch (RuntimeException e) {
      instances.forEach(DuetServer::close);
      starting.forEach(
          future -> future.thenAccept(DuetServer::close).exceptionally(failure -> null));
      redis.close();
      postgres.close();
      throw e;
    }
  }

  public DuetServer instance(int index) {
    return instances.get(index);
  }

  public List<DuetServer> instances() {
    return instances;
  }

  public Nginx nginx() {
    return nginx;
  }

  public Redis redis() {
    return redis;
  }

  public Postgres postgres() {
    return postgres;
  }

  @Override
  public void close() {
    nginx.close();
    instances.forEach(DuetServer::close);
    redis.close();
    postgres.close();
  }
}
