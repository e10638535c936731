package dev.duet.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.domain.Ban;
import dev.duet.domain.BanScope;
import dev.duet.domain.Participant;
import dev.duet.domain.Visitor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bans, shadow bans, moderators' actions and the automatic protection, without a server. */
@Timeout(20)
class ModerationTest {
  private final Fixture f = new Fixture(Map.of("REMATCH_COOLDOWN", "0s", "AUTO_BAN_REPORTS", "3"));
  private final Moderation m = f.moderation;

  /** A user who connected from {@code address} with the device token {@code device} (or none). */
  private Participant arrive(String userId, String address, String device) throws Exception {
    Admission.Arrival arrival = m.admission.arrive(address, device);
    m.admission.admit(arrival.visitor().as(userId), null);
    Participant participant = f.sessions.open(userId).participant();
    m.admission.seen(participant, arrival.visitor());
    return participant;
  }

  private Ban refusal(String userId, String address, String device, String token) {
    Visitor visitor = m.admission.arrive(address, device).visitor().as(userId);
    return assertThrows(Banned.class, () -> m.admission.admit(visitor, token)).ban();
  }

  private void admitted(String userId, String address, String device) throws Banned {
    m.admission.admit(m.admission.arrive(address, device).visitor().as(userId), null);
  }

  private Ban ban(BanScope scope, String userId, String length) {
    return m.actions.ban(
        new ModeratorActions.BanOrder(scope, userId, false, false, length, "abuse"), "mod");
  }

  @Test
  void aDeviceKeepsItsTokenAndANewDeviceGetsOne() {
    Admission.Arrival first = m.admission.arrive("192.0.2.1", null);
    Admission.Arrival again = m.admission.arrive("192.0.2.1", first.deviceToken());
    assertEquals(first.visitor().deviceId(), again.visitor().deviceId());
    assertEquals(first.deviceToken(), again.deviceToken());
    Admission.Arrival forged = m.admission.arrive("192.0.2.1", "forged");
    assertFalse(forged.visitor().deviceId().equals(first.visitor().deviceId()));
    assertEquals(first.visitor().network(), again.visitor().network());
  }

  @Test
  void aUserBanRefusesTheUserIdAndItsTokenButNotItsNeighbours() throws Exception {
    Participant bad = arrive("bad", "192.0.2.1", "d-dev1");
    String token = f.tokens.issue("bad", bad.sessionId(), f.clock.instant().plusSeconds(600));
    Ban ban = ban(BanScope.USER, "bad", "1h");
    assertEquals(ban.id(), refusal("bad", "192.0.2.1", null, null).id());
    assertEquals(ban.id(), refusal(null, "198.51.100.1", null, token).id(), "a resumed token");
    admitted("good", "192.0.2.1", "d-dev1");
    admitted(null, "192.0.2.1", "d-dev1");
    assertEquals(List.of(new Expelled("bad", bad.sessionId(), ban)), m.expelled);
    assertTrue(f.metrics.take().contains("ban_enforced user"));
  }

  @Test
  void aDeviceBanHoldsWhateverUserIdTheDeviceUses() throws Exception {
    String device = m.admission.arrive("192.0.2.1", null).deviceToken();
    arrive("bad", "192.0.2.1", device);
    ban(BanScope.DEVICE, "bad", "24h");
    refusal("new-id", "203.0.113.5", device, null);
    refusal(null, "203.0.113.5", device, null);
    admitted("new-id", "203.0.113.5", null);
    admitted("bad-too", "192.0.2.1", null);
  }

  @Test
  void aNetworkBanHoldsToThe24AndTheWider48OnlyWhenAsked() throws Exception {
    arrive("v4", "192.0.2.1", null);
    arrive("v6", "2001:db8:1:2::1", null);
    ban(BanScope.NETWORK, "v4", "forever");
    refusal("fresh", "192.0.2.200", null, null);
    admitted("fresh", "192.0.3.1", null);
    Ban narrow = ban(BanScope.NETWORK, "v6", "1h");
    refusal("fresh", "2001:db8:1:2:ffff::9", null, null);
    admitted("fresh", "2001:db8:1:3::1", null);
    m.actions.lift(narrow.id(), "mod");
    m.actions.ban(
        new ModeratorActions.BanOrder(BanScope.NETWORK, "v6", false, true, "1h", "wide"), "mod");
    refusal("fresh", "2001:db8:1:3::1", null, null);
    admitted("fresh", "2001:db8:2::1", null);
    ModeratorActions.Refused noWide =
        assertThrows(
            ModeratorActions.Refused.class,
            () ->
                m.actions.ban(
                    new ModeratorActions.BanOrder(BanScope.NETWORK, "v4", false, true, "1h", "x"),
                    "mod"));
    assertEquals(ModeratorActions.Refused.Why.MALFORMED, noWide.why());
  }

  @Test
  void bansEndByThemselvesAndWhenLifted() throws Exception {
    arrive("bad", "192.0.2.1", null);
    Ban ban = ban(BanScope.USER, "bad", "30m");
    refusal("bad", "192.0.2.1", null, null);
    f.clock.advance(Duration.ofMinutes(30));
    admitted("bad", "192.0.2.1", null);
    Ban forever = ban(BanScope.USER, "bad", "forever");
    refusal("bad", "192.0.2.1", null, null);
    assertEquals(1, m.actions.activeBans(BanScope.USER));
    m.actions.lift(forever.id(), "mod2");
    admitted("bad", "192.0.2.1", null);
    assertEquals(0, m.actions.activeBans(BanScope.USER));
    assertThrows(ModeratorActions.Refused.class, () -> m.actions.lift(forever.id(), "mod2"));
    assertEquals(List.of("ban", "ban", "lift"), m.auditRows.stream().map(e -> e.action()).toList());
    assertEquals("mod2", m.auditRows.get(2).moderator());
    assertFalse(ban.activeAt(f.clock.instant()));
  }

