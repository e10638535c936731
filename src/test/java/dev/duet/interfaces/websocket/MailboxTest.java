package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What reaches a session's connections when they drop, resume and take over. */
class MailboxTest {

  private static Mailbox holding(int frames, long bytes) {
    return new Mailbox("s1", frames, bytes, 0);
  }

  /** A connection that resumes the mailbox's session; its first frame is "session". */
  private static FakeConnection serving(Mailbox mailbox) {
    FakeConnection live = new FakeConnection();
    mailbox.resume(live.outbox, dropped -> "session");
    return live;
  }

  @Test
  void whileHoldingTheNewestFramesAreKeptAndTheDroppedOnesCounted() {
    Mailbox mailbox = holding(3, 1_000);
    IntStream.range(0, 5).forEach(i -> mailbox.send("f" + i));
    FakeConnection next = new FakeConnection();
    assertNull(mailbox.resume(next.outbox, dropped -> "session dropped=" + dropped));
    next.completeAll();
    assertEquals(List.of("session dropped=2", "f2", "f3", "f4"), next.sent);
    mailbox.send("f5");
    next.completeAll();
    assertEquals("f5", next.sent.get(4));
  }

  @Test
  void theByteBoundDropsOldestFirst() {
    Mailbox mailbox = holding(100, 10);
    mailbox.send("aaaa");
    mailbox.send("bbbb");
    mailbox.send("cccc");
    mailbox.send("é".repeat(2));
    FakeConnection next = new FakeConnection();
    mailbox.resume(next.outbox, dropped -> "dropped=" + dropped);
    next.completeAll();
    assertEquals(List.of("dropped=2", "cccc", "éé"), next.sent);
  }

