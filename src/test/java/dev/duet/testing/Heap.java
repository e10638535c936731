package dev.duet.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of a JVM, read with {@code jcmd} after a full collection. */
public final class Heap {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private Heap() {}

  /** The heap the JVM {@code pid} still uses after a full collection, in bytes. */
  public static long liveBytes(long pid) {
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info gave no heap use");
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  /** Runs a {@code jcmd} command against a JVM and returns what it printed. */
  public static String jcmd(long pid, String... command) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    return Commands.run(line);
  }
}
