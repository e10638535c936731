package dev.duet.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.application.HeldLock;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one connection's outbox lets a client hold, and when it gives up on a client. */
@Timeout(10)
class OutboxTest {
  private final List<String> problems = new ArrayList<>();

  /**
   * Sends {@code frames} frames of {@code chars} characters, each taken by the container at once.
   */
  private static void handOver(FakeConnection connection, int frames, int chars) {
    for (int i = 0; i < frames; i++) {
      assertTrue(connection.outbox.send("x".repeat(chars)));
      connection.completeAll();
    }
  }

  /**
   * A frame queued while this thread holds one of Duet's locks is written by the executor, not by
   * this thread, and in order with those after it; a take-over before the executor ran finds it.
   */
  @Test
  void aFrameQueuedUnderADuetLockIsWrittenByTheExecutor() {
    FakeConnection connection = new FakeConnection(256, 1 << 20, problems::add);
    HeldLock.run(this, () -> assertTrue(connection.outbox.send("under the lock")));
    assertTrue(connection.outbox.send("after it"));
    assertEquals(List.of(), connection.sent, "nothing written on the locked thread");
    connection.runLater().completeAll();
    assertEquals(List.of("under the lock", "after it"), connection.sent);
    assertTrue(connection.outbox.idle());

    FakeConnection taken = new FakeConnection(256, 1 << 20, problems::add);
    HeldLock.run(this, () -> taken.outbox.send("pending"));
    assertEquals(List.of("pending"), taken.outbox.takeOver());
    taken.runLater();
    assertEquals(List.of(), taken.sent, "a closed outbox writes nothing");
    assertEquals(List.of(), problems);
  }

  @Test
  void framesWaitingAreBoundedInNumber() {
    FakeConnection slow = new FakeConnection(2, 1 << 20, problems::add);
    for (String frame : List.of("in flight", "a", "b")) {
      assertTrue(slow.outbox.send(frame));
    }
    assertEquals(List.of(), problems, "two wait: within the bound");
    slow.outbox.send("c");
    assertEquals(List.of(Outbox.TOO_SLOW), problems);
    assertFalse(slow.outbox.send("late"), "closed");
    assertEquals(List.of("a", "b", "c"), slow.outbox.takeOver(), "kept for the session");
  }

  @Test
  void whatWaitsAndWhatWasNotProvenReadAreBoundedInSize() {
    FakeConnection slow = new FakeConnection(256, 100, problems::add);
    for (int i = 0; i < 3; i++) {
      assertTrue(slow.outbox.send("x".repeat(30)));
    }
    assertEquals(List.of(), problems, "90 characters held: within the bound");
    slow.outbox.send("y".repeat(30));
    assertEquals(List.of(Outbox.TOO_SLOW), problems);
  }

  @Test
  void aContainerThatTakesEveryFrameAtOnceStillCountsThemUntilAPongProvesThemRead() {
    FakeConnection silent = new FakeConnection(256, 100, problems::add);
    handOver(silent, 3, 30);
    assertEquals(List.of(), problems);
    assertTrue(silent.outbox.idle(), "the container has taken every frame");
    silent.outbox.send("y".repeat(30));
    assertEquals(List.of(Outbox.TOO_SLOW), problems, "120 characters not proven read");
  }

  @Test
  void aClientThatAnswersItsPingsIsNeverTooSlow() {
    FakeConnection reading = new FakeConnection(256, 100, problems::add);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(reading.outbox.send("x".repeat(30)));
      reading.completeAll().readAll();
    }
    assertEquals(List.of(), problems);
    assertTrue(reading.sent.size() == 1_000, "every frame went out");
  }

  @Test
  void aMarkIsSentAfterEveryQuarterOfTheBound() {
    FakeConnection reading = new FakeConnection(256, 100, problems::add);
    handOver(reading, 10, 10);
    assertEquals(3, reading.pings.size(), "after 30, 60 and 90 characters");
    assertEquals(Long.BYTES, reading.pings.get(0).remaining());
  }

  @Test
  void aPongWithoutTheMarkOfAnUnansweredPingProvesNothing() {
    FakeConnection forging = new FakeConnection(256, 100, problems::add);
    handOver(forging, 3, 30);
    forging.outbox.acknowledge(ByteBuffer.allocate(0));
    forging.outbox.acknowledge(ByteBuffer.allocate(Long.BYTES).putLong(0, 42));
    ByteBuffer answered = forging.pings.get(0).duplicate();
    forging.readAll();
    forging.outbox.send("x".repeat(30));
    forging.completeAll();
    forging.outbox.acknowledge(answered);
    forging.outbox.send("x".repeat(30));
    forging.completeAll();
    forging.outbox.send("x".repeat(30));
    forging.completeAll();
    assertEquals(List.of(), problems, "90 proven read, 90 not");
    forging.outbox.send("x".repeat(30));
    assertEquals(List.of(Outbox.TOO_SLOW), problems, "a mark answered twice counts once");
  }

  @Test
  void aHeartbeatPingMarksEverythingSentBeforeIt() throws Exception {
    FakeConnection idle = new FakeConnection(256, 1_000, problems::add);
    idle.outbox.send("x".repeat(200));
    idle.completeAll();
    assertEquals(0, idle.pings.size(), "less than a quarter of the bound");
    idle.outbox.ping();
    idle.readAll();
    for (int i = 0; i < 4; i++) {
      idle.outbox.send("y".repeat(200));
      idle.completeAll();
    }
    assertEquals(List.of(), problems, "the 200 before the heartbeat's ping were proven read");
  }

  @Test
  void aPingIsMarkedAsAContainerSend() throws Exception {
    FakeConnection live = new FakeConnection();
    live.outbox.ping();
    assertEquals(List.of(true), live.pingsInSend);
    assertFalse(Outbox.inSend(), "only while the ping is being sent");
  }
}
