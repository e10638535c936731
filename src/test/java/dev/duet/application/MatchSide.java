package dev.duet.application;

import dev.duet.application.port.MatchQueue;
import dev.duet.application.settings.Settings;
import dev.duet.domain.Match;
import dev.duet.domain.Participant;
import dev.duet.domain.RuleViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One implementation of random matching under test: the application services of a {@link Fixture}
 * over a {@link RecordingMatchQueue}, driven by {@link MatchOp}s. Each step is answered with what
 * could be seen of it, in canonical words: its outcome or refusal, every call to the queue and its
 * answer, every notification, every row written, the statistics, and the match of every user after
 * a step that called an operation that may change the queue (after any other step the matches are
 * those of the step before, already compared). Shadow bans are the {@link RecordingMatchQueue}'s.
 */
final class MatchSide {
  private final Fixture fixture;
  private final RecordingMatchQueue queue;
  private final int users;
  private final Map<Integer, Participant> participants = new HashMap<>();
  private int rowsSeen;

  MatchSide(
      Map<String, String> config,
      int users,
      Set<Integer> shadowBanned,
      Function<Settings, MatchQueue> queue) {
    this.users = users;
    Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    this.fixture =
        new Fixture(config, settings -> new RecordingMatchQueue(queue.apply(settings), origin));
    this.queue = (RecordingMatchQueue) fixture.matches.queue;
    shadowBanned.forEach(user -> this.queue.shadowBan(MatchOp.userId(user), true));
  }

  /** What the step did, as seen from outside. */
  List<String> apply(MatchOp op) {
    List<String> seen = new ArrayList<>();
    seen.add(op + " at " + queue.time(fixture.clock.instant()) + ": " + outcome(op));
    boolean changed = queue.changed();
    queue.take().forEach(seen::add);
    fixture.notifier.take().forEach(line -> seen.add("told " + queue.canonical(line)));
    List<String> rows = fixture.matchRows;
    for (; rowsSeen < rows.size(); rowsSeen++) {
      seen.add("row " + queue.canonical(rows.get(rowsSeen)));
    }
    seen.add(
        "stats " + fixture.matches.stats() + ", shadow-banned waiting " + queue.shadowWaiting());
    for (int user = 0; changed && user < users; user++) {
      seen.add("match of " + MatchOp.userId(user) + ": " + queue.state(MatchOp.userId(user)));
    }
    return seen;
  }

  private String outcome(MatchOp op) {
    try {
      return run(op);
    } catch (RuleViolation e) {
      return "refused " + e.code();
    } catch (UserIdTaken e) {
      return "refused: the user id is taken";
    } catch (RuntimeException e) {
      return "failed " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private String run(MatchOp op) throws UserIdTaken {
    MatchService matches = fixture.matches;
    switch (op.kind()) {
      case JOIN -> {
        participants.put(op.user(), fixture.sessions.open(MatchOp.userId(op.user())).participant());
        return "joined";
      }
      case TICK -> {
        matches.tick();
        return "done";
      }
      case ADVANCE -> {
        fixture.clock.advance(Duration.ofMillis(op.millis()));
        return "done";
      }
      case SHADOW_BAN, SHADOW_LIFT -> {
        queue.shadowBan(MatchOp.userId(op.user()), op.kind() == MatchOp.Kind.SHADOW_BAN);
        return "done";
      }
      default -> {}
    }
    Participant p = participants.get(op.user());
    if (p == null) {
      return "no session";
    }
    String user = p.userId();
    switch (op.kind()) {
      case LEAVE -> fixture.sessions.close(p, op.reason());
      case REQUEST ->
          matches.request(
              p, MatchOp.address(op.user()), op.interests(), op.other() < 0 ? null : target(op));
      case SKIP ->
          matches.request(
              p, MatchOp.address(op.user()), op.interests(), matches.partnerOf(user).orElse(null));
      case CANCEL -> matches.cancel(p);
      case HANG_UP -> {
        boolean[] delivered = {false};
        boolean ended = matches.hangUp(p, target(op), () -> delivered[0] = true);
        return "ended " + ended + ", delivered " + delivered[0];
      }
      case BLOCK -> matches.block(p, target(op));
      case REPORT -> report(p, op);
      default -> throw new IllegalStateException(op.kind().name());
    }
    return "done";
  }

  private String target(MatchOp op) {
    if (op.other() == MatchOp.PARTNER) {
      return fixture.matches.partnerOf(MatchOp.userId(op.user())).orElse("nobody");
    }
    return MatchOp.userId(op.other());
  }

  private void report(Participant p, MatchOp op) {
    List<Match> made = queue.matches();
    String matchId;
    String peer = target(op);
    if (op.match() == -2) {
      matchId = null;
    } else if (op.match() == -1 || made.isEmpty()) {
      matchId = "no-such-match";
    } else {
      Match match = made.get(op.match() % made.size());
      matchId = match.id();
      if (op.other() == MatchOp.PARTNER) {
        peer = match.involves(p.userId()) ? match.partnerOf(p.userId()) : match.polite();
      }
    }
    fixture.matches.report(p, peer, matchId, op.reason());
  }
}
