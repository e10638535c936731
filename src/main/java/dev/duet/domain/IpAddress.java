package dev.duet.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address read from its literal text by hand, so a host name is never looked up.
 * IPv4 is four decimal parts from 0 to 255 without leading zeros; IPv6 is eight hexadecimal groups,
 * one run of them shortened to {@code ::}, the last two possibly written as IPv4. An IPv6 zone
 * ({@code %eth0}) is dropped. Written back in the canonical form of RFC 5952 for IPv6.
 */
final class IpAddress {
  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  static Optional<IpAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      return Optional.ofNullable(parseV4(text)).map(IpAddress::new);
    }
    int zone = text.indexOf('%');
    if (zone >= 0) {
      if (zone == text.length() - 1) {
        return Optional.empty();
      }
      text = text.substring(0, zone);
    }
    return Optional.ofNullable(parseV6(text)).map(IpAddress::new);
  }

  boolean isV6() {
    return bytes.length == 16;
  }

  int bits() {
    return bytes.length * 8;
  }

  /** The IPv4 address of an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else this. */
  IpAddress unmapped() {
    if (!isV6()) {
      return this;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return this;
      }
    }
    if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
      return this;
    }
    return new IpAddress(Arrays.copyOfRange(bytes, 12, 16));
  }

  /** This address with all but the first {@code prefixBits} bits zero. */
  IpAddress truncate(int prefixBits) {
    byte[] network = bytes.clone();
    for (int bit = prefixBits; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new IpAddress(network);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpAddress address && Arrays.equals(bytes, address.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (!isV6()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int end = i;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - i > bestLength) {
        bestStart = i;
        bestLength = end - i;
      }
      i = Math.max(end, i + 1);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
      } else {
        if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }

  private static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      int value = decimalOctet(part);
      if (value < 0) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static byte[] parseV6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.length; i++) {
      bytes[2 * i] = (byte) (head[i] >>> 8);
      bytes[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int at = 8 - tail.length + i;
      bytes[2 * at] = (byte) (tail[i] >>> 8);
      bytes[2 * at + 1] = (byte) tail[i];
    }
    return bytes;
  }

  private static int[] groups(String part, boolean mayEndInIpv4) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split(":", -1);
    int[] groups = new int[pieces.length + 1];
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (mayEndInIpv4 && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        byte[] v4 = parseV4(piece);
        if (v4 == null) {
          return null;
        }
        groups[count++] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
        groups[count++] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
      } else if (!piece.isEmpty() && piece.length() <= 4 && hex(piece)) {
        groups[count++] = Integer.parseInt(piece, 16);
      } else {
        return null;
      }
    }
    return Arrays.copyOf(groups, count);
  }

  /** 0 to 255 written in decimal with no leading zero, else -1. */
  private static int decimalOctet(String part) {
    int length = part.length();
    if (length == 0 || length > 3 || length > 1 && part.charAt(0) == '0') {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < length; i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > 255 ? -1 : value;
  }

  private static boolean hex(String piece) {
    for (int i = 0; i < piece.length(); i++) {
      if (Character.digit(piece.charAt(i), 16) < 0 || piece.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }
}
