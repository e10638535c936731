package dev.duet.application;

import dev.duet.application.port.Metrics;
import dev.duet.domain.BanScope;
import dev.duet.domain.ErrorCode;
import dev.duet.domain.Match;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every event reported to the {@link Metrics} port as a line, in order. */
public final class RecordingMetrics implements Metrics {
  private final List<String> lines = new ArrayList<>();

  public synchronized List<String> take() {
    List<String> taken = List.copyOf(lines);
    lines.clear();
    return taken;
  }

  private synchronized void add(String line) {
    lines.add(line);
  }

  @Override
  public void matchMade(Duration earlierWaited, Duration laterWaited) {
    add("match_made " + earlierWaited.toMillis() + " " + laterWaited.toMillis());
  }

  @Override
  public void matchEnded(Match.End reason) {
    add("match_ended " + reason);
  }

  @Override
  public void relayed(String type, long nanos) {
    add("relayed " + type);
  }

  @Override
  public void refused(ErrorCode code) {
    add("refused " + code);
  }

  @Override
  public void rateLimited(boolean closing) {
    add("rate_limited " + closing);
  }

  @Override
  public void connectionClosed(int code) {
    add("closed " + code);
  }

  @Override
  public void sessionResumed() {
    add("resumed");
  }

  @Override
  public void reported() {
    add("reported");
  }

  @Override
  public void banEnforced(BanScope scope) {
    add("ban_enforced " + scope.wireName());
  }

  @Override
  public void challenge(String result) {
    add("challenge " + result);
  }

  @Override
  public void callReported(dev.duet.domain.CallReport report) {
    calls.add(report);
  }

  /** The call reports counted, in order. */
  public final java.util.List<dev.duet.domain.CallReport> calls =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
}
