package com.accessauditor.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The pages people open in a browser (diagnose, findings): one shell that fits a phone and a wide screen, its
 * style and script inline and allowed by their hashes alone, and every value HTML-escaped by {@link #escape}.
 *
 * @param style the page's CSS, after the shared base
 * @param script the page's JavaScript, or empty
 */
public record HtmlPage(String style, String script) {
  private static final String BASE = String.join("",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}",
      "main{max-width:1000px;margin:0 auto;padding:16px}",
      "h1{font-size:1.4rem;margin:.5rem 0 1rem}",
      "form{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-top:24px}",
      "label{display:block;font-weight:600;margin-top:10px}",
      "input[type=text],textarea,select{width:100%;box-sizing:border-box;font-family:ui-monospace,monospace;",
      "font-size:.9rem;padding:6px}",
      "button[type=submit]{margin-top:12px;padding:8px 20px;font-size:1rem}",
      ".problem{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:8px 12px}");

  public HtmlPage {
    style = BASE + style;
  }

  /** Nothing but this page's own style and script, and forms sent back to where the page came from. */
  public String contentSecurityPolicy() {
    return "default-src 'none'; style-src '" + hash(style) + "';"
        + (script.isEmpty() ? "" : " script-src '" + hash(script) + "';")
        + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  }

  /** The whole page: its title as the heading, then the body (already escaped by the caller). */
  public String render(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
        + "</title><style>" + style + "</style></head><body><main><h1>" + escape(title) + "</h1>" + body
        + "</main>" + (script.isEmpty() ? "" : "<script>" + script + "</script>") + "</body></html>";
  }

  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String hash(String text) {
    try {
      return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
