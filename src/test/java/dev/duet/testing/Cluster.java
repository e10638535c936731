package dev.duet.testing;

import java.time.Duration;
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
 * started two at a time, and nginx in front of them all with the shipped configuration. One cluster
 * runs on the machine at a time ({@link MachineLock}), whichever test JVM starts it. Without
 * redis-server, PostgreSQL or nginx the tests are skipped loudly, and fail under {@code CI=true}.
 */
public final class Cluster implements AutoCloseable {
  private final Redis redis;
  private final Postgres postgres;
  private final List<DuetServer> instances;
  private final Nginx nginx;
  private final MachineLock lock;

  private Cluster(
      Redis redis, Postgres postgres, List<DuetServer> instances, Nginx nginx, MachineLock lock) {
    this.lock = lock;
    this.redis = redis;
    this.postgres = postgres;
    this.instances = instances;
    this.nginx = nginx;
  }

  /**
   * Starts a cluster, its instances started as {@link DuetServer#start}; {@code settings} go to
   * every instance, over {@link DuetServer#UNLIMITED}.
   */
  public static Cluster start(String name, int size, Map<String, String> settings) {
    Redis.requireRedis();
    Postgres.requirePostgres();
    Nginx.requireNginx();
    MachineLock lock = MachineLock.acquire("cluster", Duration.ofMinutes(9));
    try {
      return start(name, size, settings, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Cluster start(
      String name, int size, Map<String, String> settings, MachineLock lock) {
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
      starting.add(previous.thenApplyAsync(ignored -> DuetServer.start(instance, environment)));
    }
    List<DuetServer> instances = new ArrayList<>();
    try {
      for (CompletableFuture<DuetServer> instance : starting) {
        instances.add(instance.orTimeout(10, TimeUnit.MINUTES).join());
      }
      return new Cluster(redis, postgres, instances, Nginx.start(name + "-nginx", instances), lock);
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
    lock.close();
  }
}
