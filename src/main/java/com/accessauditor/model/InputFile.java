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

  /**
   * Text in UTF-8 (with or without a byte-order mark) or UTF-16 (the default of {@code >} in Windows
   * PowerShell 5), either byte order. Malformed bytes are an error, never silently replaced.
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
      skip = 3;
    } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (bytes.length >= 2 && bytes[0] != 0 && bytes[1] == 0) {
      charset = StandardCharsets.UTF_16LE;
    } else if (bytes.length >= 2 && bytes[0] == 0 && bytes[1] != 0) {
      charset = StandardCharsets.UTF_16BE;
    }
    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
  }
}
