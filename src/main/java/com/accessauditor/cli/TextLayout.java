package com.accessauditor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.accessauditor.model.ShortIds;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fits text output to the terminal ({@code COLUMNS}, default 100). A line that is too long is laid out by
 * what it is: a command stays whole and copy-pasteable, wrapped between its options with a backslash; prose
 * has its ARM ids and GUIDs shortened ({@code rg-app/…/stordersdata}, {@code 5e0c0a1d…}) and is wrapped at
 * spaces under its own indent. JSON and CSV are never laid out: they carry every id whole.
 */
final class TextLayout {
  static final int DEFAULT_WIDTH = 100;
  private static final int MIN_WIDTH = 60;
  private static final Pattern COMMAND = Pattern.compile(
      "^(\\s*(?:[a-z]+: )?)((?:az|access-auditor|curl|java|npm|npx|export|Connect-AzAccount|Get-Az\\w*|Set-Az\\w*) .*)$");
  private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*(?:- |-> |\\d+\\. |(?:ALERT )?\\[[^\\]]{1,20}\\] ))");
  /** A shell comment: wrapped lines stay comments, so a pasted block still runs. */
  private static final Pattern COMMENT = Pattern.compile("^(\\s*# )");
  /** A gap of two or more spaces between columns (a table row, "event 1 RECORDED   text"). */
  private static final Pattern COLUMN_GAP = Pattern.compile("\\S {2,}(?=\\S)");
  /** Text that starts further right than this is not hung under: the wrapped lines would be too short. */
  private static final int MAX_HANG = 60;

  private final int width;

  TextLayout(int width) {
    this.width = Math.max(MIN_WIDTH, width);
  }

  /** The terminal's width as the shell exports it, else {@link #DEFAULT_WIDTH}. */
  static TextLayout forTerminal(Map<String, String> env) {
    try {
      return new TextLayout(Integer.parseInt(env.getOrDefault("COLUMNS", "").trim()));
    } catch (NumberFormatException e) {
      return new TextLayout(DEFAULT_WIDTH);
    }
  }

  int width() {
    return width;
  }

  /** One line as printed (no line break in it), laid out as one or more lines. */
  List<String> lay(String line) {
    if (line.length() <= width) {
      return List.of(line);
    }
    Matcher command = COMMAND.matcher(line);
    if (command.matches()) {
      return command(command.group(1), command.group(2));
    }
    // A comment in a fix block often holds a command or a URL to paste: its ids stay whole.
    return prose(COMMENT.matcher(line).find() ? line : shorten(line));
  }

  /** ARM ids and GUIDs in prose, shortened to what a reader tells them apart by. */
  static String shorten(String text) {
    return ShortIds.in(text);
  }

  /** Wrapped between options: each line ends with " \" and the next is indented under the command. */
  private List<String> command(String prefix, String command) {
    List<String> parts = options(command);
    List<String> out = new ArrayList<>();
    String continuation = " ".repeat(prefix.length() + 4);
    StringBuilder current = new StringBuilder(prefix).append(parts.get(0));
    for (String part : parts.subList(1, parts.size())) {
      if (current.length() + 1 + part.length() + 2 > width) {
        out.add(current.append(" \\").toString());
        current = new StringBuilder(continuation).append(part);
      } else {
        current.append(' ').append(part);
      }
    }
    out.add(current.toString());
    return out;
  }

  /** The command cut before each option ("--x value" stays together), never inside quotes. */
  private static List<String> options(String command) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      if (quote == 0 && c == ' ' && command.startsWith("--", i + 1) && part.length() > 0) {
        parts.add(part.toString());
        part.setLength(0);
        continue;
      }
      part.append(c);
    }
    parts.add(part.toString());
    return parts;
  }

  /** Where wrapped lines start: under a list item's text, else under the last column, else the indent. */
  private static int hang(String line) {
    Matcher item = LIST_ITEM.matcher(line);
    int at = item.find() ? item.group(1).length() : line.length() - line.stripLeading().length();
    Matcher gap = COLUMN_GAP.matcher(line);
    while (gap.find() && gap.end() <= MAX_HANG) {
      at = Math.max(at, gap.end());
    }
    return at;
  }

  /** Wrapped at spaces; continuation lines hang under the text of a list item, else under the indent. */
  private List<String> prose(String line) {
    if (line.length() <= width) {
      return List.of(line);
    }
    Matcher comment = COMMENT.matcher(line);
    String hang = comment.find() ? comment.group(1) : " ".repeat(hang(line));
    List<String> out = new ArrayList<>();
    String rest = line;
    String lead = "";
    while ((lead + rest).length() > width) {
      String text = lead + rest;
      int cut = text.lastIndexOf(' ', width);
      if (cut <= hang.length()) {
        cut = text.indexOf(' ', width); // one word longer than the line: it stays whole
        if (cut < 0) {
          break;
        }
      }
      out.add(text.substring(0, cut).stripTrailing());
      rest = text.substring(cut + 1).stripLeading();
      lead = hang;
    }
    out.add(lead + rest);
    return out;
  }
}
