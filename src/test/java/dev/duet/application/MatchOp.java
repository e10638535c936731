package dev.duet.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One step of a randomized matching sequence, as a user, a moderator or the clock takes it: a
 * moderator shadow-bans a user or lifts its ban, which takes effect from the user's next request
 * (whether or not it has a session). A step names users by number and resolves what depends on the
 * state (the current partner, the k-th match) when it is applied, so any part of a sequence is a
 * sequence too.
 *
 * @param user the acting user's number
 * @param other another user's number: for a request the peer to avoid, for a hang-up, block or
 *     report its target; -1 for the current partner (the partner in the reported match), {@link
 *     #INVALID} for an id that is no user id
 * @param interests the interests as a client sends them (not yet case-folded), or null
 * @param match for a report the number of the match among those made so far, -1 for an id of no
 *     match, -2 for none
 * @param reason a report's reason, a leave's reason
 * @param millis how far the clock moves
 */
record MatchOp(
    Kind kind, int user, int other, List<String> interests, int match, String reason, long millis) {
  static final int PARTNER = -1;
  static final int INVALID = 1_000;

  enum Kind {
    JOIN,
    LEAVE,
    REQUEST,
    SKIP,
    CANCEL,
    HANG_UP,
    BLOCK,
    REPORT,
    TICK,
    ADVANCE,
    SHADOW_BAN,
    SHADOW_LIFT
  }

  /** The settings of one sequence: interest fallback, rematch cooldown, block duration. */
  record Config(Duration fallback, Duration cooldown, Duration block) {
    Map<String, String> values() {
      return Map.of(
          "INTEREST_FALLBACK", fallback.toMillis() + "ms",
          "REMATCH_COOLDOWN", cooldown.toMillis() + "ms",
          "BLOCK_TTL", block.toMillis() + "ms");
    }

    static Config random(Random random) {
      return new Config(
          pick(random, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(200)),
          pick(random, Duration.ofMinutes(10), Duration.ZERO, Duration.ofSeconds(3)),
          pick(random, Duration.ofHours(24), Duration.ofSeconds(4)));
    }

    private static Duration pick(Random random, Duration... durations) {
      return durations[random.nextInt(durations.length)];
    }
  }

  /**
   * Tags as clients type them: case and surrounding spaces differ and fold away; a comma, a space
   * inside, a character beyond the BMP, a lone surrogate and its look-alike {@code ?} are tags too.
   */
  private static final List<String> TAGS =
      List.of(
          "chess",
          "Chess",
          " jazz",
          "go",
          "rock,pop",
          "rock",
          "rock pop",
          "\ud834\udd1e",
          "\uff5a",
          "?",
          "\ud800",
          "b\\u");

  private static final List<List<String>> BAD_INTERESTS =
      List.of(
          List.of(" "),
          List.of("x".repeat(33)),
          List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));

  /**
   * The client address of a user: every third user shares a network, so a block of one keeps the
   * blocker apart from the others of its network (as a new id of the blocked user would be).
   */
  static String address(int user) {
    return "192.0.2." + user % 3;
  }

  static String userId(int user) {
    return user == INVALID ? "not a user!" : String.valueOf((char) ('a' + user));
  }

  /**
   * A sequence of {@code length} steps among {@code users} users. The clock moving is often
   * followed by a tick at once, as a server ticks every 200 ms, and sometimes by requests first.
   */
  static List<MatchOp> sequence(Random random, Config config, int users, int length) {
    List<MatchOp> ops = new ArrayList<>();
    while (ops.size() < length) {
      MatchOp op = next(random, config, users);
      ops.add(op);
      if (op.kind == Kind.ADVANCE && random.nextBoolean() && ops.size() < length) {
        ops.add(of(Kind.TICK, op.user));
      }
    }
    return joinedFirst(ops);
  }

  /** The steps with each user's first one a join: a user without a session can do nothing else. */
  static List<MatchOp> joinedFirst(List<MatchOp> ops) {
    Set<Integer> joined = new HashSet<>();
    List<MatchOp> result = new ArrayList<>();
    for (MatchOp op : ops) {
      boolean first = op.needsSession() && joined.add(op.user);
      result.add(first ? of(Kind.JOIN, op.user) : op);
    }
    return List.copyOf(result);
  }

  /** Whether the step is the user's own, which takes a session. */
  private boolean needsSession() {
    return switch (kind) {
      case ADVANCE, TICK, SHADOW_BAN, SHADOW_LIFT -> false;
      default -> true;
    };
  }

  /** The users shadow-banned from the start: about one in four. */
  static Set<Integer> shadowBanned(Random random, int users) {
    Set<Integer> banned = new HashSet<>();
    for (int user = 0; user < users; user++) {
      if (random.nextInt(4) == 0) {
        banned.add(user);
      }
    }
    return Set.copyOf(banned);
  }

  private static MatchOp next(Random random, Config config, int users) {
    int user = random.nextInt(users);
    int roll = random.nextInt(100);
    if (roll < 8) {
      return of(Kind.JOIN, user);
    }
    if (roll < 13) {
      return new MatchOp(
          Kind.LEAVE, user, 0, null, 0, random.nextBoolean() ? "disconnected" : "timeout", 0);
    }
    if (roll < 40) {
      return new MatchOp(Kind.REQUEST, user, avoided(random, users), interests(random), 0, null, 0);
    }
    if (roll < 50) {
      return new MatchOp(Kind.SKIP, user, PARTNER, interests(random), 0, null, 0);
    }
    if (roll < 54) {
      return of(Kind.CANCEL, user);
    }
    if (roll < 61) {
      return new MatchOp(Kind.HANG_UP, user, target(random, users), null, 0, null, 0);
    }
    if (roll < 66) {
      return new MatchOp(Kind.BLOCK, user, target(random, users), null, 0, null, 0);
    }
    if (roll < 72) {
      int match = random.nextInt(10) == 0 ? -1 - random.nextInt(2) : random.nextInt(8);
      String reason = random.nextInt(10) == 0 ? " " : "rude";
      return new MatchOp(Kind.REPORT, user, target(random, users), null, match, reason, 0);
    }
    if (roll < 81) {
      return of(Kind.TICK, user);
    }
    if (roll < 84) {
      return of(roll < 83 ? Kind.SHADOW_BAN : Kind.SHADOW_LIFT, user);
    }
    return new MatchOp(Kind.ADVANCE, user, 0, null, 0, null, step(random, config));
  }

  private static MatchOp of(Kind kind, int user) {
    return new MatchOp(kind, user, 0, null, 0, null, 0);
  }

  private static int avoided(Random random, int users) {
    int roll = random.nextInt(20);
    return roll < 15 ? -2 : roll < 19 ? random.nextInt(users) : INVALID;
  }

  private static int target(Random random, int users) {
    return random.nextInt(3) == 0 ? random.nextInt(users) : PARTNER;
  }

  private static List<String> interests(Random random) {
    int roll = random.nextInt(40);
    if (roll == 0) {
      return BAD_INTERESTS.get(random.nextInt(BAD_INTERESTS.size()));
    }
    if (roll < 9) {
      return null;
    }
    List<String> tags = new ArrayList<>();
    int count = roll < 13 ? 0 : 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      tags.add(TAGS.get(random.nextInt(random.nextBoolean() ? 4 : TAGS.size())));
    }
    return tags;
  }

  /** How far the clock moves: just short of, onto and past every deadline, or a little. */
  private static long step(Random random, Config config) {
    long[] deadlines = {
      config.fallback().toMillis(), config.cooldown().toMillis(), config.block().toMillis()
    };
    long deadline = deadlines[random.nextInt(deadlines.length)];
    return switch (random.nextInt(6)) {
      case 0 -> 1;
      case 1 -> 1 + random.nextInt(400);
      case 2 -> Math.max(1, deadline - 1);
      case 3 -> Math.max(1, deadline);
      case 4 -> deadline + 1;
      default -> 1 + random.nextInt((int) Math.max(1, Math.min(deadline, 60_000)));
    };
  }

  @Override
  public String toString() {
    String who = userId(user);
    String target = other == PARTNER ? "partner" : userId(other);
    return switch (kind) {
      case JOIN -> who + " joins";
      case CANCEL -> who + " cancels";
      case TICK -> "tick";
      case LEAVE -> who + " leaves (" + reason + ")";
      case REQUEST -> who + " requests " + interests + (other < 0 ? "" : " avoiding " + target);
      case SKIP -> who + " skips with " + interests;
      case HANG_UP -> who + " hangs up on " + target;
      case BLOCK -> who + " blocks " + target;
      case REPORT -> who + " reports " + target + " in match #" + match + " for '" + reason + "'";
      case ADVANCE -> "clock +" + millis + "ms";
      case SHADOW_BAN -> who + " is shadow-banned";
      case SHADOW_LIFT -> who + "'s shadow ban is lifted";
    };
  }
}
