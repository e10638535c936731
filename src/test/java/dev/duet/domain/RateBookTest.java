package dev.duet.domain;

import static dev.duet.domain.TokenBucket.Verdict.ABUSIVE;
import static dev.duet.domain.TokenBucket.Verdict.ALLOWED;
import static dev.duet.domain.TokenBucket.Verdict.LIMITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateBookTest {
  private static final long T0 = 5_000_000_000L;
  private static final long S = 1_000_000_000L;

  private final RateBook book =
      new RateBook(
          Map.of(
              RateKind.MESSAGE, new RateBook.Limit(60, 2),
              RateKind.CHAT, new RateBook.Limit(6, 1),
              RateKind.MATCH, new RateBook.Limit(0, 1)),
          3);

  @Test
  void eachSenderAndKindHasItsOwnBucket() {
    assertEquals(ALLOWED, book.take("a", RateKind.MESSAGE, T0));
    assertEquals(ALLOWED, book.take("a", RateKind.MESSAGE, T0));
    assertEquals(LIMITED, book.take("a", RateKind.MESSAGE, T0));
    assertEquals(ALLOWED, book.take("a", RateKind.CHAT, T0));
    assertEquals(LIMITED, book.take("a", RateKind.CHAT, T0));
    assertEquals(ALLOWED, book.take("b", RateKind.MESSAGE, T0));
    assertEquals(ALLOWED, book.take("a", RateKind.MESSAGE, T0 + S));
  }

  @Test
  void aKindWithoutALimitOrWithRateZeroIsNeverLimitedAndRemembersNobody() {
    for (int i = 0; i < 1_000; i++) {
      assertEquals(ALLOWED, book.take("s" + i, RateKind.MATCH, T0));
      assertEquals(ALLOWED, book.take("s" + i, RateKind.CONNECT, T0));
    }
    assertEquals(0, book.size());
  }

  @Test
  void aSenderIsForgottenOnlyOnceItsBucketsAreFullAndItsRefusalsOutOfTheWindow() {
    assertEquals(ALLOWED, book.take("a", RateKind.CHAT, T0));
    assertEquals(LIMITED, book.take("a", RateKind.CHAT, T0));
    // The chat bucket (1 at 6 a minute) is full after 10 s; refusals leave the window 10 s later.
    book.sweep(T0 + 19 * S);
    assertEquals(1, book.size());
    assertEquals(LIMITED, book.take("a", RateKind.CHAT, T0 + 5 * S), "still remembered");
    book.sweep(T0 + 24 * S);
    assertEquals(1, book.size(), "the take at 5 s counts as activity");
    book.sweep(T0 + 25 * S);
    assertEquals(0, book.size());
    assertEquals(ALLOWED, book.take("a", RateKind.CHAT, T0 + 25 * S));
  }

  @Test
  void aFullBookRefusesNewSendersUntilSomeAreIdle() {
    for (String sender : List.of("a", "b", "c")) {
      assertEquals(ALLOWED, book.take(sender, RateKind.MESSAGE, T0));
    }
    assertEquals(LIMITED, book.take("d", RateKind.MESSAGE, T0 + S));
    assertEquals(ALLOWED, book.take("a", RateKind.MESSAGE, T0 + S), "known senders go on");
    assertEquals(ALLOWED, book.take("d", RateKind.MESSAGE, T0 + 30 * S), "swept when needed");
    assertEquals(1, book.size());
  }

  @Test
  void sustainedRefusalsOfOneSenderAreAbusive() {
    RateBook strict = new RateBook(Map.of(RateKind.MESSAGE, new RateBook.Limit(60, 1)), 10);
    List<TokenBucket.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      verdicts.add(strict.take("a", RateKind.MESSAGE, T0));
    }
    assertEquals(ALLOWED, verdicts.get(0));
    assertEquals(LIMITED, verdicts.get(29));
    assertEquals(ABUSIVE, verdicts.get(30));
  }

  @Test
  void concurrentSendersTakeExactlyTheBurst() throws Exception {
    RateBook shared = new RateBook(Map.of(RateKind.MESSAGE, new RateBook.Limit(1, 500)), 10);
    AtomicInteger allowed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 1_000; i++) {
                  if (shared.take("a", RateKind.MESSAGE, T0) == ALLOWED) {
                    allowed.incrementAndGet();
                  }
                  if (i % 100 == 0) {
                    shared.sweep(T0);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertEquals(500, allowed.get());
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RateBook(Map.of(), 0));
  }
}
