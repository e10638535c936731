package dev.duet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network of a two-party call that a test changes while the call runs: two browser sides, each
 * in a Linux network namespace of its own, joined to each other and to a router by veth links the
 * test cuts, restores and readdresses.
 *
 * <pre>
 *              router: the test JVM's namespace, forwarding nothing
 *              Duet on 10.0.0.1, coturn on 10.0.0.2 (both on its loopback device)
 *           10.0.1.1 |     10.0.3.1 |              | 10.0.4.1     | 10.0.2.1
 *           SIGNAL_A |        NET_A |              | NET_B        | SIGNAL_B
 *          10.0.1.10 |    10.0.3.10 |              | 10.0.4.20    | 10.0.2.20
 *                  side A  ---------- A_B ----------  side B
 *                      10.0.5.10              10.0.5.20
 * </pre>
 *
 * <p>A side reaches Duet ({@link #DUET}) over its SIGNAL link only (a route of its own), the rest,
 * coturn ({@link #TURN}) included, over its NET link (its default route), and the other side over
 * A_B (directly connected). The router forwards nothing and every namespace filters reverse paths
 * strictly, so a packet is only taken in over the link of its source's subnet: the only direct path
 * between the sides is A_B, the only path to coturn a side's NET link, and cutting either leaves
 * signaling alone. The sides have no IPv6, so their host candidates are these addresses.
 *
 * <p>The router is the test JVM's own namespace, which {@code src/test/netns/bin/java} makes with
 * {@code unshare --net} and announces with {@code DUET_PRIVATE_NET=1}; without it (or without
 * {@code ip} and {@code tc}) the tests are skipped loudly, and fail under {@code CI=true}. The
 * sides are named namespaces ({@code duet-PID-N-a}, {@code -b}; {@code /run/netns} is the
 * machine's, so each name carries the JVM's pid, and those of dead JVMs are removed first). A cut
 * drops every packet either end of the link sends ({@code tc qdisc pfifo limit 0}; this kernel has
 * no {@code netem}), so addresses, routes and carrier stay as they were. Every command is given 10
 * s and fails with what it printed. A test JVM holds one such network at a time (the router's
 * addresses are fixed).
 */
public final class CallNetwork implements AutoCloseable {
  /** Where the sides reach Duet (a server bound to {@code 0.0.0.0} in the JVM's namespace). */
  public static final String DUET = "10.0.0.1";

  /**
   * The name the sides' Chromium gives {@link #DUET}: a page must be a secure context to use the
   * microphone, and {@code http://10.0.0.1} is none, while a {@code .localhost} name is; {@link
   * #chromium} maps it ({@code --host-resolver-rules}).
   */
  public static final String DUET_NAME = "duet.localhost";

  /** Where the sides reach coturn ({@link Coturn#start(String, String)}). */
  public static final String TURN = "10.0.0.2";

  private static final Path IP = Path.of("/usr/sbin/ip");
  private static final Path TC = Path.of("/usr/sbin/tc");
  private static final Path NETNS = Path.of("/run/netns");
  private static final String TESTS = "the network change tests";
  private static final Duration COMMAND_TIME = Duration.ofSeconds(10);
  private static final AtomicInteger NETWORKS = new AtomicInteger();

  /** A browser's side of the call. */
  public enum Side {
    A,
    B;

    private int host() {
      return this == A ? 10 : 20;
    }
  }

  /** A veth link: a side's to the router, or A_B between the sides. */
  public enum Link {
    SIGNAL_A(1, Side.A, "sig"),
    SIGNAL_B(2, Side.B, "sig"),
    NET_A(3, Side.A, "net"),
    NET_B(4, Side.B, "net"),
    A_B(5, null, "ab");

    private final int subnet;
    private final Side side;
    private final String device;

    Link(int subnet, Side side, String device) {
      this.subnet = subnet;
      this.side = side;
      this.device = device;
    }

    private String routerDevice() {
      return device + "-" + side.name().toLowerCase(Locale.ROOT);
    }

    private String address(int host) {
      return "10.0." + subnet + "." + host;
    }

    private boolean joins(Side end) {
      return side == null || side == end;
    }
  }

  private final String prefix;
  private final Map<Side, String> namespaces = new EnumMap<>(Side.class);
  private final Map<Side, Path> chromiums = new EnumMap<>(Side.class);
  private final Map<Link, Map<Side, Integer>> hosts = new EnumMap<>(Link.class);
  private final Set<Link> cut = EnumSet.noneOf(Link.class);
  private final Deque<Runnable> undo = new ArrayDeque<>();

  private CallNetwork() {
    prefix = "duet-" + ProcessHandle.current().pid() + "-" + NETWORKS.incrementAndGet() + "-";
  }

  /** Builds the network; skips or fails (under CI=true) when it cannot be built here. */
  public static CallNetwork create() {
    Tools.require(IP, "iproute2", TESTS);
    Tools.require(TC, "iproute2", TESTS);
    Tools.require(
        "1".equals(System.getenv("DUET_PRIVATE_NET")),
        "the test JVM runs on the host's network (DUET_PRIVATE_NET is not 1: run the tests"
            + " through src/test/netns/bin/java, which needs unshare --net), and "
            + TESTS
            + " route and set sysctls in its namespace",
        TESTS);
    removeStale();
    CallNetwork network = new CallNetwork();
    try {
      network.build();
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static void removeStale() {
    if (!Files.isDirectory(NETNS)) {
      return;
    }
    try (DirectoryStream<Path> names = Files.newDirectoryStream(NETNS, "duet-*")) {
      for (Path name : names) {
        String[] parts = name.getFileName().toString().split("-");
        boolean dead =
            parts.length > 1
                && parts[1].chars().allMatch(Character::isDigit)
                && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty();
        if (dead) {
          run(IP.toString(), "netns", "delete", name.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void build() {
    sysctl(null, "net.ipv4.ip_forward=0", "net.ipv4.conf.all.rp_filter=1");
    sysctl(null, "net.ipv4.conf.default.rp_filter=1");
    for (String address : List.of(DUET, TURN)) {
      ip(null, "address", "add", address + "/32", "dev", "lo");
      undo.push(() -> ip(null, "address", "del", address + "/32", "dev", "lo"));
    }
    for (Side side : Side.values()) {
      String name = prefix + side.name().toLowerCase(Locale.ROOT);
      run(IP.toString(), "netns", "add", name);
      undo.push(() -> run(IP.toString(), "netns", "delete", name));
      namespaces.put(side, name);
      sysctl(
          side,
          "net.ipv6.conf.all.disable_ipv6=1",
          "net.ipv6.conf.default.disable_ipv6=1",
          "net.ipv4.conf.all.rp_filter=1",
          "net.ipv4.conf.default.rp_filter=1",
          "net.ipv4.conf.all.promote_secondaries=1",
          "net.ipv4.conf.default.promote_secondaries=1");
      ip(side, "link", "set", "lo", "up");
    }
    for (Link link : Link.values()) {
      hosts.put(link, new EnumMap<>(Side.class));
      if (link == Link.A_B) {
        ip(Side.A, "link", "add", "ab", "type", "veth", "peer", "name", "ab", "netns", ns(Side.B));
      } else {
        String device = link.routerDevice();
        ip(null, "link", "add", device, "type", "veth", "peer", "name", link.device);
        undo.push(() -> ip(null, "link", "delete", device));
        ip(null, "link", "set", "dev", link.device, "netns", ns(link.side));
        ip(null, "link", "set", "dev", device, "up");
      }
    }
    for (Link link : Link.values()) {
      if (link != Link.A_B) {
        ip(null, "address", "add", link.address(1) + "/24", "dev", link.routerDevice());
      }
      for (Side side : Side.values()) {
        if (link.joins(side)) {
          hosts.get(link).put(side, side.host());
          ip(side, "address", "add", link.address(side.host()) + "/24", "dev", link.device);
          ip(side, "link", "set", "dev", link.device, "up");
        }
      }
    }
    for (Side side : Side.values()) {
      Link signal = side == Side.A ? Link.SIGNAL_A : Link.SIGNAL_B;
      Link net = side == Side.A ? Link.NET_A : Link.NET_B;
      ip(side, "route", "add", DUET + "/32", "via", signal.address(1), "dev", signal.device);
      ip(side, "route", "add", "default", "via", net.address(1), "dev", net.device);
      Path wrapper = wrapper(side);
      undo.push(() -> deleteFile(wrapper));
      chromiums.put(side, wrapper);
    }
  }

  private Path wrapper(Side side) {
    try {
      Path script =
          Files.createTempFile(
              "duet-chromium-" + ns(side) + "-",
              ".sh",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.writeString(
          script,
          String.format(
              "#!/bin/sh\nexec %s netns exec %s %s '--host-resolver-rules=MAP %s %s' \"$@\"\n",
              IP, ns(side), Browsers.CHROMIUM, DUET_NAME, DUET));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of a side's namespace. */
  public String ns(Side side) {
    return namespaces.get(side);
  }

  /**
   * An executable that runs Chromium in a side's namespace, {@link #DUET_NAME} mapped to {@link
   * #DUET}, for {@link Browsers#person(Path)} (Playwright drives Chromium over a pipe, which the
   * namespace does not touch).
   */
  public Path chromium(Side side) {
    return chromiums.get(side);
  }

  /** The side's address on a link it ends now. */
  public String address(Side side, Link link) {
    requireEnd(side, link);
    return link.address(hosts.get(link).get(side));
  }

  /** Drops every packet sent over the link, from both ends, until {@link #restore}. */
  public void cut(Link link) {
    forEachEnd(
        link,
        (side, device) ->
            tc(side, "qdisc", "replace", "dev", device, "root", "pfifo", "limit", "0"));
    cut.add(link);
  }

  /** Undoes {@link #cut}. */
  public void restore(Link link) {
    if (cut.remove(link)) {
      forEachEnd(link, (side, device) -> tc(side, "qdisc", "del", "dev", device, "root"));
    }
  }

  /**
   * Gives the side's end of the link the next address of its subnet and then takes the old one
   * away, as a new network would; routes stay ({@code promote_secondaries}). Returns the new one.
   */
  public String moveAddress(Side side, Link link) {
    requireEnd(side, link);
    int old = hosts.get(link).get(side);
    ip(side, "address", "add", link.address(old + 1) + "/24", "dev", link.device);
    ip(side, "address", "del", link.address(old) + "/24", "dev", link.device);
    hosts.get(link).put(side, old + 1);
    return link.address(old + 1);
  }

  /** The sides' addresses and routes and the qdiscs of every end, for a failure's message. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Side side : namespaces.keySet()) {
      out.append("== ").append(ns(side)).append('\n');
      out.append(ip(side, "-brief", "address")).append(ip(side, "route"));
      out.append(tc(side, "qdisc", "show"));
    }
    return out.append("== router\n").append(ip(null, "-brief", "address")).toString();
  }

  private interface End {
    void accept(Side side, String device);
  }

  private static void forEachEnd(Link link, End end) {
    if (link == Link.A_B) {
      end.accept(Side.A, link.device);
      end.accept(Side.B, link.device);
    } else {
      end.accept(null, link.routerDevice());
      end.accept(link.side, link.device);
    }
  }

  private static void requireEnd(Side side, Link link) {
    if (!link.joins(side)) {
      throw new IllegalArgumentException(link + " does not end in side " + side);
    }
  }

  /**
   * Deletes what {@link #create} made, the latest first: links, namespaces, addresses, wrappers.
   */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
      throw failures.get(0);
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String ip(Side side, String... arguments) {
    return run(in(side, IP, arguments));
  }

  private String tc(Side side, String... arguments) {
    return run(in(side, TC, arguments));
  }

  private void sysctl(Side side, String... settings) {
    List<String> command = new ArrayList<>();
    if (side != null) {
      command.addAll(List.of(IP.toString(), "netns", "exec", ns(side)));
    }
    command.addAll(List.of("sysctl", "-q", "-w"));
    command.addAll(List.of(settings));
    run(command.toArray(String[]::new));
  }

  private String[] in(Side side, Path tool, String... arguments) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    if (side != null) {
      command.addAll(List.of("-netns", ns(side)));
    }
    command.addAll(List.of(arguments));
    return command.toArray(String[]::new);
  }

  private static String run(String... command) {
    return Commands.run(List.of(command), COMMAND_TIME);
  }
}
