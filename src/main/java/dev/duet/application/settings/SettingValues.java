package dev.duet.application.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The raw settings by name, and the checks every group of settings reads them with: a bad value
 * throws {@link IllegalArgumentException} naming the setting and what was expected.
 */
final class SettingValues {
  private final Function<String, Optional<String>> source;

  SettingValues(Function<String, Optional<String>> source) {
    this.source = source;
  }

  String text(String name, String fallback) {
    return source.apply(name).orElse(fallback);
  }

  <T> T parsed(String name, String fallback, Function<String, T> parser) {
    String text = text(name, fallback);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + text + ": " + e.getMessage(), e);
    }
  }

  int positive(String name, String fallback) {
    String text = text(name, fallback);
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + "=" + text + ": expected a positive whole number");
  }

  int positiveOrZero(String name, String fallback) {
    return text(name, fallback).trim().equals("0") ? 0 : positive(name, fallback);
  }

  List<String> list(String name) {
    return Arrays.stream(text(name, "").split(","))
        .map(String::trim)
        .filter(item -> !item.isEmpty())
        .toList();
  }

  Duration duration(String name, String fallback) {
    Duration value = durationOrZero(name, fallback);
    if (value.isZero()) {
      throw new IllegalArgumentException(
          name + "=" + text(name, fallback) + ": expected a positive duration");
    }
    return value;
  }

  Duration durationOrZero(String name, String fallback) {
    String text = text(name, fallback);
    Duration value;
    try {
      value = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + e.getMessage(), e);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + "=" + text + ": expected a duration of 0 or more");
    }
    return value;
  }
}
