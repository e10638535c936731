package dev.duet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {
  private static final String LIST =
      "https://duet.example, http://localhost:8080, http://[::1]:8080";

  @ParameterizedTest(name = "same-origin: Origin {0}, Host {1}, TLS {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      textBlock =
          """
          https://duet.example           | duet.example      | false | true
          https://duet.example           | duet.example      | true  | true
          http://duet.example            | duet.example      | false | true
          http://duet.example            | duet.example      | true  | false
          https://duet.example           | duet.example:80   | false | false
          https://DUET.Example           | duet.EXAMPLE      | false | true
          HTTPS://duet.example           | duet.example      | false | true
          https://duet.example:443       | duet.example      | false | true
          https://duet.example           | duet.example:443  | false | true
          https://duet.example           | duet.example:8443 | false | false
          http://localhost:8080          | localhost:8080    | false | true
          http://localhost:8080          | localhost:8080    | true  | true
          http://localhost:8081          | localhost:8080    | false | false
          http://localhost               | localhost:8080    | false | false
          https://sub.duet.example       | duet.example      | false | false
          https://duet.example           | sub.duet.example  | false | false
          https://duet.example.evil.test | duet.example      | false | false
          https://evil.test              | duet.example      | false | false
          http://[::1]:8080              | [::1]:8080        | false | true
          http://[0:0:0:0:0:0:0:1]:8080  | [::1]:8080        | false | true
          http://[::1]                   | [::1]             | false | true
          http://[::1]:8080              | [::2]:8080        | false | false
          http://[::1]:8080              | localhost:8080    | false | false
          http://127.0.0.1:8080          | 127.0.0.1:8080    | false | true
          NONE                           | duet.example      | false | true
          NONE                           | NONE              | true  | true
          https://duet.example           | NONE              | false | false
          https://duet.example           | duet.example:x    | false | false
          https://duet.example           | ''                | false | false
          https://duet.example           | duet.example:0    | false | false
          null                           | duet.example      | false | false
          ''                             | duet.example      | false | false
          https://duet.example/          | duet.example      | false | false
          https://duet.example/app       | duet.example      | false | false
          https://duet.example?x         | duet.example      | false | false
          'https://duet.example '        | duet.example      | false | false
          duet.example                   | duet.example      | false | false
          //duet.example                 | duet.example      | false | false
          ftp://duet.example             | duet.example      | false | false
          ws://duet.example              | duet.example      | false | false
          https://user@duet.example      | duet.example      | false | false
          https://duet.example:65536     | duet.example      | false | false
          https://duet.example:0         | duet.example:0    | false | false
          https://[::1                   | [::1]             | false | false
          https://[::g]                  | [::g]             | false | false
          https://duet.example https://a | duet.example      | false | false
          """)
  void sameOriginByDefault(String origin, String host, boolean secure, boolean allowed) {
    assertEquals(allowed, OriginPolicy.parse("").allows(origin, host, secure));
    assertEquals(allowed, OriginPolicy.parse(null).allows(origin, host, secure));
  }

  @ParameterizedTest(name = "list: Origin {0}, Host {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      textBlock =
          """
          https://duet.example         | other.example  | true
          https://duet.example:443     | other.example  | true
          HTTPS://Duet.Example         | other.example  | true
          http://duet.example          | duet.example   | false
          https://duet.example:8443    | duet.example   | false
          https://sub.duet.example     | duet.example   | false
          https://other.example        | other.example  | false
          http://localhost:8080        | localhost:8080 | true
          http://localhost             | localhost      | false
          https://localhost:8080       | localhost:8080 | false
          http://[::1]:8080            | [::1]:8080     | true
          http://[0::1]:8080           | [::1]:8080     | true
          http://[::1]                 | [::1]          | false
          null                         | duet.example   | false
          https://duet.example/        | duet.example   | false
          NONE                         | duet.example   | true
          """)
  void anExplicitListReplacesSameOrigin(String origin, String host, boolean allowed) {
    OriginPolicy policy = OriginPolicy.parse(LIST);
    assertEquals(allowed, policy.allows(origin, host, false));
    assertEquals(allowed, policy.allows(origin, host, true));
  }

  @ParameterizedTest(name = "wildcard: Origin {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      textBlock =
          """
          https://anywhere.example  | true
          http://10.0.0.1:1234      | true
          http://[2001:db8::1]:8443 | true
          NONE                      | true
          null                      | false
          file://                   | false
          https://a.example/        | false
          """)
  void aWildcardAllowsEveryWellFormedOrigin(String origin, boolean allowed) {
    assertEquals(allowed, OriginPolicy.parse(" * ").allows(origin, "duet.example", false));
  }

  @Test
  void entriesAreNormalizedAndBlankOnesIgnored() {
    OriginPolicy policy = OriginPolicy.parse(" , HTTPS://Duet.Example:443 ,,");
    assertTrue(policy.allows("https://duet.example", null, false));
    assertEquals("[https://duet.example:443]", policy.toString());
    assertEquals("same-origin", OriginPolicy.parse(" , ").toString());
    assertEquals("*", OriginPolicy.parse("*").toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          duet.example                     | it has no scheme
          null                             | it has no scheme
          ftp://duet.example               | the scheme must be http or https
          wss://duet.example               | the scheme must be http or https
          https://duet.example/            | no path, query or fragment
          https://duet.example/app         | no path, query or fragment
          https://duet.example?x=1         | no path, query or fragment
          https://duet.example#top         | no path, query or fragment
          https://user:pw@duet.example     | no user info
          https://duet.example:99999       | the host or port is not valid
          https://duet.example:0           | the host or port is not valid
          https://                         | the host or port is not valid
          https://[::g]                    | the host or port is not valid
          'https://duet example'           | the host or port is not valid
          https://a.example, duet.example  | it has no scheme
          """)
  void aMalformedEntryIsNamed(String setting, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.parse(setting));
    assertTrue(e.getMessage().startsWith("ALLOWED_ORIGINS: \""), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void aWildcardIsNotCombinedWithOrigins() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OriginPolicy.parse("*, https://duet.example"));
    assertTrue(e.getMessage().contains("cannot be combined"), e.getMessage());
  }
}
