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
    String canonical = String.join("\n", kind.name(), norm(subject), norm(scope), norm(role));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static String norm(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }
}
