package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTest {
  private static final ClientAddresses PROXIES =
      ClientAddresses.parse("10.0.0.0/8, 192.168.1.1, 2001:db8::/32, ::1");

  @Test
  void nobodyIsTrustedByDefault() {
    for (String setting : new String[] {null, "", " , "}) {
      ClientAddresses addresses = ClientAddresses.parse(setting);
      assertEquals("10.0.0.1", addresses.clientIp("10.0.0.1", "198.51.100.1"));
    }
  }

  @Test
  void aForwardedForFromAnUntrustedPeerIsIgnored() {
    assertEquals("203.0.113.7", PROXIES.clientIp("203.0.113.7", "198.51.100.1"));
    assertEquals("203.0.113.7", PROXIES.clientIp("203.0.113.7", "10.0.0.2, 192.168.1.1"));
  }

  @ParameterizedTest(name = "from {0} with X-Forwarded-For \"{1}\": {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      textBlock =
          """
          10.0.0.5      | 198.51.100.1                                  | 198.51.100.1
          10.0.0.5      | NONE                                          | 10.0.0.5
          10.0.0.5      | ''                                            | 10.0.0.5
          10.0.0.5      | 1.1.1.1, 198.51.100.1, 192.168.1.1, 10.9.9.9  | 198.51.100.1
          10.0.0.5      | 198.51.100.1 ,10.0.0.9                        | 198.51.100.1
          10.0.0.1      | 10.0.0.9, 10.0.0.8                            | 10.0.0.9
          10.0.0.1      | 198.51.100.1, bogus, 10.0.0.2                 | 10.0.0.2
          10.0.0.1      | 198.51.100.1,, 10.0.0.2                       | 10.0.0.2
          10.0.0.1      | unknown                                       | 10.0.0.1
          10.0.0.1      | localhost                                     | 10.0.0.1
          10.0.0.1      | 198.51.100.1, example.com                     | 10.0.0.1
          10.0.0.1      | 198.51.100.1:4711                             | 198.51.100.1
          10.0.0.1      | '[2a00:1450::1]:4711'                         | 2a00:1450::1
          10.0.0.1      | '[2a00:1450::1]'                              | 2a00:1450::1
          10.0.0.1      | '[2a00:1450::1'                               | 10.0.0.1
          10.0.0.1      | '[2a00:1450::1]x'                             | 10.0.0.1
          10.0.0.1      | 198.51.100.1:                                 | 10.0.0.1
          ::1           | 2A00:1450:0:0:0:0:0:200E                      | 2a00:1450::200e
          2001:db8::10  | 2001:db8:ffff::1, 2001:db8::2                 | 2001:db8:ffff::1
          2001:db8::10  | 198.51.100.1, 2001:db8::2                     | 198.51.100.1
          ::ffff:10.0.0.1 | 198.51.100.1                                | 198.51.100.1
          10.0.0.1      | ::ffff:198.51.100.1                           | 198.51.100.1
          10.0.0.1      | ::ffff:10.0.0.2, ::ffff:10.0.0.3              | 10.0.0.2
          192.168.1.1   | 198.51.100.1                                  | 198.51.100.1
          192.168.1.2   | 198.51.100.1                                  | 192.168.1.2
          """)
  void aTrustedProxyIsWalkedPastFromTheRight(String remote, String forwardedFor, String client) {
    assertEquals(client, PROXIES.clientIp(remote, forwardedFor));
  }

  @ParameterizedTest(name = "{0} in {1}: the client is {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          10.0.0.0         | 10.0.0.0/8     | 198.51.100.1
          10.255.255.255   | 10.0.0.0/8     | 198.51.100.1
          11.0.0.0         | 10.0.0.0/8     | 11.0.0.0
          9.255.255.255    | 10.0.0.0/8     | 9.255.255.255
          172.31.255.255   | 172.16.0.0/12  | 198.51.100.1
          172.32.0.0       | 172.16.0.0/12  | 172.32.0.0
          172.15.255.255   | 172.16.0.0/12  | 172.15.255.255
          10.200.3.4       | 10.1.2.3/8     | 198.51.100.1
          10.1.2.3         | 10.1.2.3/32    | 198.51.100.1
          10.1.2.4         | 10.1.2.3/32    | 10.1.2.4
          10.1.2.4         | 10.1.2.3       | 10.1.2.4
          203.0.113.9      | 0.0.0.0/0      | 198.51.100.1
          2001:db8::1      | 0.0.0.0/0      | 2001:db8::1
          203.0.113.9      | ::/0           | 203.0.113.9
          2001:db8::1      | ::/0           | 198.51.100.1
          2001:db8:ffff::1 | 2001:db8::/32  | 198.51.100.1
          2001:db9::1      | 2001:db8::/32  | 2001:db9::1
          2001:db7:ffff::1 | 2001:db8::/32  | 2001:db7:ffff::1
          2001:DB9:0::1    | 2001:db8::/32  | 2001:db9::1
          fd12:3456::1     | fd00::/8       | 198.51.100.1
          fe80::1%eth0     | fe80::/10      | 198.51.100.1
          febf::1          | fe80::/10      | 198.51.100.1
          fec0::1          | fe80::/10      | fec0::1
          ::1              | ::1            | 198.51.100.1
          ::2              | ::1            | ::2
          ::ffff:10.1.1.1  | 10.0.0.0/8     | 198.51.100.1
          10.1.1.1         | ::ffff:10.1.1.1 | 198.51.100.1
          """)
  void blocksContainTheirPrefix(String address, String block, String client) {
    // A peer in the block is a trusted proxy (its X-Forwarded-For names the client); a peer
    // outside it is the client itself.
    assertEquals(client, ClientAddresses.parse(block).clientIp(address, "198.51.100.1"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          203.0.113.7                             | 203.0.113.7
          0.0.0.0                                 | 0.0.0.0
          2001:0DB8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
          2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1
          2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1
          2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1
          ::                                      | ::
          ::1                                     | ::1
          1::                                     | 1::
          1:2:3:4:5:6:7::                         | 1:2:3:4:5:6:7:0
          ::2:3:4:5:6:7:8                         | 0:2:3:4:5:6:7:8
          ::ffff:203.0.113.7                      | 203.0.113.7
          ::ffff:cb00:7107                        | 203.0.113.7
          64:ff9b::192.0.2.33                     | 64:ff9b::c000:221
          fe80::1%eth0                            | fe80::1
          """)
  void addressesAreReturnedInCanonicalForm(String written, String canonical) {
    assertEquals(canonical, ClientAddresses.parse("").clientIp(written, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " 10.0.0.1",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.-1",
        "1.2.3.4%eth0",
        "0x7f.0.0.1",
        "1.2.3.4a",
        "1.2.3.+4",
        "1.2.3.0004",
        "00.1.2.3",
        "1.2.3.256",
        "1.2.3.\u0663",
        "\uff11.2.3.4",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1::2::3",
        ":::",
        ":1::",
        "12345::",
        "g::1",
        "::+1",
        "::-1",
        "::\uff46",
        "::\u0663",
        "fe80::1%",
        "::1.2.3",
        "::1.2.3.4:5",
        "[::1]",
        "localhost",
        "example.com"
      })
  void notAnAddressIsReturnedUnchangedAndAnonymizedAsInvalid(String text) {
    assertEquals(text, PROXIES.clientIp(text, "198.51.100.1"));
    assertEquals("invalid", ClientAddresses.anonymize(text));
  }

  @Test
  void onlyTrustedPeersAreProxies() {
    assertTrue(PROXIES.isProxy("10.1.2.3"));
    assertTrue(PROXIES.isProxy("::ffff:10.1.2.3"));
    assertFalse(PROXIES.isProxy("203.0.113.7"));
    assertFalse(PROXIES.isProxy("not an address"));
    assertFalse(ClientAddresses.parse("").isProxy("127.0.0.1"));
  }

  @Test
  void anIpv6AddressIsLimitedAsItsSlash64AndIpv4AsItself() {
    assertEquals(
        "2001:db8:85a3:8d3::", ClientAddresses.limitedAs("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
    assertEquals("2001:db8:85a3:8d3::", ClientAddresses.limitedAs("2001:db8:85a3:8d3::1"));
    assertEquals("2001:db8:85a3:8d4::", ClientAddresses.limitedAs("2001:DB8:85A3:8D4:FFFF::"));
    assertEquals("203.0.113.77", ClientAddresses.limitedAs("203.0.113.77"));
    assertEquals("203.0.113.77", ClientAddresses.limitedAs("::ffff:203.0.113.77"));
    assertEquals("not an address", ClientAddresses.limitedAs("not an address"));
  }

  @Test
  void anonymizeKeepsTheNetwork() {
    assertEquals("203.0.113.0", ClientAddresses.anonymize("203.0.113.77"));
    assertEquals("10.0.0.0", ClientAddresses.anonymize("10.0.0.255"));
    assertEquals(
        "2001:db8:85a3::", ClientAddresses.anonymize("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
    assertEquals("2001:db8:85a3::", ClientAddresses.anonymize("2001:DB8:85A3:FFFF::1"));
    assertEquals("::", ClientAddresses.anonymize("::1"));
    assertEquals("203.0.113.0", ClientAddresses.anonymize("::ffff:203.0.113.77"));
    assertEquals("invalid", ClientAddresses.anonymize(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "10.0.0.0/33",
        "2001:db8::/129",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/8/8",
        "10.0.0.0/ 8",
        "*",
        "10.0.0.1 10.0.0.2"
      })
  void aMalformedSettingIsNamed(String entry) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClientAddresses.parse("10.0.0.1, " + entry));
    assertTrue(e.getMessage().startsWith("TRUSTED_PROXIES: \"" + entry + "\": "), e.getMessage());
  }

  @Test
  void theSettingIsShownNormalized() {
    assertEquals(
        "[10.0.0.0/8, 2001:db8::/32, 192.168.1.1/32]",
        ClientAddresses.parse("10.1.2.3/8, 2001:DB8:0::/32, 192.168.1.1").toString());
  }
}
