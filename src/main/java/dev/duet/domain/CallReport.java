package dev.duet.domain;

import java.util.Locale;

/**
 * One side's report of how its call goes ({@code call_stats}), checked before anything counts it:
 * every figure finite and in its range, every name one of the known ones, and the fields an event
 * needs present. A client can therefore only move a figure within its range; it can never put a
 * negative, infinite or unknown value into an aggregate. A report names no user: it is counted and
 * forgotten.
 *
 * <p>{@link Event#CONNECTED}: the call connected, {@code setupSeconds} after the second peer came
 * (with its route); {@link Event#FAILED}: it never connected ({@code outcome} says why); {@link
 * Event#UPDATE}: figures while it goes on; {@link Event#ENDED}: it ended, {@link Outcome#DROPPED}
 * when it was lost and could not be restarted. Each report may add the ICE restarts made since the
 * last one.
 */
public record CallReport(
    Event event,
    Outcome outcome,
    Route route,
    Double setupSeconds,
    Double rttSeconds,
    Double jitterSeconds,
    Double packetLoss,
    Double bitsPerSecond,
    int restartsSucceeded,
    int restartsFailed) {

  /** The longest set-up a report may claim (a page gives up long before). */
  public static final double MAX_SETUP_SECONDS = 300;

  /** The longest round trip or jitter a report may claim. */
  public static final double MAX_DELAY_SECONDS = 60;

  /** The highest bitrate a report may claim (Opus tops out at 510 kbit/s). */
  public static final double MAX_BITS_PER_SECOND = 1_000_000;

  /** The most ICE restarts of either result one report may add. */
  public static final int MAX_RESTARTS = 20;

  /** What the report is about. */
  public enum Event {
    CONNECTED,
    UPDATE,
    ENDED,
    FAILED
  }

  /** How a call went, as counted: connected, never connected (and why), or lost after. */
  public enum Outcome {
    CONNECTED,
    TIMEOUT,
    NO_CANDIDATES,
    ICE_FAILED,
    DROPPED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
      return wireName;
    }
  }

  /**
   * The path the audio takes, the longest of the two sides': through a TURN server ({@code relay},
   * {@code relay_tcp} when this side reaches it over TCP), through a NAT's public address ({@code
   * srflx}), or straight between the hosts ({@code host}; a peer-reflexive candidate counts as one:
   * it is an address learned from the checks themselves, most often the other side's own before its
   * candidate arrived); {@code none} before it connected.
   */
  public enum Route {
    HOST,
    SRFLX,
    RELAY,
    RELAY_TCP,
    NONE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
      return wireName;
    }

    /** The route of a pair of candidate types, this side reaching its own over {@code protocol}. */
    static Route of(String local, String remote, String protocol) {
      if (local.equals("relay")) {
        return protocol.equals("tcp") ? RELAY_TCP : RELAY;
      }
      if (remote.equals("relay")) {
        return RELAY;
      }
      return local.equals("srflx") || remote.equals("srflx") ? SRFLX : HOST;
    }
  }

  /** A report as it came, every field optional: what {@link #check} reads. */
  public record Fields(
      String event,
      Double setupMs,
      String localCandidate,
      String remoteCandidate,
      String protocol,
      Double rttMs,
      Double jitterMs,
      Double packetLoss,
      Double bitrate,
      Integer restartsSucceeded,
      Integer restartsFailed,
      String reason) {}

  /** The report these fields make, or a {@link ErrorCode#BAD_MESSAGE} saying what is wrong. */
  public static CallReport check(Fields fields) {
    Event event = event(fields.event());
    Route route = route(fields, event == Event.CONNECTED);
    if (event == Event.FAILED && route != Route.NONE) {
      throw bad("failed has no route");
    }
    if (fields.reason() != null && (event == Event.CONNECTED || event == Event.UPDATE)) {
      throw bad("reason is only for failed and ended");
    }
    Outcome outcome =
        switch (event) {
          case CONNECTED -> Outcome.CONNECTED;
          case FAILED ->
              reason(
                  fields.reason(),
                  "failed",
                  Outcome.TIMEOUT,
                  Outcome.NO_CANDIDATES,
                  Outcome.ICE_FAILED);
          case ENDED ->
              fields.reason() == null ? null : reason(fields.reason(), "ended", Outcome.DROPPED);
          case UPDATE -> null;
        };
    Double setup = seconds(fields.setupMs(), "setupMs", MAX_SETUP_SECONDS);
    if (event == Event.CONNECTED && setup == null) {
      throw bad("connected needs setupMs");
    }
    if (event != Event.CONNECTED && setup != null) {
      throw bad("setupMs is only for connected");
    }
    return new CallReport(
        event,
        outcome,
        route,
        setup,
        seconds(fields.rttMs(), "rttMs", MAX_DELAY_SECONDS),
        seconds(fields.jitterMs(), "jitterMs", MAX_DELAY_SECONDS),
        within(fields.packetLoss(), "packetLoss", 1),
        within(fields.bitrate(), "bitrate", MAX_BITS_PER_SECOND),
        restarts(fields.restartsSucceeded(), "restartsSucceeded"),
        restarts(fields.restartsFailed(), "restartsFailed"));
  }

  private static Event event(String name) {
    if (name != null) {
      for (Event event : Event.values()) {
        if (event.name().toLowerCase(Locale.ROOT).equals(name)) {
          return event;
        }
      }
    }
    throw bad("event must be connected, update, ended or failed");
  }

  private static Outcome reason(String name, String event, Outcome... allowed) {
    for (Outcome outcome : allowed) {
      if (outcome.wireName().equals(name)) {
        return outcome;
      }
    }
    StringBuilder names = new StringBuilder();
    for (Outcome outcome : allowed) {
      names.append(names.isEmpty() ? "" : ", ").append(outcome.wireName());
    }
    throw bad("reason of " + event + " must be " + names);
  }

  private static Route route(Fields fields, boolean required) {
    String local = fields.localCandidate();
    String remote = fields.remoteCandidate();
    String protocol = fields.protocol();
    if (local == null && remote == null && protocol == null) {
      if (required) {
        throw bad("connected needs localCandidate, remoteCandidate and protocol");
      }
      return Route.NONE;
    }
    if (!candidate(local) || !candidate(remote)) {
      throw bad("localCandidate and remoteCandidate must be host, srflx, prflx or relay");
    }
    if (!"udp".equals(protocol) && !"tcp".equals(protocol)) {
      throw bad("protocol must be udp or tcp");
    }
    return Route.of(local, remote, protocol);
  }

  private static boolean candidate(String type) {
    return type != null
        && (type.equals("host")
            || type.equals("srflx")
            || type.equals("prflx")
            || type.equals("relay"));
  }

  private static Double seconds(Double millis, String name, double maxSeconds) {
    Double value = within(millis, name, maxSeconds * 1000);
    return value == null ? null : value / 1000;
  }

  private static Double within(Double value, String name, double max) {
    if (value == null) {
      return null;
    }
    if (!Double.isFinite(value) || value < 0 || value > max) {
      throw bad(name + " must be a number from 0 to " + (long) max);
    }
    return value;
  }

  private static int restarts(Integer count, String name) {
    if (count == null) {
      return 0;
    }
    if (count < 0 || count > MAX_RESTARTS) {
      throw bad(name + " must be from 0 to " + MAX_RESTARTS);
    }
    return count;
  }

  private static RuleViolation bad(String why) {
    return new RuleViolation(ErrorCode.BAD_MESSAGE, "call_stats: " + why + ".");
  }
}
