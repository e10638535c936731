package dev.duet.bench;

import dev.duet.testing.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmark reads from Linux: a process's CPU time and RSS from {@code /proc}, and the
 * whole machine's CPU counters so that the CPU used by anything but the server and the generator
 * (foreign load, steal) can be shown beside each figure.
 */
final class Machine {
  private static final long TICKS_PER_SECOND = 100;

  private Machine() {}

  /** A process's user + system CPU time in nanoseconds. */
  static long cpuNanos(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * The CPU time of a JVM's JIT compiler threads ({@code C1}/{@code C2 CompilerThread}) in
   * nanoseconds: 0 for a process that has none. Threads that have ended are not counted.
   */
  static long compilerCpuNanos(long pid) {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException e) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** A process's resident set size in bytes. */
  static long rssBytes(long pid) {
    for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** Pins a running process, all its threads, to these CPUs ({@code taskset} list). */
  static void pin(long pid, String cpus) {
    Commands.run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)));
  }

  /** The machine's CPU counters: busy and stolen time over all CPUs, in nanoseconds. */
  record Cpu(long busyNanos, long stealNanos, long atNanos) {
    static Cpu now() {
      String[] f = read(Path.of("/proc/stat")).split("\n")[0].trim().split("\\s+");
      long user = Long.parseLong(f[1]);
      long nice = Long.parseLong(f[2]);
      long system = Long.parseLong(f[3]);
      long irq = Long.parseLong(f[6]);
      long softirq = Long.parseLong(f[7]);
      long steal = Long.parseLong(f[8]);
      long tick = 1_000_000_000L / TICKS_PER_SECOND;
      return new Cpu(
          (user + nice + system + irq + softirq + steal) * tick, steal * tick, System.nanoTime());
    }
  }

  /**
   * The noise during a measurement: CPU used by neither of {@code pids} (the server and this
   * generator) and CPU stolen by the hypervisor, each in percent of one core.
   */
  static String noise(Cpu before, Cpu after, long ownCpuNanos) {
    double elapsed = after.atNanos() - before.atNanos();
    long busy = after.busyNanos() - before.busyNanos();
    long foreign = Math.max(0, busy - ownCpuNanos);
    long steal = after.stealNanos() - before.stealNanos();
    return String.format(
        "foreign %.0f%%, steal %.1f%%", 100 * foreign / elapsed, 100 * steal / elapsed);
  }

  /** A line describing the CPU model and count. */
  static String describe() {
    List<String> cpu =
        read(Path.of("/proc/cpuinfo"))
            .lines()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 2))
            .toList();
    return cpu.size() + " × " + (cpu.isEmpty() ? "unknown CPU" : cpu.get(0));
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
