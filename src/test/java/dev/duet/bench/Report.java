package dev.duet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's table: a row per figure, printed as it is measured, the figures kept by name for
 * the ratios of a run (Duet ÷ bare on the same runtime, Duet ÷ PeerJS), and the file written at the
 * end.
 */
final class Report {
  static final String HEADER =
      "| runtime | server | test | achieved | p50 ms | p99 ms | p99.9 ms | server CPU µs/msg"
          + " | memory | notes | generator CPU | noise |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  private final List<String> rows = new ArrayList<>();
  private final Map<String, Double> figures = new HashMap<>();

  /** One row: {@code cells} are achieved, p50, p99, p99.9, CPU, memory, notes, generator, noise. */
  void row(String label, String test, String... cells) {
    String line = "| " + label + " | " + test + " | " + String.join(" | ", cells) + " |";
    rows.add(line);
    System.out.println(line);
  }

  /** A row of the ratios in {@code notes}, if there are any. */
  void ratioRow(String label, List<String> notes) {
    if (!notes.isEmpty()) {
      row(label, "ratios", "-", "-", "-", "-", "-", "-", String.join("; ", notes), "", "");
    }
  }

  void record(String label, String name, double value) {
    figures.put(label + " | " + name, value);
  }

  /** A figure of {@code label}, or null when it was not measured. */
  Double figure(String label, String name) {
    return figures.get(label + " | " + name);
  }

  /**
   * For each figure name and label format in {@code figureAndFormat}, the format applied to that
   * figure of {@code a} divided by the same figure of {@code b}, if both were measured.
   */
  List<String> ratios(String a, String b, String... figureAndFormat) {
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < figureAndFormat.length; i += 2) {
      Double x = figure(a, figureAndFormat[i]);
      Double y = figure(b, figureAndFormat[i]);
      if (x != null && y != null && y != 0) {
        notes.add(String.format(Locale.ROOT, figureAndFormat[i + 1], x / y));
      }
    }
    return notes;
  }

  void write(String preamble) throws IOException {
    StringBuilder out = new StringBuilder(preamble).append('\n').append(HEADER);
    rows.forEach(r -> out.append(r).append('\n'));
    System.out.println();
    System.out.print(out);
    Path file = Path.of("target/bench/results.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
    System.out.println("\n(written to " + file + ")");
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  static String one(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** CPU and time of the subject's processes and of this generator from one moment on. */
  static final class Measure {
    private final List<Long> pids;
    private final long serverCpu;
    private final long ownCpu = Machine.cpuNanos(ProcessHandle.current().pid());
    private final Machine.Cpu machine = Machine.Cpu.now();
    private final long start = System.nanoTime();

    private final long compilerCpu;

    Measure(Subject subject) {
      pids = subject.pids();
      serverCpu = cpuNanos(pids);
      compilerCpu = compilerNanos(pids);
    }

    /** The server's JIT compilers' share of {@link #serverPercent}, in percent of one core. */
    double compilerPercent() {
      return (compilerNanos(pids) - compilerCpu) / 1e7 / seconds();
    }

    private static long compilerNanos(List<Long> pids) {
      return pids.stream().mapToLong(Machine::compilerCpuNanos).sum();
    }

    double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }

    double serverCpuMicros() {
      return (cpuNanos(pids) - serverCpu) / 1e3;
    }

    /** The server's CPU in percent of one core. */
    double serverPercent() {
      return serverCpuMicros() / 1e4 / seconds();
    }

    /** This generator's CPU in percent of one core: near 100 it would be the bottleneck. */
    String generator() {
      double own = (Machine.cpuNanos(ProcessHandle.current().pid()) - ownCpu) / 1e9;
      return String.format(Locale.ROOT, "%.0f%%", 100 * own / seconds());
    }

    String noise() {
      long own =
          cpuNanos(pids) - serverCpu + Machine.cpuNanos(ProcessHandle.current().pid()) - ownCpu;
      return Machine.noise(machine, Machine.Cpu.now(), own);
    }

    private static long cpuNanos(List<Long> pids) {
      return pids.stream().mapToLong(Machine::cpuNanos).sum();
    }
  }

  /** One-way latencies of a measurement, bounded in count. */
  static final class Latencies {
    private final long[] values;
    private final AtomicInteger size = new AtomicInteger();

    Latencies(int capacity) {
      values = new long[capacity];
    }

    void add(long nanos) {
      int i = size.getAndIncrement();
      if (i < values.length) {
        values[i] = nanos;
      }
    }

    void reset() {
      size.set(0);
    }

    long percentile(double p) {
      int n = Math.min(size.get(), values.length);
      if (n == 0) {
        return -1;
      }
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return sorted[Math.min(n - 1, (int) Math.ceil(p / 100 * n) - 1)];
    }
  }
}
