package com.accessauditor.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ARM ids and GUIDs as a person tells them apart, for text and pages ({@code rg-app/…/stordersdata},
 * {@code subscription 11111111…}, {@code 5e0c0a1d…}); JSON and CSV keep them whole.
 */
public final class ShortIds {
  private static final Pattern ARM_ID = Pattern.compile(
      "/subscriptions/([0-9a-fA-F-]{36})(?:/resourceGroups/([^/\\s,;:)'\"]+))?((?:/providers/[^\\s,;:)'\"]+)?)");
  private static final Pattern MANAGEMENT_GROUP = Pattern.compile(
      "/providers/Microsoft\\.Management/managementGroups/([^/\\s,;:)'\"]+)");
  private static final Pattern GUID = Pattern.compile(
      "(?<![0-9a-fA-F-])([0-9a-fA-F]{8})-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-fA-F-])");

  private ShortIds() {}

  /** The text with its ARM ids and GUIDs shortened. */
  public static String in(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = ARM_ID.matcher(text);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(shortId(m.group(1), m.group(2), m.group(3))));
    }
    m.appendTail(out);
    String s = MANAGEMENT_GROUP.matcher(out.toString()).replaceAll("management group $1");
    return GUID.matcher(s).replaceAll("$1…");
  }

  private static String shortId(String subscription, String group, String provider) {
    String last = provider == null || provider.isEmpty() ? "" : provider.substring(provider.lastIndexOf('/') + 1);
    if (group == null) {
      return last.isEmpty() ? "subscription " + subscription.substring(0, 8) + "…"
          : "subscription " + subscription.substring(0, 8) + "…/…/" + last;
    }
    return last.isEmpty() ? "resource group " + group : group + "/…/" + last;
  }
}
