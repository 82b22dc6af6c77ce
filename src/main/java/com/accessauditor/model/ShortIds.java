package com.accessauditor.model;

import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ARM ids and GUIDs as a person tells them apart, for text and pages ({@code rg-app/…/stordersdata},
 * {@code subscription 11111111…}, {@code 5e0c0a1d…}); JSON and CSV keep them whole.
 */
public final class ShortIds {
  private static final Pattern ARM_ID = Pattern.compile(
      "/subscriptions/([0-9a-fA-F-]{36})(?:/resourceGroups/([^/\\s,;:)'\"]+))?((?:/providers/[^\\s,;:)'\"]+)?)",
      Pattern.CASE_INSENSITIVE); // ids in error messages and az output are often lower-case ("resourcegroups")
  private static final Pattern MANAGEMENT_GROUP = Pattern.compile(
      "/providers/Microsoft\\.Management/managementGroups/([^/\\s,;:)'\"]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern GUID_WHOLE = Pattern.compile(
      "(?<![0-9a-fA-F-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-fA-F-])");

  private ShortIds() {}

  /**
   * The text with its ARM ids and GUIDs shortened: to 8 characters, or as many more as it takes to tell
   * apart two different ids in the same text ("principal 0a1b2c3d-0001… to 0a1b2c3d-0002…").
   */
  public static String in(String text) {
    TreeSet<String> guids = new TreeSet<>();
    Matcher all = GUID_WHOLE.matcher(text);
    while (all.find()) {
      guids.add(all.group().toLowerCase(Locale.ROOT));
    }
    StringBuilder out = new StringBuilder();
    Matcher m = ARM_ID.matcher(text);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(shortId(m.group(1), m.group(2), m.group(3), guids)));
    }
    m.appendTail(out);
    String s = MANAGEMENT_GROUP.matcher(out.toString()).replaceAll("management group $1");
    return GUID_WHOLE.matcher(s).replaceAll(g -> Matcher.quoteReplacement(shortGuid(g.group(), guids)));
  }

  /** The shortest prefix, of at least 8 characters, that no other id in the text starts with. */
  private static String shortGuid(String guid, TreeSet<String> all) {
    String lower = guid.toLowerCase(Locale.ROOT);
    // In sorted order the ids sharing the longest prefix with this one are its neighbours.
    int shared = Math.max(common(lower, all.lower(lower)), common(lower, all.higher(lower)));
    int length = Math.max(8, shared + 1);
    return length >= guid.length() ? guid : guid.substring(0, length) + "…";
  }

  private static int common(String a, String b) {
    if (b == null) {
      return 0;
    }
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static String shortId(String subscription, String group, String provider, TreeSet<String> guids) {
    String last = provider == null || provider.isEmpty() ? "" : provider.substring(provider.lastIndexOf('/') + 1);
    if (group == null) {
      String sub = "subscription " + shortGuid(subscription, guids);
      return last.isEmpty() ? sub : sub + "/…/" + last;
    }
    return last.isEmpty() ? "resource group " + group : group + "/…/" + last;
  }
}
