package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BanTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00.123456Z");

  private static Ban ban(BanScope scope, String subject, boolean shadow, Duration length) {
    return Ban.of(scope, subject, shadow, "spam", "mod", NOW, Optional.ofNullable(length), "u1");
  }

  @Test
  void lengthsAreMinutesHoursDaysOrForever() {
    assertEquals(Optional.of(Duration.ofSeconds(90)), Ban.length("90s"));
    assertEquals(Optional.of(Duration.ofMinutes(30)), Ban.length("30m"));
    assertEquals(Optional.of(Duration.ofHours(24)), Ban.length("24h"));
    assertEquals(Optional.of(Duration.ofDays(7)), Ban.length("7d"));
    assertEquals(Optional.empty(), Ban.length("forever"));
    for (String bad : new String[] {null, "", "0h", "24", "1w", "-1d", "1.5h", "3651d", "24H"}) {
      assertThrows(IllegalArgumentException.class, () -> Ban.length(bad), String.valueOf(bad));
    }
  }

  @Test
  void aBanHoldsUntilItEndsOrIsLifted() {
    Ban day = ban(BanScope.USER, "u1", false, Duration.ofDays(1));
    assertEquals(Instant.parse("2026-12-07T12:00:00.123Z"), day.until());
    assertTrue(day.activeAt(NOW));
    assertTrue(day.activeAt(day.until().minusMillis(1)));
    assertFalse(day.activeAt(day.until()));
    Ban forever = ban(BanScope.USER, "u1", false, null);
    assertTrue(forever.activeAt(NOW.plus(Duration.ofDays(100_000))));
    Ban lifted = forever.lift("other mod", NOW.plusSeconds(5));
    assertFalse(lifted.activeAt(NOW.plusSeconds(6)));
    assertEquals("other mod", lifted.liftedBy());
  }

  @Test
  void theCloseReasonSaysUntilWhenAndWhyInAtMost123Bytes() {
    assertEquals(
        "banned until 2026-12-06T13:00:00Z: spam",
        ban(BanScope.USER, "u1", false, Duration.ofHours(1)).closeReason());
    assertEquals("banned: spam", ban(BanScope.USER, "u1", false, null).closeReason());
    String long_ = "é".repeat(200) + "\nline";
    Ban wordy = Ban.of(BanScope.USER, "u1", false, long_, "mod", NOW, Optional.empty(), null);
    String reason = wordy.closeReason();
    int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= 123 && bytes >= 122, bytes + " bytes");
    assertTrue(reason.startsWith("banned: éé"));
    Ban emoji =
        Ban.of(BanScope.USER, "u1", false, "😀".repeat(60), "mod", NOW, Optional.empty(), null);
    assertFalse(emoji.closeReason().endsWith("\uD83D"), "no half of a surrogate pair");
  }

  @Test
  void reasonsAndNamesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Ban.requireReason(" "));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireReason("a\tb"));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireReason("x".repeat(501)));
    assertEquals("two\nlines", Ban.requireReason("two\nlines"));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireName(null));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireName("   "));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireName("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> Ban.requireName("x".repeat(65)));
    assertEquals("Ann ONeil", Ban.requireName("Ann ONeil"));
  }

  @Test
  void aFullBanComesBeforeAShadowBanAndTheOneEndingLastIsShown() {
    Visitor visitor = new Visitor("u1", "d1", "n24", null);
    Ban shadow = ban(BanScope.USER, "u1", true, Duration.ofDays(9));
    Ban hour = ban(BanScope.DEVICE, "d1", false, Duration.ofHours(1));
    Ban forever = ban(BanScope.NETWORK, "n24", false, null);
    Ban elsewhere = ban(BanScope.NETWORK, "n-other", false, null);
    assertEquals(Optional.of(forever), visitor.barredBy(List.of(shadow, hour, forever), NOW));
    assertEquals(Optional.of(hour), visitor.barredBy(List.of(shadow, hour, elsewhere), NOW));
    assertFalse(visitor.shadowedBy(List.of(shadow, hour), NOW));
    assertTrue(visitor.shadowedBy(List.of(shadow, elsewhere), NOW));
    assertEquals(Optional.empty(), visitor.barredBy(List.of(shadow, elsewhere), NOW));
    assertEquals(Optional.empty(), visitor.barredBy(List.of(hour), NOW.plus(Duration.ofHours(2))));
  }

  @Test
  void aVisitorIsTheSubjectOfBansOfItsIdDeviceAndEitherNetwork() {
    Visitor v6 = new Visitor(null, "d1", "n64", "n48");
    assertEquals(3, v6.subjects().size(), "no user id yet");
    assertTrue(v6.isSubjectOf(ban(BanScope.NETWORK, "n48", false, null)));
    assertTrue(v6.isSubjectOf(ban(BanScope.NETWORK, "n64", false, null)));
    assertFalse(v6.isSubjectOf(ban(BanScope.USER, "n64", false, null)), "scope and subject");
    assertTrue(v6.as("u9").isSubjectOf(ban(BanScope.USER, "u9", false, null)));
  }

  @Test
  void networkBansHoldToA24OrA64AndA48() {
    assertEquals(List.of("203.0.113.0/24"), ClientAddresses.banPrefixes("203.0.113.77"));
    assertEquals(List.of("203.0.113.0/24"), ClientAddresses.banPrefixes("::ffff:203.0.113.9"));
    assertEquals(
        List.of("2001:db8:1:2::/64", "2001:db8:1::/48"),
        ClientAddresses.banPrefixes("2001:db8:1:2:aaaa::1"));
    assertEquals(List.of(), ClientAddresses.banPrefixes("not-an-address"));
  }

  @Test
  void aReportCountsDistinctReportersWithinTheWindow() {
    ReportTally tally = new ReportTally();
    Duration hour = Duration.ofHours(1);
    assertEquals(1, tally.add("bad", "r1", NOW, hour));
    assertEquals(1, tally.add("bad", "r1", NOW.plusSeconds(10), hour), "the same reporter");
    assertEquals(2, tally.add("bad", "r2", NOW.plusSeconds(20), hour));
    assertEquals(1, tally.add("other", "r1", NOW.plusSeconds(20), hour));
    assertEquals(
        2, tally.add("bad", "r3", NOW.plusSeconds(10).plus(hour), hour), "r1's report ran out");
    tally.prune(NOW.plus(Duration.ofHours(3)), hour);
    assertEquals(0, tally.size());
  }
}