  @Test
  void shadowBannedUsersOnlyEverMeetEachOther() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      arrive("u" + i, "192.0.2." + (i + 1), null);
    }
    for (int i = 0; i < 40; i += 3) {
      m.actions.ban(
          new ModeratorActions.BanOrder(BanScope.USER, "u" + i, true, false, "1h", "shadow"),
          "mod");
    }
    f.notifier.take();
    for (int round = 0; round < 200; round++) {
      int i = random.nextInt(40);
      f.matches.request(f.live.get("u" + i), "192.0.2." + (i + 1), null, null);
    }
    List<String> matched =
        f.notifier.take().stream().filter(line -> line.contains(" matched ")).toList();
    assertTrue(matched.size() > 20, matched.size() + " matches");
    for (String line : matched) {
      String[] words = line.split(" ");
      int me = Integer.parseInt(words[0].substring(1, words[0].length() - 1));
      int partner = Integer.parseInt(words[3].substring(1));
      assertEquals(me % 3 == 0, partner % 3 == 0, line);
    }
    assertTrue(m.expelled.isEmpty(), "a shadow ban expels nobody");
  }

  @Test
  void aFullBanFoundAtARequestExpelsInsteadOfQueueing() throws Exception {
    Participant bad = arrive("bad", "192.0.2.1", null);
    m.index.put(
        Ban.of(
            BanScope.USER,
            "bad",
            false,
            "made elsewhere",
            "mod",
            f.clock.instant(),
            java.util.Optional.empty(),
            "bad"),
        f.clock.instant());
    f.notifier.take();
    f.matches.request(bad, "192.0.2.1", null, null);
    assertEquals(List.of(), f.notifier.take(), "not queued");
    assertEquals("bad", m.expelled.get(0).userId());
  }

  @Test
  void threeDistinctReportersWithinTheWindowShadowBanAutomatically() throws Exception {
    Participant bad = arrive("bad", "192.0.2.1", null);
    for (int i = 1; i <= 3; i++) {
      Participant reporter = arrive("r" + i, "198.51.100." + i, null);
      f.matches.request(bad, "192.0.2.1", null, null);
      f.matches.request(reporter, "198.51.100." + i, null, null);
      String matchId = f.matches.matchOf("bad").orElseThrow().id();
      f.matches.report(reporter, "bad", matchId, "spam");
      if (i < 3) {
        assertTrue(m.banRows.isEmpty(), i + " reporters");
      }
    }
    Ban ban = m.banRows.values().iterator().next();
    assertTrue(ban.shadow());
    assertEquals(Ban.AUTOMATIC, ban.by());
    assertEquals(f.clock.instant().plus(Duration.ofHours(24)), ban.until());
    assertEquals(Ban.AUTOMATIC, m.auditRows.get(0).moderator());
    assertTrue(m.expelled.isEmpty());
    assertEquals(List.of(), m.admission.pool(bad).filter(shadow -> !shadow).stream().toList());
  }

  @Test
  void reportsOutsideTheWindowDoNotAddUp() throws Exception {
    Participant bad = arrive("bad", "192.0.2.1", null);
    for (int i = 1; i <= 3; i++) {
      Participant reporter = arrive("r" + i, "198.51.100." + i, null);
      f.matches.request(bad, "192.0.2.1", null, null);
      f.matches.request(reporter, "198.51.100." + i, null, null);
      f.matches.report(reporter, "bad", f.matches.matchOf("bad").orElseThrow().id(), "spam");
      f.clock.advance(Duration.ofMinutes(31));
    }
    assertTrue(m.banRows.isEmpty());
  }

  @Test
  void aReportIsResolvedOnceAndABanOfItMayHoldToTheDevice() throws Exception {
    String device = m.admission.arrive("192.0.2.1", null).deviceToken();
    Participant bad = arrive("bad", "192.0.2.1", device);
    Participant reporter = arrive("r1", "198.51.100.1", null);
    f.matches.request(bad, "192.0.2.1", null, null);
    f.matches.request(reporter, "198.51.100.1", null, null);
    f.matches.report(reporter, "bad", f.matches.matchOf("bad").orElseThrow().id(), "rude");
    String reportId = m.reportRows.keySet().iterator().next();
    assertThrows(
        ModeratorActions.Refused.class,
        () -> m.actions.resolve(reportId, "ban", BanScope.DEVICE, "24h", "", "mod"),
        "a ban needs a note");
    assertThrows(
        ModeratorActions.Refused.class,
        () -> m.actions.resolve(reportId, "mute", BanScope.DEVICE, "24h", "x", "mod"));
    Ban ban = m.actions.resolve(reportId, "ban", BanScope.DEVICE, "24h", "be kind", "mod").get();
    assertEquals(BanScope.DEVICE, ban.scope());
    assertEquals("be kind", ban.reason());
    refusal("another-id", "203.0.113.1", device, null);
    ModeratorActions.Refused twice =
        assertThrows(
            ModeratorActions.Refused.class,
            () -> m.actions.resolve(reportId, "dismiss", null, null, null, "mod"));
    assertEquals(ModeratorActions.Refused.Why.DONE, twice.why());
    assertEquals("BAN", m.resolutions.get(reportId).action());
    assertEquals(ban.id(), m.resolutions.get(reportId).banId());
    assertEquals(
        ModeratorActions.Refused.Why.MISSING,
        assertThrows(
                ModeratorActions.Refused.class,
                () -> m.actions.resolve("nope", "dismiss", null, null, null, "mod"))
            .why());
  }
}
