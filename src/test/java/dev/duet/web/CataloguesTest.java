package dev.duet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The message catalogues of the page and the admin view ({@code webapp/i18n/<lang>.json}, read by
 * {@code webapp/js/i18n.js}) are complete and match the code: every catalogue has every key of the
 * English one (plural forms aside) with the same {@code {placeholders}}, and no key twice; every
 * key the code names (the first argument of {@code t}, {@code tn} and {@code msg}, a string literal
 * that names a key of a known area such as {@code 'status.connected'}, {@code data-i18n} and {@code
 * data-i18n-attr} in the HTML) is in the catalogues, and every key of the catalogues is used; the
 * languages {@code i18n.js} offers are the catalogues shipped; and the HTML pages hold no words a
 * catalogue does not give them (text, {@code placeholder}, {@code title}, {@code aria-label}, a
 * meta description).
 */
class CataloguesTest {
  private static final Path WEBAPP = Path.of("webapp");
  private static final Path CATALOGUES = WEBAPP.resolve("i18n");
  private static final List<String> PAGES = List.of("index.html", "terms.html", "admin/index.html");
  private static final Set<String> PLURAL_FORMS =
      Set.of("zero", "one", "two", "few", "many", "other");
  private static final Pattern CALL =
      Pattern.compile("\\b(t|tn|msg)\\(\\s*(?:'([^']*)'|\"([^\"]*)\"|(`))");
  private static final Pattern LITERAL = Pattern.compile("'([a-z][A-Za-z]*(?:\\.[A-Za-z0-9_]+)+)'");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  /** Words that are the same in every language: the name of the service. */
  private static final Set<String> NAMES = Set.of("Duet");

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A catalogue's entries in file order; a key written twice fails. */
  static Map<String, String> catalogue(Path file) {
    Map<String, String> entries = new LinkedHashMap<>();
    try (JsonParser parser = Json.createParser(new StringReader(read(file)))) {
      assertEquals(JsonParser.Event.START_OBJECT, parser.next(), file + " is a JSON object");
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (event == JsonParser.Event.END_OBJECT) {
          break;
        }
        String key = parser.getString();
        assertEquals(
            JsonParser.Event.VALUE_STRING, parser.next(), file + ": " + key + " is a string");
        assertFalse(entries.containsKey(key), file + " has " + key + " twice");
        entries.put(key, parser.getString());
      }
    }
    return entries;
  }

  static Map<String, Map<String, String>> catalogues() {
    try (Stream<Path> files = Files.list(CATALOGUES)) {
      Map<String, Map<String, String>> all = new TreeMap<>();
      files
          .filter(f -> f.toString().endsWith(".json"))
          .forEach(f -> all.put(f.getFileName().toString().replace(".json", ""), catalogue(f)));
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "admin.reports.users.one" is a plural form of "admin.reports.users". */
  private static boolean pluralForm(String key) {
    int dot = key.lastIndexOf('.');
    return dot > 0 && PLURAL_FORMS.contains(key.substring(dot + 1));
  }

  private static String base(String key) {
    return pluralForm(key) ? key.substring(0, key.lastIndexOf('.')) : key;
  }

  private static List<Path> scripts() {
    try (Stream<Path> files = Files.walk(WEBAPP)) {
      return files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys the code names, each with where. */
  static Map<String, String> usedKeys(Set<String> areas) {
    Map<String, String> used = new TreeMap<>();
    for (Path script : scripts()) {
      String source = read(script);
      Matcher call = CALL.matcher(source);
      while (call.find()) {
        assertTrue(
            call.group(4) == null,
            script + ": " + call.group(1) + "() is given a template, not a key one can check");
        used.putIfAbsent(call.group(2) != null ? call.group(2) : call.group(3), script.toString());
      }
      Matcher literal = LITERAL.matcher(source);
      while (literal.find()) {
        String key = literal.group(1);
        if (areas.contains(key.substring(0, key.indexOf('.')))) {
          used.putIfAbsent(key, script.toString());
        }
      }
    }
    for (String page : PAGES) {
      String html = read(WEBAPP.resolve(page));
      Matcher text = Pattern.compile("data-i18n=\"([^\"]+)\"").matcher(html);
      while (text.find()) {
        used.putIfAbsent(text.group(1), page);
      }
      Matcher attributes = Pattern.compile("data-i18n-attr=\"([^\"]+)\"").matcher(html);
      while (attributes.find()) {
        for (String pair : attributes.group(1).split(";")) {
          used.putIfAbsent(pair.split(":", 2)[1].trim(), page);
        }
      }
    }
    return used;
  }

  @Test
  void everyCatalogueHasEveryKeyWithTheSamePlaceholders() {
    Map<String, Map<String, String>> all = catalogues();
    Map<String, String> english = all.get("en");
    assertTrue(english != null && english.size() > 100, "the English catalogue is there");
    List<String> problems = new ArrayList<>();
    for (var language : all.entrySet()) {
      Map<String, String> words = language.getValue();
      for (String key : english.keySet()) {
        if (!words.containsKey(key)) {
          problems.add(language.getKey() + " has no " + key);
        } else if (!placeholders(words.get(key)).equals(placeholders(english.get(key)))) {
          problems.add(language.getKey() + ": " + key + " has other placeholders than in en");
        }
      }
      for (String key : words.keySet()) {
        if (!english.containsKey(key)
            && !(pluralForm(key) && english.containsKey(base(key) + ".other"))) {
          problems.add(language.getKey() + " has " + key + ", which en has not");
        }
      }
      String dir = words.get("dir");
      if (!"ltr".equals(dir) && !"rtl".equals(dir)) {
        problems.add(language.getKey() + ": dir is " + dir + ", not ltr or rtl");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher found = PLACEHOLDER.matcher(text);
    while (found.find()) {
      names.add(found.group(1));
    }
    return names;
  }

  @Test
  void everyKeyTheCodeUsesIsInEveryCatalogueAndEveryKeyIsUsed() {
    Map<String, Map<String, String>> all = catalogues();
    Set<String> areas =
        all.get("en").keySet().stream()
            .filter(k -> k.contains("."))
            .map(k -> k.substring(0, k.indexOf('.')))
            .collect(Collectors.toSet());
    Map<String, String> used = usedKeys(areas);
    assertTrue(used.size() > 100, "the code names its keys: " + used.size());
    List<String> problems = new ArrayList<>();
    for (var language : all.entrySet()) {
      Set<String> keys = language.getValue().keySet();
      used.forEach(
          (key, where) -> {
            if (!keys.contains(key) && !keys.contains(key + ".other")) {
              problems.add(where + " uses " + key + ", which " + language.getKey() + " has not");
            }
          });
    }
    for (String key : all.get("en").keySet()) {
      if (!key.equals("dir") && !used.containsKey(base(key))) {
        problems.add(key + " is used nowhere");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theLanguagesOfferedAreTheCataloguesShipped() {
    Matcher list =
        Pattern.compile("export const LANGUAGES = \\[([^\\]]*)]")
            .matcher(read(WEBAPP.resolve("js/i18n.js")));
    assertTrue(list.find(), "i18n.js lists its LANGUAGES");
    Set<String> offered =
        Stream.of(list.group(1).split(","))
            .map(s -> s.trim().replace("'", ""))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(catalogues().keySet(), offered);
    assertTrue(offered.size() >= 3 && offered.contains("en"), "English and two more: " + offered);
  }

  /**
   * The pages' own words all come from the catalogues: any text with a letter in it sits in an
   * element with data-i18n, and any placeholder, title, aria-label or meta content is named in its
   * data-i18n-attr.
   */
  @Test
  void thePagesHoldNoWordsOfTheirOwn() {
    List<String> problems = new ArrayList<>();
    Pattern tag =
        Pattern.compile(
            "<(/?)([a-zA-Z][\\w-]*)([^>]*?)(/?)>|<!--.*?-->|<!doctype[^>]*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    Pattern attribute =
        Pattern.compile("\\s(placeholder|title|aria-label|alt|content)=\"([^\"]*)\"");
    Set<String> empty = Set.of("input", "meta", "link", "br", "img", "hr", "source", "col", "wbr");
    for (String page : PAGES) {
      String html = read(WEBAPP.resolve(page));
      Deque<Boolean> translated = new ArrayDeque<>();
      translated.push(false);
      Matcher m = tag.matcher(html);
      int at = 0;
      while (m.find()) {
        text(page, html.substring(at, m.start()), translated.peek(), problems);
        at = m.end();
        if (m.group(2) == null) {
          continue;
        }
        String name = m.group(2).toLowerCase();
        String attributes = m.group(3);
        if (m.group(1).isEmpty()) {
          Matcher a = attribute.matcher(attributes);
          while (a.find()) {
            boolean words = a.group(2).matches(".*[A-Za-z].*");
            boolean named =
                attributes.matches("(?s).*data-i18n-attr=\"[^\"]*\\b" + a.group(1) + ":.*");
            boolean description =
                !name.equals("meta") || attributes.contains("name=\"description\"");
            if (words && description && !named) {
              problems.add(page + ": " + a.group(1) + "=\"" + a.group(2) + "\" on <" + name + ">");
            }
          }
          if (!empty.contains(name) && m.group(4).isEmpty()) {
            translated.push(translated.peek() || attributes.contains("data-i18n=\""));
          }
        } else if (translated.size() > 1) {
          translated.pop();
        }
      }
      text(page, html.substring(at), translated.peek(), problems);
    }
    assertEquals(List.of(), problems);
  }

  private static void text(String page, String text, boolean translated, List<String> problems) {
    String words = text.replaceAll("&[a-z]+;", " ").strip().replaceAll("\\s+", " ");
    if (!translated && words.matches(".*\\p{L}.*") && !NAMES.contains(words)) {
      problems.add(page + ": \"" + words + "\"");
    }
  }
}
