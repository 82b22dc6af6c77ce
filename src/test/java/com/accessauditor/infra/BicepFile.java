package com.accessauditor.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a Bicep reader for the consistency checks: the compiler is not available here, so the
 * templates are read as text, without comments, by their top-level declarations.
 */
final class BicepFile {
  static final Path INFRA = Path.of("infra");
  private static final Pattern DECLARATION =
      Pattern.compile("^(?:@|var |param |resource |module |output |func |type |import |targetScope|extension |using )");
  private static final Pattern KEY = Pattern.compile("^\\s+'?([A-Za-z_][A-Za-z0-9_ ]*)'?\\s*:\\s*(.*)$");
  private static final Pattern STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

  final Path path;
  final String text;

  private BicepFile(Path path, String text) {
    this.path = path;
    this.text = text;
  }

  static BicepFile read(String relative) {
    Path path = INFRA.resolve(relative);
    try {
      return new BicepFile(path, withoutComments(Files.readString(path, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Drops // comments that are not inside a '...' string (URLs in strings keep their //). */
  private static String withoutComments(String source) {
    StringBuilder out = new StringBuilder();
    for (String line : source.split("\n", -1)) {
      boolean quoted = false;
      int cut = line.length();
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\' && quoted) {
          i++;
        } else if (c == '\'') {
          quoted = !quoted;
        } else if (!quoted && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
          cut = i;
          break;
        }
      }
      out.append(line, 0, cut).append('\n');
    }
    return out.toString();
  }

  /** The text of a top-level declaration, from its first line to the next declaration. */
  String declaration(String startsWith) {
    List<String> lines = List.of(text.split("\n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(startsWith)) {
        StringBuilder out = new StringBuilder(lines.get(i)).append('\n');
        for (int j = i + 1; j < lines.size() && !DECLARATION.matcher(lines.get(j)).find(); j++) {
          out.append(lines.get(j)).append('\n');
        }
        return out.toString();
      }
    }
    throw new AssertionError(path + " declares no '" + startsWith + "'");
  }

  /** The names of top-level declarations of a kind ("var", "param", "resource", ...). */
  List<String> declared(String kind) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^" + kind + " ([A-Za-z_][A-Za-z0-9_]*)").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Every '...' literal in a declaration. */
  static List<String> strings(String declaration) {
    List<String> out = new ArrayList<>();
    Matcher m = STRING.matcher(declaration);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The keys of the object literal(s) in a declaration, with the rest of their line. */
  static Map<String, String> keys(String declaration) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : declaration.split("\n")) {
      Matcher m = KEY.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), m.group(2).trim());
      }
    }
    return out;
  }

  /** The resources of a type, each as the text of its declaration. */
  List<String> resources(String type) {
    List<String> out = new ArrayList<>();
    for (String name : declared("resource")) {
      String d = declaration("resource " + name + " ");
      if (d.contains("'" + type + "@")) {
        out.add(d);
      }
    }
    return out;
  }

  /** Paths of modules and imports this file uses, relative to its folder. */
  Set<String> references() {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^(?:module \\w+ |import \\{[^}]*\\} from |using )'([^']+)'").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
