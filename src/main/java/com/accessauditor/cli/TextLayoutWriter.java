package com.accessauditor.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/** Lays out each line a text-mode command prints to fit the terminal ({@link TextLayout}). */
final class TextLayoutWriter extends FilterWriter {
  private final TextLayout layout;
  private final StringBuilder line = new StringBuilder();

  TextLayoutWriter(Writer out, TextLayout layout) {
    super(out);
    this.layout = layout;
  }

  @Override
  public void write(int c) throws IOException {
    if (c == '\n') {
      emit();
      out.write('\n');
    } else if (c != '\r' || !System.lineSeparator().contains("\r")) {
      line.append((char) c);
    }
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(chars[i]);
    }
  }

  @Override
  public void write(String text, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(text.charAt(i));
    }
  }

  private void emit() throws IOException {
    java.util.List<String> lines = layout.lay(line.toString());
    for (int i = 0; i < lines.size(); i++) {
      out.write((i == 0 ? "" : System.lineSeparator()) + lines.get(i));
    }
    line.setLength(0);
  }

  /** What is not yet a whole line goes out as it is: a flush means someone is waiting for it. */
  @Override
  public void flush() throws IOException {
    if (line.length() > 0) {
      out.write(line.toString());
      line.setLength(0);
    }
    out.flush();
  }
}
