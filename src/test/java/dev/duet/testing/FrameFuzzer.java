package dev.duet.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile text frames for the WebSocket, the same ones for the same seed, in eight categories drawn
 * evenly (see {@link Category}).
 *
 * <p>Every room id the frames name starts with {@link #ROOM_PREFIX}, so a test can tell the rooms
 * the fuzzer made from its own. Messages to other users aim at the {@code targets} given (by
 * default {@code bystander-a} and {@code bystander-b}) half of the time, else at made-up ids. Every
 * frame is a well-formed Java string (no unpaired surrogate), so it can be sent as a text frame; a
 * lone surrogate appears only as a JSON escape. No frame is larger than 70,000 bytes in UTF-8.
 */
public final class FrameFuzzer {
  public static final String ROOM_PREFIX = "fz-";

  /** What a frame tries. */
  public enum Category {
    /** Random bytes read as text, from nothing to 8 KB: mostly not JSON. */
    RANDOM_BYTES,
    /** A well-formed message cut short: never valid JSON. */
    TRUNCATED_JSON,
    /** 1,000 to 10,000 nested arrays or objects, mostly in a payload; some never closed. */
    DEEP_NESTING,
    /** Valid JSON of 40,000 to 60,000 bytes, and a few just over 64 KiB. */
    HUGE,
    /** Valid JSON of a known type with a field of the wrong type, or a duplicate key. */
    WRONG_TYPES,
    /** Valid JSON with an unknown, miscased or missing type, or not an object at all. */
    UNKNOWN_TYPE,
    /**
     * Escaped lone surrogates, zero-width joiners, RTL marks, control characters, NUL, long ids.
     */
    UNICODE,
    /** A well-formed message the sender may not send now: a room it is not in, not its peer. */
    INVALID_STATE
  }

  /** A frame and the category it was made for. */
  public record Frame(Category category, String text) {
    public int utf8Bytes() {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  /** The message types a client may send, each made by {@link #valid(String)}. */
  public static final List<String> TYPES =
      List.of(
          "join_room",
          "leave_room",
          "get_rooms",
          "webrtc_offer",
          "webrtc_answer",
          "webrtc_candidate",
          "hangup",
          "chat_message",
          "ping",
          "request_random_peer",
          "user_available_webrtc",
          "user_unavailable_webrtc",
          "block_peer",
          "report_peer",
          "accept_terms",
          "solve_challenge",
          "refresh_ice",
          "call_stats");

  private static final String[] NOT_STRING = {
    "42", "-1", "1.5e300", "true", "false", "null", "{}", "[]", "[\"fz-a\"]", "{\"id\":\"fz-a\"}"
  };
  private static final String[] NOT_OBJECT = {
    "\"v=0\"", "42", "true", "[]", "[{}]", "\"\"", "[\"sdp\"]"
  };
  private static final String[] NOT_ARRAY = {"{}", "{\"music\":true}", "\"music\"", "7", "true"};
  private static final String[] UNKNOWN_TYPES = {
    "\"JOIN_ROOM\"",
    "\"join_room \"",
    "\" join_room\"",
    "\"Join_Room\"",
    "\"joinRoom\"",
    "\"\"",
    "\"pong\"",
    "\"session\"",
    "\"error\"",
    "\"error_response\"",
    "\"room_joined\"",
    "\"__proto__\"",
    "\"constructor\"",
    "\"join_room\\u0000\"",
    "\"ping\\n\""
  };
  private static final String[] NOT_OBJECTS = {
    "[]",
    "[{\"type\":\"ping\"}]",
    "\"ping\"",
    "42",
    "null",
    "true",
    "{}",
    "{\"room\":\"fz-x\"}",
    "{\"Type\":\"ping\"}",
    "{\"type\":null}"
  };

  /** Inside a JSON string literal: the text is already escaped. */
  private static final String[] ODD_TEXT = {
    "\\ud800",
    "\\udfff",
    "\\udc00\\ud800",
    "a\\ud83d",
    "\u200d",
    "\ud83d\udc69\u200d\ud83d\udcbb",
    "\u200b",
    "\ufeff",
    "\u2060",
    "\u202e",
    "\u200f",
    "\u061c",
    "\\u0000",
    "\\u0007",
    "\\u001b[31m",
    "\\u001f",
    "\\r\\n",
    "\\t",
    "\ud83d\ude00",
    "\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
    "\ud83c\uddfa\ud83c\uddf3",
    "e\u0301\u0301\u0301\u0301\u0301\u0301",
    "\uffff",
    "\ufffe",
    "\ufffd",
    "\\\\",
    "\\\"",
    "\\/"
  };

  private static final String[] ODD_IDS = {
    "a b", "../x", "a/b", "\\u0000", "%00", ".", "a\\\\b", " ", "a\\u0000b", "\u00e9", "a\tb"
  };
  private static final String[] INTERESTS = {
    "",
    " ",
    "music",
    "MUSIC",
    "Music ",
    "chess",
    "chess",
    "\ud83c\udfb8",
    "<b>x</b>",
    "x,y",
    "\u00e9t\u00e9"
  };
  private static final String ALNUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Random random;
  private final List<String> targets;
  private long messages;

  public FrameFuzzer(long seed) {
    this(seed, List.of("bystander-a", "bystander-b"));
  }

  /** A fuzzer whose signals, chats, blocks and reports aim at {@code targets} half of the time. */
  public FrameFuzzer(long seed, List<String> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target");
    }
    this.random = new Random(seed);
    this.targets = List.copyOf(targets);
  }

  public Frame next() {
    Category category = Category.values()[random.nextInt(Category.values().length)];
    String text =
        switch (category) {
          case RANDOM_BYTES -> randomText();
          case TRUNCATED_JSON -> truncated();
          case DEEP_NESTING -> deep();
          case HUGE -> huge();
          case WRONG_TYPES -> wrongType();
          case UNKNOWN_TYPE -> unknownType();
          case UNICODE -> unicode();
          case INVALID_STATE -> valid(type());
        };
    return new Frame(category, text);
  }

  /** A well-formed message of {@code type}, aimed at rooms and users the sender has no part in. */
  private String valid(String type) {
    return switch (type) {
      case "join_room", "leave_room" ->
          object("type", q(type), "room", q(room()), "messageId", id());
      case "webrtc_offer", "webrtc_answer" ->
          object(
              "type", q(type),
              "toUser", q(target()),
              "payload", object("type", q(type.substring("webrtc_".length())), "sdp", q(sdp())),
              "messageId", id());
      case "webrtc_candidate" ->
          object("type", q(type), "toUser", q(target()), "payload", candidate(), "messageId", id());
      case "hangup" ->
          object(
              "type", q(type),
              "toUser", q(target()),
              "payload", random.nextBoolean() ? "{}" : null,
              "messageId", id());
      case "chat_message" -> {
        boolean toRoom = random.nextBoolean();
        yield object(
            "type",
            q(type),
            toRoom ? "room" : "toUser",
            q(toRoom ? room() : target()),
            "payload",
            object("content", q(words(1 + random.nextInt(200)))),
            "messageId",
            id());
      }
      case "request_random_peer" ->
          object(
              "type", q(type),
              "payload",
                  object(
                      "interests",
                      interests(),
                      "currentPeerId",
                      random.nextBoolean() ? q(target()) : null),
              "messageId", id());
      case "block_peer" ->
          object("type", q(type), "payload", object("peerId", q(target())), "messageId", id());
      case "report_peer" ->
          object(
              "type", q(type),
              "payload",
                  object(
                      "peerId", q(target()),
                      "matchId", q(alnum(22)),
                      "reason", q(pick("spam", "abuse", "", words(300)))),
              "messageId", id());
      case "solve_challenge" ->
          object(
              "type", q(type),
              "payload",
                  object(
                      "solution",
                      q(pick("", alnum(40), "eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=", alnum(5000)))),
              "messageId", id());
      case "call_stats" ->
          object(
              "type", q(type),
              "payload",
                  object(
                      "event", q(pick("connected", "update", "ended", "failed", "", alnum(9))),
                      "setupMs", pick("840", "-1", "1e308", "\"NaN\"", "0.5"),
                      "localCandidate", q(pick("host", "relay", "srflx", alnum(300))),
                      "remoteCandidate", q(pick("host", "prflx", "")),
                      "protocol", q(pick("udp", "tcp", "sctp")),
                      "rttMs", pick("12.5", "-3", "1e400", "null", "[]"),
                      "packetLoss", pick("0", "0.01", "1.5", "\"x\""),
                      "iceRestarts", object("succeeded", pick("1", "21", "-1", "2.5")),
                      "reason", random.nextBoolean() ? q(pick("timeout", "dropped", "x")) : null),
              "messageId", id());
      case "accept_terms" ->
          object(
              "type", q(type),
              "payload",
                  object(
                      "version",
                      q(pick("1", "2026-12", "", alnum(70))),
                      "adult",
                      random.nextBoolean() ? "true" : "false"),
              "messageId", id());
      default -> object("type", q(type), "messageId", id());
    };
  }

  private String randomText() {
    int length =
        switch (random.nextInt(10)) {
          case 0, 1, 2 -> random.nextInt(65);
          case 9 -> random.nextInt(8193);
          default -> random.nextInt(1025);
        };
    String prefix = random.nextInt(4) == 0 ? "{\"type\":\"" : "";
    return switch (random.nextInt(4)) {
      case 0 -> prefix + new String(bytes(length), StandardCharsets.ISO_8859_1);
      case 1 -> prefix + codePoints(length);
      default -> prefix + new String(bytes(length), StandardCharsets.UTF_8);
    };
  }

  private String truncated() {
    String message = valid(type());
    int cut = 1 + random.nextInt(message.length() - 1);
    if (Character.isHighSurrogate(message.charAt(cut - 1))) {
      cut--;
    }
    return message.substring(0, cut);
  }

  private String deep() {
    int wanted = 1000 + random.nextInt(9001);
    return switch (random.nextInt(8)) {
      case 0 -> signal("webrtc_offer", nest("[", "1", "]", wanted));
      case 1 -> signal("webrtc_candidate", nest("{\"a\":", "{}", "}", wanted));
      case 2 ->
          object(
              "type",
              q("chat_message"),
              "room",
              q(room()),
              "payload",
              nest("{\"content\":", q("hi"), "}", wanted));
      case 3 -> nest("[", "{\"type\":\"ping\"}", "]", wanted);
      case 4 ->
          object(
              "type",
              q("request_random_peer"),
              "payload",
              object("interests", nest("[", "\"music\"", "]", wanted)));
      case 5 ->
          object(
              "type",
              q("join_room"),
              "room",
              q(room()),
              "extra",
              nest("[{\"a\":", "0", "}]", wanted));
      case 6 -> object("type", q("get_rooms"), "payload", nest("{\"a\":[", "null", "]}", wanted));
      default -> signal("webrtc_answer", nest(pick("[", "{\"a\":"), "", "", wanted));
    };
  }

  private String huge() {
    boolean overLimit = random.nextInt(8) == 0;
    int bytes = overLimit ? 65_537 + random.nextInt(1000) : 40_000 + random.nextInt(20_001);
    return switch (random.nextInt(6)) {
      case 0 -> fill(prefixOf(chat(), "\"content\":\""), "x", "\"}}", bytes);
      case 1 -> fill(prefixOf(chat(), "\"content\":\""), "\u20ac", "\"}}", bytes);
      case 2 -> fill(prefixOf(chat(), "\"content\":\""), "\\u00e9", "\"}}", bytes);
      case 3 ->
          fill(
              "{\"type\":\"request_random_peer\",\"payload\":{\"interests\":[\"music\"",
              ",\"chess\"",
              "]}}",
              bytes);
      case 4 ->
          fill(
              "{\"type\":\"webrtc_offer\",\"toUser\":"
                  + q(target())
                  + ",\"payload\":{\"type\":\"offer\",\"sdp\":\"v=0",
              "\\r\\na=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host",
              "\"}}",
              bytes);
      default ->
          fill(
              "{\"type\":\"join_room\",\"room\":" + q(room()) + ",\"padding\":[0",
              ",1234567",
              "]}",
              bytes);
    };
  }

  private String wrongType() {
    return switch (random.nextInt(12)) {
      case 0 -> object("type", q(pick("join_room", "leave_room")), "room", pick(NOT_STRING));
      case 1 ->
          object(
              "type",
              q(pick("webrtc_offer", "webrtc_candidate", "hangup")),
              "toUser",
              pick(NOT_STRING),
              "payload",
              candidate());
      case 2 ->
          object(
              "type",
              q(pick("webrtc_offer", "webrtc_answer", "webrtc_candidate")),
              "toUser",
              q(target()),
              "payload",
              pick(NOT_OBJECT));
      case 3 ->
          object(
              "type",
              q("chat_message"),
              "room",
              q(room()),
              "payload",
              object("content", pick(NOT_STRING)));
      case 4 ->
          object("type", q("chat_message"), "toUser", q(target()), "payload", pick(NOT_OBJECT));
      case 5 ->
          object(
              "type",
              q("chat_message"),
              "room",
              q(room()),
              "toUser",
              q(target()),
              "payload",
              object("content", q("both")));
      case 6 ->
          object("type", q("request_random_peer"), "payload", object("interests", pick(NOT_ARRAY)));
      case 7 ->
          object(
              "type",
              q("request_random_peer"),
              "payload",
              random.nextBoolean()
                  ? pick(NOT_OBJECT)
                  : object("interests", "[1,{},[],null,true]", "currentPeerId", pick(NOT_STRING)));
      case 8 ->
          object(
              "type",
              q(pick("block_peer", "report_peer")),
              "payload",
              random.nextBoolean() ? pick(NOT_OBJECT) : object("peerId", pick(NOT_STRING)));
      case 9 ->
          random.nextBoolean()
              ? object(
                  "type",
                  q(pick("accept_terms", "solve_challenge")),
                  "payload",
                  random.nextBoolean()
                      ? pick(NOT_OBJECT)
                      : object(
                          "version",
                          pick(NOT_STRING),
                          "adult",
                          pick(NOT_STRING),
                          "solution",
                          pick(NOT_STRING)))
              : object(
                  "type",
                  q("report_peer"),
                  "payload",
                  object(
                      "peerId",
                      q(target()),
                      "matchId",
                      pick(NOT_STRING),
                      "reason",
                      pick(NOT_STRING)));
      case 10 ->
          object(
              "type",
              q(type()),
              "room",
              q(room()),
              "toUser",
              q(target()),
              "messageId",
              pick(NOT_STRING));
      default ->
          pick(
              object("type", pick(NOT_STRING), "room", q(room())),
              "{\"type\":\"ping\",\"type\":\"join_room\",\"room\":" + q(room()) + "}",
              "{\"type\":\"join_room\",\"room\":" + q(room()) + ",\"room\":" + q(room()) + "}");
    };
  }

  private String unknownType() {
    if (random.nextInt(3) == 0) {
      return pick(NOT_OBJECTS);
    }
    String type =
        random.nextInt(4) == 0 ? q("x-" + alnum(1 + random.nextInt(30))) : pick(UNKNOWN_TYPES);
    return object(
        "type", type, "room", q(room()), "toUser", q(target()), "payload", "{}", "messageId", id());
  }

  private String unicode() {
    return switch (random.nextInt(9)) {
      case 0 ->
          object("type", q("chat_message"), "room", q(room()), "payload", object("content", odd()));
      case 1 ->
          object(
              "type",
              q("chat_message"),
              "toUser",
              odd(q(target())),
              "payload",
              object("content", odd()));
      case 2 -> object("type", q(pick("join_room", "leave_room")), "room", oddRoom());
      case 3 ->
          object(
              "type",
              q(pick("webrtc_offer", "webrtc_candidate", "hangup")),
              "toUser",
              oddId(),
              "payload",
              candidate());
      case 4 -> object("type", q(pick("ping", "get_rooms")), "messageId", odd());
      case 5 ->
          object(
              "type",
              q("request_random_peer"),
              "payload",
              object("interests", "[" + odd() + "," + odd() + "]"));
      case 6 ->
          object(
              "type",
              q("report_peer"),
              "payload",
              object("peerId", oddId(), "matchId", odd(), "reason", odd()));
      case 7 -> object("ty\\u0070e", q(pick("ping", "join_room")), "room", q(room()));
      default ->
          object(
              "type",
              q(pick("join_room", "webrtc_offer")),
              "room",
              q(ROOM_PREFIX + "r".repeat(1000 + random.nextInt(4000))),
              "toUser",
              q("u".repeat(1000 + random.nextInt(4000))),
              "messageId",
              q("m".repeat(5000)));
    };
  }

  private String signal(String type, String payload) {
    return object("type", q(type), "toUser", q(target()), "payload", payload, "messageId", id());
  }

  private String chat() {
    return object(
        "type", q("chat_message"), "room", q(room()), "payload", object("content", q("")));
  }

  private String candidate() {
    return object(
        "candidate",
            q("candidate:1 1 udp 2122260223 192.0.2." + random.nextInt(256) + " 54321 typ host"),
        "sdpMid", q("0"),
        "sdpMLineIndex", "0");
  }

  private String sdp() {
    return "v=0\r\no=- "
        + random.nextLong()
        + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  }

  private String interests() {
    StringBuilder array = new StringBuilder("[");
    int count = random.nextInt(4) == 0 ? 100 : random.nextInt(8);
    for (int i = 0; i < count; i++) {
      array.append(i == 0 ? "" : ",");
      array.append(q(random.nextInt(10) == 0 ? "a".repeat(200) : pick(INTERESTS)));
    }
    return array.append(']').toString();
  }

  private String odd() {
    return odd("\"\"");
  }

  /** The JSON string {@code literal} with odd characters mixed in. */
  private String odd(String literal) {
    StringBuilder text = new StringBuilder(literal.substring(0, literal.length() - 1));
    for (int i = random.nextInt(6); i >= 0; i--) {
      text.append(pick(ODD_TEXT));
      if (random.nextBoolean()) {
        text.append(words(1 + random.nextInt(10)));
      }
    }
    if (random.nextInt(8) == 0) {
      text.append((char) random.nextInt(0x20));
    }
    return text.append('"').toString();
  }

  private String oddId() {
    return random.nextBoolean() ? "\"" + pick(ODD_IDS) + "\"" : odd(q(target()));
  }

  private String oddRoom() {
    return "\"" + ROOM_PREFIX + pick(ODD_IDS) + "\"";
  }

  private String type() {
    return TYPES.get(random.nextInt(TYPES.size()));
  }

  private String room() {
    return ROOM_PREFIX + alnum(1 + random.nextInt(20));
  }

  private String target() {
    if (random.nextBoolean()) {
      return targets.get(random.nextInt(targets.size()));
    }
    return random.nextBoolean() ? "fz-u-" + alnum(1 + random.nextInt(20)) : alnum(22);
  }

  private String id() {
    return random.nextInt(10) < 7 ? q("fz-m-" + messages++) : null;
  }

  private String words(int length) {
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  private String alnum(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return text.toString();
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private String codePoints(int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        text.appendCodePoint(codePoint);
      }
    }
    return text.toString();
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** {@code open} nested to a depth that fits in 60,000 bytes, at most {@code wanted}. */
  private static String nest(String open, String inner, String close, int wanted) {
    int depth = Math.min(wanted, 60_000 / (open.length() + close.length()));
    return open.repeat(depth) + inner + close.repeat(depth);
  }

  /** {@code prefix}, then {@code unit} repeated until the frame has {@code bytes} bytes or more. */
  private static String fill(String prefix, String unit, String suffix, int bytes) {
    int fixed = utf8(prefix) + utf8(suffix);
    int count = Math.max(0, (bytes - fixed + utf8(unit) - 1) / utf8(unit));
    return prefix + unit.repeat(count) + suffix;
  }

  private static String prefixOf(String message, String upToAndIncluding) {
    return message.substring(0, message.indexOf(upToAndIncluding) + upToAndIncluding.length());
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A JSON object of key and raw JSON value pairs; a {@code null} value leaves its key out. */
  private static String object(String... keysAndValues) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] == null) {
        continue;
      }
      json.append(json.length() > 1 ? "," : "");
      json.append('"').append(keysAndValues[i]).append("\":").append(keysAndValues[i + 1]);
    }
    return json.append('}').toString();
  }

  /** {@code text} as a JSON string literal. */
  private static String q(String text) {
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
