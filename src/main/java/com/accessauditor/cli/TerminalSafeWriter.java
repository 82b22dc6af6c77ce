package com.accessauditor.cli;

import com.accessauditor.model.Text;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * The last guard before the terminal: whatever a command prints, an escape sequence or other control
 * character in it is shown as an escape (a backslash and its code) and never obeyed, so a hostile display name cannot
 * clear the screen or rewrite what was printed. Line breaks and tabs the commands print themselves pass.
 */
final class TerminalSafeWriter extends FilterWriter {
  private static final boolean CRLF = System.lineSeparator().contains("\r");

  TerminalSafeWriter(Writer out) {
    super(out);
  }

  @Override
  public void write(int c) throws IOException {
    char ch = (char) c;
    if (passes(ch)) {
      out.write(c);
    } else {
      out.write(Text.safe(String.valueOf(ch)));
    }
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (!passes(chars[i])) {
        out.write(chars, start, i - start);
        out.write(Text.safe(String.valueOf(chars[i])));
        start = i + 1;
      }
    }
    out.write(chars, start, offset + length - start);
  }

  @Override
  public void write(String text, int offset, int length) throws IOException {
    write(text.toCharArray(), offset, length);
  }

  private static boolean passes(char c) {
    return c == '\n' || c == '\t' || (c == '\r' && CRLF) || Character.isSurrogate(c) || !Text.unsafe(c);
  }
}
