package dev.duet.infrastructure.redis;

import dev.duet.application.port.BanIndex;
import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.domain.Visitor;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bans in force of a cluster, in Redis ({@code bans.lua}, whose header lists the keys): each
 * instance sees a ban once {@link #put} returns, and a lookup of a connection's subjects is one
 * script run. Unlike the handshake buckets this does not fail open: without Redis a connection is
 * not admitted (the caller answers "unavailable").
 */
@ApplicationScoped
@Typed(RedisBanIndex.class)
public class RedisBanIndex implements BanIndex {
  private static final RedisScript BANS = RedisScript.load("bans.lua");
  private static final int FIELDS = 9;

  @Inject RedisConnection redis;

  /** An index on this connection, outside a container (tests). */
  public static RedisBanIndex of(RedisConnection redis) {
    RedisBanIndex index = new RedisBanIndex();
    index.redis = redis;
    return index;
  }

  @Override
  public void put(Ban ban, Instant now) {
    BANS.run(
        redis.commands(),
        ScriptOutputType.INTEGER,
        "put",
        Long.toString(now.toEpochMilli()),
        ban.id(),
        ban.scope().name(),
        ban.subject(),
        ban.shadow() ? "1" : "0",
        ban.until() == null ? "0" : Long.toString(ban.until().toEpochMilli()),
        Long.toString(ban.at().toEpochMilli()),
        ban.by(),
        ban.userId() == null ? "" : ban.userId(),
        ban.reason());
  }

  @Override
  public void remove(Ban ban) {
    BANS.run(
        redis.commands(),
        ScriptOutputType.INTEGER,
        "remove",
        ban.id(),
        ban.scope().name(),
        ban.subject());
  }

  @Override
  public List<Ban> find(List<Visitor.Subject> subjects, Instant now) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    args.add("find");
    args.add(Long.toString(now.toEpochMilli()));
    for (Visitor.Subject subject : subjects) {
      args.add(subject.scope().name());
      args.add(subject.value());
    }
    List<Object> reply =
        BANS.run(redis.commands(), ScriptOutputType.MULTI, args.toArray(String[]::new));
    List<Ban> bans = new ArrayList<>();
    for (int i = 0; i + FIELDS <= reply.size(); i += FIELDS) {
      List<String> b = reply.subList(i, i + FIELDS).stream().map(String::valueOf).toList();
      long until = Long.parseLong(b.get(4));
      bans.add(
          new Ban(
              b.get(0),
              BanScope.valueOf(b.get(1)),
              b.get(2),
              "1".equals(b.get(3)),
              b.get(8),
              b.get(6),
              Instant.ofEpochMilli(Long.parseLong(b.get(5))),
              until == 0 ? null : Instant.ofEpochMilli(until),
              b.get(7).isEmpty() ? null : b.get(7),
              null,
              null));
    }
    return bans;
  }
}
