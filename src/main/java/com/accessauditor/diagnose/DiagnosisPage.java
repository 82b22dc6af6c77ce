package com.accessauditor.diagnose;

import com.accessauditor.model.HtmlPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The diagnosis page on-call opens in a browser: the verdict in colour, the reasons as a list with the likeliest
 * first, each fix in its own block with a copy button, and the form again with what was typed (and the
 * function key, so a second question needs no new sign-in). It fits a phone and a 1,200 px screen. Every value
 * is HTML-escaped; the page's only style and script are allowed by their hashes ({@link #CONTENT_SECURITY_POLICY}).
 */
public final class DiagnosisPage {
  private static final String STYLE = String.join("",
      ".verdict{border-radius:8px;padding:12px 16px;color:#fff;font-size:1.2rem;font-weight:600;overflow-wrap:anywhere}",
      ".ALLOWED{background:#1a7f37}.DENIED{background:#cf222e}.UNKNOWN{background:#9a6700}",
      "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:12px 0}",
      "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:.9rem}",
      "ol.reasons{padding-left:1.4rem}ol.reasons li{margin:.5rem 0;overflow-wrap:anywhere}",
      ".kind{display:inline-block;background:#ddf4ff;color:#0550ae;border-radius:4px;padding:0 6px;",
      "margin-right:6px;font-size:.8rem;font-weight:600}",
      ".fix{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:8px 0;padding:8px 12px}",
      ".fix p{margin:0 0 6px;color:#57606a}",
      ".fix pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}",
      "button.copy{float:right;margin-left:8px}");
  private static final String SCRIPT = String.join("",
      "document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',function(){",
      "var t=b.parentNode.querySelector('pre').textContent;",
      "if(navigator.clipboard){navigator.clipboard.writeText(t);}b.textContent='Copied';});});");
  private static final HtmlPage PAGE = new HtmlPage(STYLE, SCRIPT);
  /** Nothing but this page's own style and script, and forms sent back to where the page came from. */
  public static final String CONTENT_SECURITY_POLICY = PAGE.contentSecurityPolicy();

  private DiagnosisPage() {}

  /** The diagnosis, and the form again with what was typed, to ask the next question. */
  public static String answer(Diagnosis d, Map<String, String> typed) {
    StringBuilder body = new StringBuilder();
    AccessQuestion q = d.question();
    body.append("<div class=\"verdict ").append(d.verdict().name()).append("\" id=\"verdict\">")
        .append(d.verdict().name()).append(": ").append(escape(d.principal())).append("</div>");
    body.append("<dl><dt>Action</dt><dd>").append(escape(q.action())).append(" (")
        .append(q.kind().name().toLowerCase(Locale.ROOT)).append(" plane)</dd><dt>Scope</dt><dd>")
        .append(escape(q.scope().value())).append("</dd>");
    q.error().ifPresent(e -> body.append("<dt>From</dt><dd>a pasted ").append(escape(e.code())).append(" (")
        .append(escape(e.service().name())).append(")</dd>"));
    q.assumptions().forEach(a -> body.append("<dt>Assumed</dt><dd>").append(escape(a)).append("</dd>"));
    body.append("<dt>Evaluated</dt><dd>").append(d.assignmentsEvaluated()).append(" role assignment(s)</dd></dl>");
    body.append("<h2>Why</h2>");
    if (d.reasons().isEmpty()) {
      body.append("<p>Nothing applies.</p>");
    } else {
      body.append("<ol class=\"reasons\" id=\"reasons\">");
      d.reasons().forEach(r -> body.append("<li><span class=\"kind\">")
          .append(r.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</span>")
          .append(escape(r.text()).replace("\n", "<br>")).append("</li>"));
      body.append("</ol>");
    }
    if (!d.commands().isEmpty()) {
      body.append("<h2>Fix</h2><div id=\"fix\">");
      fixes(d.commands()).forEach(body::append);
      body.append("</div>");
    }
    body.append(form(typed));
    return page("Access Auditor: " + d.verdict().name().toLowerCase(Locale.ROOT), body.toString());
  }

  /** The form a browser gets without parameters, or with a problem to show above it. */
  public static String ask(String problem, Map<String, String> typed) {
    return page("Access Auditor: diagnose a 403", (problem.isEmpty() ? ""
        : "<p class=\"problem\" id=\"problem\">" + escape(problem) + "</p>") + form(typed));
  }

  /** Comments ("# Then remove …") caption the commands that follow them; each group is one copyable block. */
  private static List<String> fixes(List<String> commands) {
    List<String> out = new ArrayList<>();
    String caption = "";
    List<String> block = new ArrayList<>();
    for (String line : commands) {
      if (line.startsWith("#")) {
        if (!block.isEmpty()) {
          out.add(fix(caption, block));
          block.clear();
        }
        caption = line.replaceFirst("^#\\s*", "");
      } else {
        block.add(line);
      }
    }
    if (!block.isEmpty() || !caption.isEmpty()) {
      out.add(fix(caption, block));
    }
    return out;
  }

  private static String fix(String caption, List<String> block) {
    return "<div class=\"fix\">" + (block.isEmpty() ? "" : "<button type=\"button\" class=\"copy\">Copy</button>")
        + (caption.isEmpty() ? "" : "<p>" + escape(caption) + "</p>")
        + (block.isEmpty() ? "" : "<pre><code>" + escape(String.join("\n", block)) + "</code></pre>") + "</div>";
  }

  private static String form(Map<String, String> typed) {
    Function<String, String> v = f -> escape(typed.getOrDefault(f, ""));
    return "<form method=\"get\" id=\"ask\">"
        + "<label for=\"error\">The error message, pasted</label>"
        + "<textarea id=\"error\" name=\"error\" rows=\"6\">" + v.apply("error") + "</textarea>"
        + "<label for=\"principal\">Or the principal (object id, app id, name or app resource id)</label>"
        + "<input type=\"text\" id=\"principal\" name=\"principal\" value=\"" + v.apply("principal") + "\">"
        + "<label for=\"scope\">Scope</label>"
        + "<input type=\"text\" id=\"scope\" name=\"scope\" value=\"" + v.apply("scope") + "\">"
        + "<label for=\"action\">Action</label>"
        + "<input type=\"text\" id=\"action\" name=\"action\" value=\"" + v.apply("action") + "\">"
        + (typed.containsKey("code") ? "<input type=\"hidden\" name=\"code\" value=\"" + v.apply("code") + "\">" : "")
        + "<button type=\"submit\">Diagnose</button></form>";
  }

  private static String page(String title, String body) {
    return PAGE.render(title, body);
  }

  static String escape(String s) {
    return HtmlPage.escape(s);
  }
}
