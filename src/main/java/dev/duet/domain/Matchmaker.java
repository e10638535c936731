package dev.duet.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * The random-matching policy, after Jitsi Jicofo's bridge selector: given the waiting queue and a
 * request, it returns a pairing or decides that the request waits. It holds no locks and no clocks;
 * the caller serialises calls and passes the time in.
 *
 * <p>Rules. A user is never paired with itself, nor with anyone the {@code avoid} predicate names
 * (recent partners, blocks): with only such users waiting, it keeps waiting, and is tried again by
 * {@link #retry} since avoidances run out. Among compatible waiters the one who has waited longest
 * goes first. A newcomer with interests is paired with the longest-waiting user who shares one;
 * failing that, with the longest-waiting <em>open</em> user. A waiter is open when it has no
 * interests or has waited {@code interestFallback}; an open waiter and a newcomer without interests
 * accept anyone.
 *
 * <p>Structures. Every waiter has an arrival number; each index is a {@link TreeMap} by that
 * number, so its first entry is its longest waiter: {@code all} (everyone), {@code open}, one index
 * per interest tag, and {@code closed} (waiters with interests whose fallback has not run out,
 * whose first entry is the next to run out). A request therefore looks at the first entry of at
 * most eleven indexes and moves on only past users it must avoid: its cost does not grow with the
 * queue. {@link #examined()} counts the waiters looked at, so tests can prove it.
 *
 * <p>Pools. Queues that share their arrival numbers are pools a waiter may move between keeping its
 * place ({@link #moveIn}): arrival order stays the order of {@code since}, as the {@code closed}
 * index and the earlier side of a {@link Pairing} need.
 */
public final class Matchmaker {
  private final Duration interestFallback;
  private final Map<String, Waiter> byUser = new HashMap<>();
  private final NavigableMap<Long, Waiter> all = new TreeMap<>();
  private final NavigableMap<Long, Waiter> open = new TreeMap<>();
  private final NavigableMap<Long, Waiter> closed = new TreeMap<>();
  private final Map<String, NavigableMap<Long, Waiter>> byInterest = new HashMap<>();
  private final NavigableMap<Long, Waiter> passedOver = new TreeMap<>();
  private final LongSupplier arrivals;
  private long arrived;
  private long examined;
  private boolean avoided;

  /** A queue that numbers its arrivals itself. */
  public Matchmaker(Duration interestFallback) {
    this.interestFallback = interestFallback;
    this.arrivals = () -> arrived++;
  }

  /**
   * A queue whose arrival numbers come from {@code arrivals}, increasing and shared with the other
   * pools its waiters may move to.
   */
  public Matchmaker(Duration interestFallback, LongSupplier arrivals) {
    this.interestFallback = interestFallback;
    this.arrivals = arrivals;
  }

  /** A user in the queue since {@code since}. */
  public record Waiter(String userId, Set<String> interests, Instant since, long arrival) {}

  /** Two users to be matched: {@code earlier} has waited longer than {@code later}. */
  public record Pairing(Waiter earlier, Waiter later, List<String> commonInterests) {}

  /**
   * Puts a request in: pairs it at once, or queues it. A user already waiting keeps its place and
   * takes the new interests.
   *
   * @param avoid whether two user ids must not be matched now
   */
  public Optional<Pairing> request(
      String userId, Set<String> interests, Instant now, BiPredicate<String, String> avoid) {
    Waiter previous = remove(userId);
    return place(
        previous != null
            ? new Waiter(userId, interests, previous.since(), previous.arrival())
            : new Waiter(userId, interests, now, arrivals.getAsLong()),
        now,
        avoid);
  }

  /**
   * Puts in a user taken out of another pool (one sharing these arrival numbers): it keeps its
   * place there, its arrival and {@code since}, takes the new interests, and is paired at once or
   * queued as by {@link #request}.
   */
  public Optional<Pairing> moveIn(
      Waiter moved, Set<String> interests, Instant now, BiPredicate<String, String> avoid) {
    remove(moved.userId());
    return place(new Waiter(moved.userId(), interests, moved.since(), moved.arrival()), now, avoid);
  }

  private Optional<Pairing> place(Waiter newcomer, Instant now, BiPredicate<String, String> avoid) {
    avoided = false;
    Waiter partner = findFor(newcomer, now, avoid);
    if (partner != null) {
      remove(partner.userId());
      return Optional.of(inOrder(partner, newcomer));
    }
    add(newcomer, now);
    return Optional.empty();
  }

  private Waiter findFor(Waiter newcomer, Instant now, BiPredicate<String, String> avoid) {
    if (newcomer.interests().isEmpty() || isOpen(newcomer, now)) {
      return first(all, newcomer, avoid);
    }
    Waiter best = null;
    for (String tag : newcomer.interests()) {
      Waiter candidate = first(byInterest.get(tag), newcomer, avoid);
      if (candidate != null && (best == null || candidate.arrival() < best.arrival())) {
        best = candidate;
      }
    }
    return best != null ? best : first(open, newcomer, avoid);
  }

  private Waiter first(
      NavigableMap<Long, Waiter> index, Waiter newcomer, BiPredicate<String, String> avoid) {
    if (index == null) {
      return null;
    }
    for (Waiter candidate : index.values()) {
      examined++;
      if (candidate.userId().equals(newcomer.userId())) {
        continue;
      }
      if (!avoid.test(newcomer.userId(), candidate.userId())) {
        return candidate;
      }
      avoided = true;
    }
    return null;
  }

  /**
   * Opens the waiters whose interest fallback has run out, oldest first, and pairs each with the
   * longest-waiting user it may meet, if any.
   */
  public List<Pairing> expire(Instant now, BiPredicate<String, String> avoid) {
    List<Pairing> pairings = new ArrayList<>();
    while (!closed.isEmpty() && isOpen(closed.firstEntry().getValue(), now)) {
      Waiter waiter = closed.pollFirstEntry().getValue();
      open.put(waiter.arrival(), waiter);
      rematch(waiter, now, avoid).ifPresent(pairings::add);
    }
    return pairings;
  }

  /**
   * Tries again, oldest first and at most {@code limit} of them, the waiters that were passed over
   * only because they had to avoid someone: avoidances run out without anyone asking again.
   */
  public List<Pairing> retry(Instant now, BiPredicate<String, String> avoid, int limit) {
    List<Pairing> pairings = new ArrayList<>();
    for (Waiter waiter : passedOver.values().stream().limit(limit).toList()) {
      if (byUser.get(waiter.userId()) == waiter) {
        passedOver.remove(waiter.arrival());
        rematch(waiter, now, avoid).ifPresent(pairings::add);
      }
    }
    return pairings;
  }

  private Optional<Pairing> rematch(Waiter waiter, Instant now, BiPredicate<String, String> avoid) {
    avoided = false;
    Waiter partner = findFor(waiter, now, avoid);
    if (partner == null) {
      if (avoided) {
        passedOver.put(waiter.arrival(), waiter);
      }
      return Optional.empty();
    }
    remove(waiter.userId());
    remove(partner.userId());
    return Optional.of(inOrder(waiter, partner));
  }

  private static Pairing inOrder(Waiter one, Waiter other) {
    return one.arrival() < other.arrival() ? pair(one, other) : pair(other, one);
  }

  private boolean isOpen(Waiter waiter, Instant now) {
    return waiter.interests().isEmpty() || !waiter.since().plus(interestFallback).isAfter(now);
  }

  private static Pairing pair(Waiter earlier, Waiter later) {
    Set<String> common = new TreeSet<>(earlier.interests());
    common.retainAll(later.interests());
    return new Pairing(earlier, later, List.copyOf(common));
  }

  private void add(Waiter waiter, Instant now) {
    byUser.put(waiter.userId(), waiter);
    all.put(waiter.arrival(), waiter);
    (isOpen(waiter, now) ? open : closed).put(waiter.arrival(), waiter);
    if (avoided) {
      passedOver.put(waiter.arrival(), waiter);
    }
    for (String tag : waiter.interests()) {
      byInterest.computeIfAbsent(tag, t -> new TreeMap<>()).put(waiter.arrival(), waiter);
    }
  }

  /** Takes the user out of the queue; returns its entry, or null if it was not waiting. */
  public Waiter remove(String userId) {
    Waiter waiter = byUser.remove(userId);
    if (waiter == null) {
      return null;
    }
    all.remove(waiter.arrival());
    open.remove(waiter.arrival());
    closed.remove(waiter.arrival());
    passedOver.remove(waiter.arrival());
    for (String tag : waiter.interests()) {
      NavigableMap<Long, Waiter> index = byInterest.get(tag);
      index.remove(waiter.arrival());
      if (index.isEmpty()) {
        byInterest.remove(tag);
      }
    }
    return waiter;
  }

  public Optional<Waiter> waiting(String userId) {
    return Optional.ofNullable(byUser.get(userId));
  }

  /** How many users wait. */
  public int size() {
    return byUser.size();
  }

  /** How many waiters requests have looked at so far (the cost of matching). */
  public long examined() {
    return examined;
  }
}
