package dev.duet.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whose IP address a connection is, for per-IP limits, configured by {@code TRUSTED_PROXIES}: a
 * comma-separated list of IPv4 and IPv6 addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code
 * fd00::/8}); empty or unset trusts nobody.
 *
 * <p>A connection from an address that is not a trusted proxy is that address, whatever its {@code
 * X-Forwarded-For} says, since anybody can send that header. From a trusted proxy, the header is
 * read from the right, the end the proxy appended to, past further trusted proxies; the client is
 * the first address that is not one, or the leftmost if all are. An entry that is not an address
 * ends the walk, and the client is the last address read before it. Several headers are one list
 * when joined with commas. Entries may carry a port ({@code 192.0.2.1:4711}, {@code
 * [2001:db8::1]:4711}).
 *
 * <p>Addresses are literals only and are never looked up. They are returned in one canonical form
 * (IPv6 as in RFC 5952, IPv4-mapped IPv6 as IPv4), so one client is one key; a remote address that
 * is not an address at all is returned unchanged.
 */
public final class ClientAddresses {
  private static final String SETTING = "TRUSTED_PROXIES";

  private final List<Block> trusted;

  private ClientAddresses(List<Block> trusted) {
    this.trusted = trusted;
  }

  /**
   * The resolver for a {@code TRUSTED_PROXIES} value; {@code null} or blank trusts nobody. Throws
   * {@link IllegalArgumentException} naming the entry that is not an address or CIDR block.
   */
  public static ClientAddresses parse(String setting) {
    List<Block> trusted = new ArrayList<>();
    if (setting != null) {
      for (String raw : setting.split(",", -1)) {
        String entry = raw.strip();
        if (!entry.isEmpty()) {
          trusted.add(Block.parse(entry));
        }
      }
    }
    return new ClientAddresses(List.copyOf(trusted));
  }

  /** Whether a connection from {@code remoteIp} comes from one of the trusted proxies. */
  public boolean isProxy(String remoteIp) {
    return IpAddress.parse(remoteIp).map(IpAddress::unmapped).map(this::isTrusted).orElse(false);
  }

  /** The client's address for a connection from {@code remoteIp} with this X-Forwarded-For. */
  public String clientIp(String remoteIp, String xForwardedFor) {
    Optional<IpAddress> remote = IpAddress.parse(remoteIp).map(IpAddress::unmapped);
    if (remote.isEmpty()) {
      return remoteIp;
    }
    IpAddress client = remote.get();
    if (!isTrusted(client) || xForwardedFor == null || xForwardedFor.isBlank()) {
      return client.toString();
    }
    String[] hops = xForwardedFor.split(",", -1);
    for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      Optional<IpAddress> hop = hop(hops[i].strip());
      if (hop.isEmpty()) {
        break;
      }
      client = hop.get();
    }
    return client.toString();
  }

  /**
   * What the limits per address count a client address as: an IPv4 address itself, an IPv6 address
   * its /64 network (one subscriber's usual share, in which any address is the subscriber's to
   * pick), written as that network's first address; anything else as it is.
   */
  public static String limitedAs(String ip) {
    return IpAddress.parse(ip)
        .map(IpAddress::unmapped)
        .map(address -> address.isV6() ? address.truncate(64).toString() : address.toString())
        .orElse(ip);
  }

  /**
   * The prefixes a network ban of {@code ip} may hold to, as text: an IPv4 address's /24 ({@code
   * 203.0.113.0/24}); an IPv6 address's /64 and /48, in that order; none for anything else.
   */
  public static List<String> banPrefixes(String ip) {
    return IpAddress.parse(ip)
        .map(IpAddress::unmapped)
        .map(
            address ->
                address.isV6()
                    ? List.of(address.truncate(64) + "/64", address.truncate(48) + "/48")
                    : List.of(address.truncate(24) + "/24"))
        .orElse(List.of());
  }

  /**
   * The address with its host part zeroed, for logs: IPv4 to its /24 ({@code 203.0.113.0}), IPv6 to
   * its /48 ({@code 2001:db8:85a3::}); anything else is {@code invalid}.
   */
  public static String anonymize(String ip) {
    return IpAddress.parse(ip)
        .map(IpAddress::unmapped)
        .map(address -> address.truncate(address.isV6() ? 48 : 24).toString())
        .orElse("invalid");
  }

  @Override
  public String toString() {
    return trusted.toString();
  }

  private boolean isTrusted(IpAddress address) {
    for (Block block : trusted) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<IpAddress> hop(String entry) {
    String address = entry;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      String after = close < 0 ? "" : entry.substring(close + 1);
      if (close < 0 || !(after.isEmpty() || after.matches(":\\d{1,5}"))) {
        return Optional.empty();
      }
      address = entry.substring(1, close);
    } else if (entry.indexOf(':') == entry.lastIndexOf(':')
        && entry.matches(".*\\.\\d+:\\d{1,5}")) {
      address = entry.substring(0, entry.indexOf(':'));
    }
    return IpAddress.parse(address).map(IpAddress::unmapped);
  }

  private record Block(IpAddress network, int prefixBits) {
    static Block parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      IpAddress network =
          IpAddress.parse(address)
              .map(IpAddress::unmapped)
              .orElseThrow(() -> bad(entry, "not an IPv4 or IPv6 address or CIDR block"));
      if (slash < 0) {
        return new Block(network, network.bits());
      }
      String bits = entry.substring(slash + 1);
      if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > network.bits()) {
        throw bad(entry, "the prefix length must be 0 to " + network.bits());
      }
      int prefixBits = Integer.parseInt(bits);
      return new Block(network.truncate(prefixBits), prefixBits);
    }

    boolean contains(IpAddress address) {
      return address.bits() == network.bits() && address.truncate(prefixBits).equals(network);
    }

    @Override
    public String toString() {
      return network + "/" + prefixBits;
    }

    private static IllegalArgumentException bad(String entry, String why) {
      return new IllegalArgumentException(SETTING + ": \"" + entry + "\": " + why);
    }
  }
}
