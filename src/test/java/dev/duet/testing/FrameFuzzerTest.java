package dev.duet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.duet.testing.FrameFuzzer.Category;
import dev.duet.testing.FrameFuzzer.Frame;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameFuzzerTest {
  private static final List<Frame> FRAMES = frames(new FrameFuzzer(2026), 2000);

  @Test
  void theSameSeedGivesTheSameFrames() {
    assertEquals(frames(new FrameFuzzer(7), 500), frames(new FrameFuzzer(7), 500));
    assertNotEquals(frames(new FrameFuzzer(7), 50), frames(new FrameFuzzer(8), 50));
  }

  @Test
  void everyCategoryAppearsRoughlyEvenly() {
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    FRAMES.forEach(frame -> counts.merge(frame.category(), 1, Integer::sum));
    assertEquals(Set.of(Category.values()), counts.keySet());
    counts.forEach(
        (category, count) ->
            assertTrue(count > 150 && count < 350, category + " appeared " + count + " times"));
  }

  @Test
  void everyFrameIsSendableTextOfAtMost70000Bytes() {
    for (Frame frame : FRAMES) {
      assertTrue(frame.utf8Bytes() <= 70_000, frame.category() + ": " + frame.utf8Bytes());
      try {
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(frame.text()));
      } catch (CharacterCodingException e) {
        fail(frame.category() + " has an unpaired surrogate: " + e);
      }
    }
  }

  @Test
  void wellFormedMessagesOfEveryTypeAimAtStrangers() {
    Set<String> types = new HashSet<>();
    for (Frame frame : of(Category.INVALID_STATE)) {
      JsonObject message = parse(frame).orElseThrow().asJsonObject();
      types.add(message.getString("type"));
      assertTrue(FrameFuzzer.TYPES.contains(message.getString("type")), frame.text());
      if (message.containsKey("room")) {
        assertTrue(message.getString("room").startsWith(FrameFuzzer.ROOM_PREFIX), frame.text());
      }
    }
    assertEquals(Set.copyOf(FrameFuzzer.TYPES), types);
  }

  @Test
  void everyRoomNamedHasThePrefix() {
    int rooms = 0;
    for (Frame frame : FRAMES) {
      if (frame.category() == Category.DEEP_NESTING) {
        continue;
      }
      if (parse(frame).orElse(null) instanceof JsonObject message
          && message.get("room") instanceof JsonString room) {
        rooms++;
        assertTrue(room.getString().startsWith(FrameFuzzer.ROOM_PREFIX), frame.text());
      }
    }
    assertTrue(rooms > 300, "rooms " + rooms);
  }

  @Test
  void truncatedMessagesNeverParse() {
    for (Frame frame : of(Category.TRUNCATED_JSON)) {
      assertTrue(parse(frame).isEmpty(), frame.text());
      assertTrue(frame.text().startsWith("{"), frame.text());
    }
  }

  @Test
  void wrongTypesAndUnknownTypesAreValidJson() {
    for (Frame frame : of(Category.WRONG_TYPES)) {
      assertTrue(parse(frame).orElseThrow().asJsonObject().containsKey("type"), frame.text());
    }
    int notObjects = 0;
    for (Frame frame : of(Category.UNKNOWN_TYPE)) {
      JsonValue json = parse(frame).orElseThrow(() -> new AssertionError(frame.text()));
      if (!(json instanceof JsonObject message)) {
        notObjects++;
      } else if (message.get("type") instanceof JsonString type) {
        assertTrue(!FrameFuzzer.TYPES.contains(type.getString()), frame.text());
      }
    }
    assertTrue(notObjects > 10, "not objects " + notObjects);
  }

  @Test
  void deepFramesNestAtLeastAThousandLevels() {
    int unbalanced = 0;
    int deepest = 0;
    for (Frame frame : of(Category.DEEP_NESTING)) {
      int[] depth = depth(frame.text());
      assertTrue(depth[0] >= 1000, "depth " + depth[0] + ": " + frame.text().substring(0, 80));
      deepest = Math.max(deepest, depth[0]);
      if (depth[1] != 0) {
        unbalanced++;
      }
    }
    assertTrue(deepest >= 9000, "deepest " + deepest);
    assertTrue(unbalanced > 10, "unbalanced " + unbalanced);
  }

  @Test
  void hugeFramesAreValidJsonNearOrJustOverTheLimit() {
    int over = 0;
    for (Frame frame : of(Category.HUGE)) {
      int bytes = frame.utf8Bytes();
      assertTrue(parse(frame).isPresent(), frame.text().substring(0, 80));
      if (bytes > 65_536) {
        over++;
        assertTrue(bytes <= 67_000, "bytes " + bytes);
      } else {
        assertTrue(bytes >= 40_000 && bytes <= 61_000, "bytes " + bytes);
      }
    }
    assertTrue(over > 10, "over the limit " + over);
  }

  @Test
  void unicodeFramesCarryTheEdgeCases() {
    String all = String.join("\n", of(Category.UNICODE).stream().map(Frame::text).toList());
    for (String edge :
        List.of(
            "\\ud800", "\\udfff", "\u200d", "\u202e", "\\u0000", "\ud83d\ude00", "a b", "a/b")) {
      assertTrue(all.contains(edge), "missing " + edge);
    }
    assertTrue(all.contains("m".repeat(5000)), "a very long id");
  }

  @Test
  void messagesAimAtTheTargetsGiven() {
    List<Frame> frames = frames(new FrameFuzzer(3, List.of("alice", "bob")), 1000);
    Set<String> toUsers = new HashSet<>();
    Set<String> peerIds = new HashSet<>();
    for (Frame frame : frames) {
      if (frame.category() == Category.INVALID_STATE) {
        JsonObject message = parse(frame).orElseThrow().asJsonObject();
        if (message.containsKey("toUser")) {
          toUsers.add(message.getString("toUser"));
        }
        if (message.get("payload") instanceof JsonObject payload && payload.containsKey("peerId")) {
          peerIds.add(payload.getString("peerId"));
        }
      }
    }
    assertTrue(toUsers.containsAll(Set.of("alice", "bob")), toUsers.toString());
    assertTrue(peerIds.contains("alice") || peerIds.contains("bob"), peerIds.toString());
    assertTrue(toUsers.stream().anyMatch(user -> !user.equals("alice") && !user.equals("bob")));
  }

  private static List<Frame> frames(FrameFuzzer fuzzer, int count) {
    List<Frame> frames = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      frames.add(fuzzer.next());
    }
    return frames;
  }

  private static List<Frame> of(Category category) {
    List<Frame> frames = FRAMES.stream().filter(f -> f.category() == category).toList();
    assertTrue(frames.size() > 100, category + " " + frames.size());
    return frames;
  }

  private static Optional<JsonValue> parse(Frame frame) {
    try (var reader = Json.createReader(new StringReader(frame.text()))) {
      return Optional.of(reader.readValue());
    } catch (JsonException e) {
      return Optional.empty();
    }
  }

  /** The deepest nesting of arrays and objects outside strings, and the depth left at the end. */
  private static int[] depth(String json) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return new int[] {deepest, depth};
  }
}