  @Test
  void aDroppedConnectionsQueuedFramesAreKeptForTheNext() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection first = new FakeConnection();
    mailbox.resume(first.outbox, dropped -> "session");
    mailbox.send("a");
    mailbox.send("b");
    assertEquals(List.of("session"), first.sent, "one send at a time");
    mailbox.hold(first.outbox);
    mailbox.send("c");
    FakeConnection second = new FakeConnection();
    assertNull(mailbox.resume(second.outbox, dropped -> "resumed dropped=" + dropped));
    second.completeAll();
    assertEquals(List.of("resumed dropped=0", "a", "b", "c"), second.sent);
  }

  @Test
  void whatAFailedSendStrandedReachesTheNextConnection() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection first = new FakeConnection();
    mailbox.resume(first.outbox, dropped -> "session");
    first.completeAll();
    mailbox.send("peer_left");
    mailbox.send("offer");
    first.pending.remove(0).onResult(new SendResult(new java.io.IOException("broken pipe")));
    mailbox.send("candidate");
    mailbox.hold(first.outbox);
    mailbox.send("chat");
    FakeConnection second = new FakeConnection();
    mailbox.resume(second.outbox, dropped -> "resumed dropped=" + dropped);
    second.completeAll();
    assertEquals(
        List.of("resumed dropped=0", "peer_left", "offer", "candidate", "chat"), second.sent);
  }

  @Test
  void aClientTooSlowToReadLosesNothingItsSessionCanKeep() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection slow = new FakeConnection();
    Outbox bounded = new Outbox(slow.outbox.session(), 2, 1 << 20, Runnable::run, problem -> {});
    mailbox.resume(bounded, dropped -> "session");
    IntStream.range(0, 4).forEach(i -> mailbox.send("f" + i));
    mailbox.hold(bounded);
    FakeConnection next = new FakeConnection();
    mailbox.resume(next.outbox, dropped -> "resumed dropped=" + dropped);
    next.completeAll();
    assertEquals(List.of("resumed dropped=0", "f0", "f1", "f2", "f3"), next.sent);
  }

  @Test
  void aTakeoverMovesWhatTheOldConnectionHadNotBegunToSendAndClosesItsOutbox() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection old = serving(mailbox);
    old.completeAll();
    mailbox.send("in flight");
    mailbox.send("queued");
    FakeConnection taker = new FakeConnection();
    assertSame(old.outbox, mailbox.resume(taker.outbox, dropped -> "resumed"));
    mailbox.send("after");
    taker.completeAll();
    assertEquals(List.of("resumed", "queued", "after"), taker.sent);
    assertFalse(old.outbox.send("late"), "the old outbox takes nothing more");
    old.completeAll();
    assertEquals(List.of("session", "in flight"), old.sent);
  }

  @Test
  void theEndOfAConnectionThatWasTakenOverChangesNothing() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection old = serving(mailbox);
    FakeConnection taker = new FakeConnection();
    mailbox.resume(taker.outbox, dropped -> "resumed");
    mailbox.hold(old.outbox);
    mailbox.send("live");
    taker.completeAll();
    assertEquals(List.of("resumed", "live"), taker.sent);
  }

  private static List<String> resumed(Mailbox mailbox) {
    FakeConnection next = serving(mailbox);
    next.completeAll();
    return next.sent.subList(1, next.sent.size());
  }

  @Test
  void matchNotificationsAreSentInTheOrderOfTheirNumbers() {
    Mailbox mailbox = holding(64, 1 << 18);
    assertFalse(mailbox.inOrder(4, () -> mailbox.waiting("w4")), "the first sets where it starts");
    assertTrue(mailbox.inOrder(7, () -> mailbox.started("m7", "start m7")), "6 is missing");
    assertFalse(mailbox.inOrder(6, () -> mailbox.waiting("w6")), "the gap is open already");
    mailbox.send("unnumbered");
    mailbox.inOrder(5, () -> mailbox.ended("m3", "end m3"));
    mailbox.inOrder(3, () -> mailbox.waiting("out of date"));
    mailbox.inOrder(8, () -> mailbox.ended("m7", "end m7"));
    mailbox.inOrder(0, () -> mailbox.waiting("not numbered"));
    assertEquals(
        List.of("w4", "w6", "start m7", "unnumbered", "end m7", "not numbered"),
        resumed(mailbox),
        "5 ends a match this mailbox never heard of: kept until its start; what is not numbered"
            + " waits behind the gap");
  }

  @Test
  void aPeersSignalNeverOvertakesTheStartOfItsMatchThatWaitsBehindAGap() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection live = serving(mailbox);
    mailbox.inOrder(1, () -> mailbox.waiting("w1"));
    assertTrue(mailbox.inOrder(3, () -> mailbox.started("m3", "start m3")), "2 is late");
    mailbox.send("hangup from the m3 partner");
    mailbox.send("not_your_peer for the old partner");
    mailbox.inOrder(2, () -> mailbox.ended("m1", "end m1"));
    mailbox.send("after the gap");
    assertEquals(
        List.of(
            "session",
            "w1",
            "start m3",
            "hangup from the m3 partner",
            "not_your_peer for the old partner",
            "after the gap"),
        live.completeAll().sent);
  }

  @Test
  void framesBeyondTheBoundEndTheWaitForAGap() {
    Mailbox mailbox = holding(3, 1 << 18);
    FakeConnection live = serving(mailbox);
    mailbox.inOrder(1, () -> mailbox.waiting("w1"));
    mailbox.inOrder(3, () -> mailbox.waiting("w3"));
    IntStream.range(0, 3).forEach(i -> mailbox.send("f" + i));
    assertEquals(List.of("session", "w1"), live.completeAll().sent, "three frames may wait");
    mailbox.send("f3");
    mailbox.inOrder(2, () -> mailbox.waiting("w2, too late"));
    assertEquals(List.of("session", "w1", "w3", "f0", "f1", "f2", "f3"), live.completeAll().sent);
  }

  @Test
  void whatCameAfterAGapIsSentWhenTheWaitIsOver() {
    Mailbox mailbox = holding(64, 1 << 18);
    mailbox.inOrder(1, () -> mailbox.waiting("w1"));
    assertTrue(mailbox.inOrder(3, () -> mailbox.waiting("w3")));
    mailbox.inOrder(4, () -> mailbox.waiting("w4"));
    mailbox.skipGap();
    mailbox.inOrder(2, () -> mailbox.waiting("w2, lost and found too late"));
    mailbox.inOrder(5, () -> mailbox.waiting("w5"));
    assertEquals(List.of("w1", "w3", "w4", "w5"), resumed(mailbox));
  }

  @Test
  void notificationsOlderThanTheStateAResumedSessionGetsAreNotSent() {
    Mailbox mailbox = new Mailbox("s1", 64, 1 << 18, 11);
    mailbox.inOrder(12, () -> mailbox.waiting("w12, on its way before the move"));
    mailbox.inOrder(10, () -> mailbox.waiting("w10"));
    mailbox.inOrder(11, () -> mailbox.waiting("w11"));
    assertEquals(List.of("w12, on its way before the move"), resumed(mailbox));
  }

  @Test
  void aSessionThatMovesTakesWhatWaitedBehindAGap() {
    Mailbox mailbox = holding(64, 1 << 18);
    mailbox.inOrder(1, () -> mailbox.waiting("w1"));
    mailbox.inOrder(3, () -> mailbox.waiting("w3"));
    assertEquals(List.of("w1", "w3"), mailbox.release().frames());
  }

  @Test
  void aConnectionTakenOverIsClosedOnlyOnceItsFrameInFlightIsWritten() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection old = serving(mailbox);
    mailbox.send("f1");
    FakeConnection next = new FakeConnection();
    Outbox previous = mailbox.resume(next.outbox, dropped -> "session again");
    AtomicInteger closes = new AtomicInteger();
    previous.afterInFlight(closes::incrementAndGet);
    assertEquals(0, closes.get(), "the old connection is still writing its session frame");
    old.completeAll();
    assertEquals(1, closes.get());
    assertEquals(List.of("session"), old.sent);
    assertEquals(List.of("session again", "f1"), next.completeAll().sent);
    next.outbox.takeOver();
    next.outbox.afterInFlight(closes::incrementAndGet);
    assertEquals(2, closes.get(), "nothing in flight: at once");
  }

  @Test
  void aConnectionTakenOverWhoseFrameInFlightFailsIsClosedToo() {
    Mailbox mailbox = holding(64, 1 << 18);
    FakeConnection old = serving(mailbox);
    Outbox previous = mailbox.resume(new FakeConnection().outbox, dropped -> "session again");
    AtomicInteger closes = new AtomicInteger();
    previous.afterInFlight(closes::incrementAndGet);
    old.pending.remove(0).onResult(new SendResult(new IOException("broken pipe")));
    assertEquals(1, closes.get());
  }

  /**
   * A heartbeat ping is a container send like a frame: a close the container reports from inside it
   * (Payara Micro does, for a dead connection, with its writer locked) is handled off that thread.
   */
}
