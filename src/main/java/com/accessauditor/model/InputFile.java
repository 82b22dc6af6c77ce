package com.accessauditor.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file a person gives us (an error message, a baseline, an export, a saved event): a regular file of
 * bounded size, in UTF-8 or UTF-16 as Windows PowerShell saves it. A device such as /dev/zero, a pipe that
 * never ends or a file larger than the limit is refused by name before anything is read into memory.
 */
public final class InputFile {
  private InputFile() {}

  /** A file that cannot be used, with a message that names it and says what to do. */
  public static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The file's text.
   *
   * @throws NoSuchFileException when there is no such file
   * @throws Refused when it is not a regular file, is larger than maxBytes, or is not UTF-8 or UTF-16 text
   */
  public static String read(Path file, long maxBytes) throws IOException {
    usable(file, maxBytes);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) maxBytes + 1); // it may have grown since it was measured
    }
    if (bytes.length > maxBytes) {
      throw new Refused(file + ": grew past the " + maxBytes + " bytes this input may be while it was read");
    }
    try {
      return decode(bytes);
    } catch (CharacterCodingException e) {
      throw new Refused(file + ": is neither UTF-8 nor UTF-16 text (" + e.getMessage() + "); save it as UTF-8");
    }
  }

  /** A regular file, no larger than maxBytes. */
  private static void usable(Path file, long maxBytes) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) {
      throw new Refused(file + ": is not a regular file (" + (Files.isDirectory(file) ? "a folder"
          : "a device or pipe") + "): give a saved file");
    }
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new Refused(file + ": is " + size + " bytes, over the " + maxBytes + " this input may be");
    }
  }

  /**
   * The file's text as a stream, for files too large to hold: the same checks and the same decoding as
   * {@link #read}; bytes that are not text fail the read that meets them with a {@link Refused}.
   */
  public static java.io.Reader reader(Path file, long maxBytes) throws IOException {
    usable(file, maxBytes);
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(4);
    byte[] head = in.readNBytes(3);
    in.reset();
    Encoding encoding = encodingOf(head);
    in.skipNBytes(encoding.skip());
    java.nio.charset.CharsetDecoder decoder = encoding.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new java.io.InputStreamReader(in, decoder) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        try {
          return super.read(buffer, offset, length);
        } catch (CharacterCodingException e) {
          throw new Refused(file + ": is neither UTF-8 nor UTF-16 text (" + e.getMessage() + "); save it as UTF-8");
        }
      }
    };
  }

  /**
   * Text in UTF-8 (with or without a byte-order mark) or UTF-16 (the default of {@code >} in Windows
   * PowerShell 5), either byte order. Malformed bytes are an error, never silently replaced.
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    Encoding encoding = encodingOf(bytes);
    return encoding.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, encoding.skip(), bytes.length - encoding.skip())).toString();
  }

  private record Encoding(Charset charset, int skip) {}

  /** From the first bytes: a byte-order mark, or the zero bytes of UTF-16 without one; else UTF-8. */
  private static Encoding encodingOf(byte[] head) {
    if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      return new Encoding(StandardCharsets.UTF_8, 3);
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return new Encoding(StandardCharsets.UTF_16LE, 2);
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return new Encoding(StandardCharsets.UTF_16BE, 2);
    } else if (head.length >= 2 && head[0] != 0 && head[1] == 0) {
      return new Encoding(StandardCharsets.UTF_16LE, 0);
    } else if (head.length >= 2 && head[0] == 0 && head[1] != 0) {
      return new Encoding(StandardCharsets.UTF_16BE, 0);
    }
    return new Encoding(StandardCharsets.UTF_8, 0);
  }
}
