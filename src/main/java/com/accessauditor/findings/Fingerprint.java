package com.accessauditor.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable identity of a problem: a hash of kind, subject, scope and role. ARM ids compare
 * case-insensitively, so they are lower-cased first; a re-run finds the same row and updates it.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(FindingKind kind, String subject, String scope, String role) {
    return hash(String.join("\n", kind.name(), norm(subject), norm(scope), norm(role)));
  }

  /** The first 32 hex digits of SHA-256: short enough for a table key, long enough never to collide here. */
  public static String hash(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static String norm(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }
}
