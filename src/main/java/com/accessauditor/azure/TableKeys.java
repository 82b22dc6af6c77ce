package com.accessauditor.azure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Table Storage keys may not contain '/', '\', '#', '?' or control characters. ARM ids are full of '/',
 * so keys are percent-encoded (reversibly, and still readable) and OData string literals are escaped.
 */
final class TableKeys {
  static final String TENANT_PARTITION = "tenant";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private TableKeys() {}

  /** Keys are limited to 1 KiB; longer ids keep a readable start and a hash of the whole. */
  static final int MAX_KEY = 512;

  static String encode(String value) {
    String encoded = percentEncoded(value);
    if (encoded.length() <= MAX_KEY) {
      return encoded;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return encoded.substring(0, 200) + "~" + java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String percentEncoded(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' || c == '/' || c == '\\' || c == '#' || c == '?' || c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The value a short key was made from (long ones are hashed and are not decoded). */
  static String decode(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '%' && i + 2 < key.length()) {
        out.append((char) Integer.parseInt(key.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The partition for rows about one subscription; tenant-level rows (management groups, root) share one. */
  static String subscriptionPartition(String subscriptionId) {
    return subscriptionId == null || subscriptionId.isBlank()
        ? TENANT_PARTITION
        : encode(subscriptionId.toLowerCase(Locale.ROOT));
  }

  static String dayPartition(Instant time) {
    return DAY.format(time);
  }

  /** An OData string literal: single quotes doubled, so a value can never end the literal. */
  static String odataString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
