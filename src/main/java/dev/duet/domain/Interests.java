package dev.duet.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Interest tags for random matching: at most {@value #MAX_TAGS} tags, compared stripped and
 * case-folded, each of 1 to {@value #MAX_LENGTH} characters (UTF-16 units) as folded, so that what
 * is stored and compared has that bound too (folding can lengthen text: {@code İ} becomes two
 * characters). Duplicates after folding count once.
 */
public final class Interests {
  public static final int MAX_TAGS = 10;
  public static final int MAX_LENGTH = 32;

  private Interests() {}

  /** The tags folded to lower case, or {@link ErrorCode#BAD_MESSAGE} if any is out of bounds. */
  public static Set<String> normalize(Collection<String> tags) {
    if (tags == null) {
      return Set.of();
    }
    if (tags.size() > MAX_TAGS) {
      throw invalid();
    }
    Set<String> folded = new TreeSet<>();
    for (String tag : tags) {
      if (tag == null || hasControl(tag)) {
        throw invalid();
      }
      String normal = tag.strip().toLowerCase(Locale.ROOT);
      if (normal.isEmpty() || normal.length() > MAX_LENGTH) {
        throw invalid();
      }
      folded.add(normal);
    }
    return Set.copyOf(folded);
  }

  private static boolean hasControl(String tag) {
    return tag.chars().anyMatch(Character::isISOControl);
  }

  private static RuleViolation invalid() {
    return new RuleViolation(
        ErrorCode.BAD_MESSAGE,
        "Interests are at most " + MAX_TAGS + " tags of 1 to " + MAX_LENGTH + " characters each.");
  }
}
