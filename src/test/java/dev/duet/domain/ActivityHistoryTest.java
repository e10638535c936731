package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void keepsMatchesPerPeriodAndConnectionsAtEachSample() {
    ActivityHistory history = new ActivityHistory(60);
    history.record(T0, 4, 100);
    history.record(T0.plusSeconds(60), 10, 107);
    history.record(T0.plusSeconds(120), 2, 107);
    assertEquals(
        List.of(
            new ActivityHistory.Sample(T0, 4, 0),
            new ActivityHistory.Sample(T0.plusSeconds(60), 10, 7),
            new ActivityHistory.Sample(T0.plusSeconds(120), 2, 0)),
        history.samples());
  }

  @Test
  void keepsOnlyTheLastSamplesOldestFirst() {
    ActivityHistory history = new ActivityHistory(3);
    for (int minute = 0; minute < 5; minute++) {
      history.record(T0.plusSeconds(60L * minute), minute, minute * 2L);
    }
    List<ActivityHistory.Sample> kept = history.samples();
    assertEquals(3, kept.size());
    assertEquals(List.of(2, 3, 4), kept.stream().map(ActivityHistory.Sample::connections).toList());
    assertEquals(List.of(2L, 2L, 2L), kept.stream().map(ActivityHistory.Sample::matches).toList());
    assertEquals(T0.plusSeconds(240), kept.get(2).at());
  }
}
