package com.accessauditor.findings;

import com.accessauditor.model.HtmlPage;
import com.accessauditor.model.ShortIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The findings table in a browser (GET /api/findings?format=html): the same filters as the `findings`
 * command in a form that keeps them, a page of findings as a table sortable by any column, ids shortened in
 * the cells and whole in their tooltips, a finding that follows from another marked with its root, and
 * links to the next and previous pages.
 */
public final class FindingsPage {
  private static final String STYLE = String.join("",
      "main{max-width:1400px}",
      ".filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:0 12px;margin:0 0 16px}",
      ".wrap{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px}",
      "table{border-collapse:collapse;width:100%;font-size:.9rem}",
      "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}",
      "th button{background:none;border:0;font:inherit;font-weight:600;cursor:pointer;padding:0}",
      "td.id{font-family:ui-monospace,monospace;font-size:.8rem;overflow-wrap:anywhere}",
      ".sev{font-weight:600;border-radius:4px;padding:0 6px;color:#fff}",
      ".critical{background:#82071e}.high{background:#cf222e}.medium{background:#bc4c00}",
      ".low{background:#9a6700}.info{background:#57606a}",
      ".root{display:block;color:#57606a;font-size:.8rem}",
      ".pages{margin:12px 0}.pages a{margin-right:16px}");
  private static final String SCRIPT = String.join("",
      "document.querySelectorAll('th button').forEach(function(b){b.addEventListener('click',function(){",
      "var i=+b.dataset.col,t=document.querySelector('#findings tbody'),rows=[].slice.call(t.rows),",
      "up=b.dataset.dir!=='asc';b.dataset.dir=up?'asc':'desc';",
      "rows.sort(function(x,y){var a=x.cells[i].dataset.key||x.cells[i].textContent,",
      "c=y.cells[i].dataset.key||y.cells[i].textContent;return (a<c?-1:a>c?1:0)*(up?1:-1);});",
      "rows.forEach(function(r){t.appendChild(r);});});});");
  private static final HtmlPage PAGE = new HtmlPage(STYLE, SCRIPT);
  public static final String CONTENT_SECURITY_POLICY = PAGE.contentSecurityPolicy();
  private static final List<String> FILTERS = List.of("severity", "kind", "status", "since", "principal",
      "subscription");

  private FindingsPage() {}

  /**
   * @param typed the query as asked (filters, and the function key as {@code code}), kept in the form and links
   * @param problem why the filters were refused, or empty
   */
  public static String render(FindingSearch.Page page, Map<String, String> typed, String problem) {
    StringBuilder body = new StringBuilder();
    if (!problem.isEmpty()) {
      body.append("<p class=\"problem\" id=\"problem\">").append(HtmlPage.escape(problem)).append("</p>");
    }
    body.append(form(typed));
    int pages = Math.max(1, (page.total() + page.pageSize() - 1) / page.pageSize());
    body.append("<p id=\"summary\">").append(String.format("%,d", page.total())).append(" finding(s) match")
        .append(page.total() > page.items().size() ? "; page " + page.page() + " of " + pages : "")
        .append(page.unreadable().isEmpty() ? "" : "; " + page.unreadable().size()
            + " unreadable row(s) skipped (the function's log names them)").append(".</p>");
    if (!page.items().isEmpty()) {
      body.append("<div class=\"wrap\"><table id=\"findings\"><thead><tr>");
      String[] columns = {"Severity", "Status", "Kind", "Principal", "Scope", "Title", "Last seen"};
      for (int i = 0; i < columns.length; i++) {
        body.append("<th><button type=\"button\" data-col=\"").append(i).append("\">").append(columns[i])
            .append("</button></th>");
      }
      body.append("</tr></thead><tbody>");
      page.items().forEach(f -> body.append(row(f)));
      body.append("</tbody></table></div>");
    }
    body.append("<p class=\"pages\">");
    if (page.page() > 1) {
      body.append("<a id=\"previous\" href=\"").append(link(typed, page.page() - 1)).append("\">Previous page</a>");
    }
    if (page.hasMore()) {
      body.append("<a id=\"next\" href=\"").append(link(typed, page.page() + 1)).append("\">Next page</a>");
    }
    body.append("<a href=\"").append(link(Map.of("format", "csv"), typed, 0)).append("\">These filters as CSV (up to 1,000)</a></p>");
    return PAGE.render("Access Auditor: findings", body.toString());
  }

  private static String row(Finding f) {
    String principal = f.principalName().isBlank() ? f.principalId() : f.principalName();
    return "<tr><td data-key=\"" + f.severity().ordinal() + "\"><span class=\"sev " + f.severity().label() + "\">"
        + f.severity().label() + "</span></td><td>" + f.status().label() + "</td><td>" + f.kind().name()
        + "</td><td title=\"" + HtmlPage.escape(f.principalId()) + "\">" + HtmlPage.escape(ShortIds.in(principal))
        + "</td><td class=\"id\" title=\"" + HtmlPage.escape(f.scope()) + "\">"
        + HtmlPage.escape(ShortIds.in(f.scope())) + "</td><td>" + HtmlPage.escape(f.title())
        + f.causedBy().map(r -> "<span class=\"root\">follows from " + HtmlPage.escape(r) + "</span>").orElse("")
        + "</td><td data-key=\"" + f.lastSeen() + "\">"
        + f.lastSeen().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ')
        + "</td></tr>";
  }

  private static String form(Map<String, String> typed) {
    StringBuilder out = new StringBuilder("<form method=\"get\" id=\"filter\"><div class=\"filters\">");
    out.append(select("severity", "At or above", typed, List.of("critical", "high", "medium", "low", "info")));
    out.append(select("kind", "Kind", typed, Arrays.stream(FindingKind.values()).map(Enum::name).toList()));
    out.append(select("status", "Status", typed, List.of("open", "suppressed", "resolved")));
    out.append(text("since", "Last seen since (7d, 2026-11-01)", typed));
    out.append(text("principal", "Principal (object id)", typed));
    out.append(text("subscription", "Subscription id", typed));
    out.append("</div><input type=\"hidden\" name=\"format\" value=\"html\">");
    if (typed.containsKey("code")) {
      out.append("<input type=\"hidden\" name=\"code\" value=\"").append(HtmlPage.escape(typed.get("code")))
          .append("\">");
    }
    return out.append("<button type=\"submit\">Filter</button></form>").toString();
  }

  private static String select(String name, String label, Map<String, String> typed, List<String> values) {
    String chosen = typed.getOrDefault(name, "");
    return "<div><label for=\"" + name + "\">" + label + "</label><select id=\"" + name + "\" name=\"" + name
        + "\"><option value=\"\">any</option>" + values.stream().map(v -> "<option" + (v.equalsIgnoreCase(chosen)
            ? " selected" : "") + ">" + v + "</option>").collect(Collectors.joining()) + "</select></div>";
  }

  private static String text(String name, String label, Map<String, String> typed) {
    return "<div><label for=\"" + name + "\">" + label + "</label><input type=\"text\" id=\"" + name + "\" name=\""
        + name + "\" value=\"" + HtmlPage.escape(typed.getOrDefault(name, "")) + "\"></div>";
  }

  private static String link(Map<String, String> typed, int page) {
    return link(Map.of("format", "html"), typed, page);
  }

  /** The same filters and key, this page (0: none), this format; escaped for an attribute. */
  private static String link(Map<String, String> format, Map<String, String> typed, int page) {
    Map<String, String> query = new LinkedHashMap<>();
    FILTERS.forEach(f -> {
      if (!typed.getOrDefault(f, "").isBlank()) {
        query.put(f, typed.get(f));
      }
    });
    query.putAll(format);
    if (page > 0) {
      query.put("page", String.valueOf(page));
      query.put("pageSize", typed.getOrDefault("pageSize", "100"));
    } else {
      query.put("pageSize", String.valueOf(FindingSearch.MAX_PAGE_SIZE));
    }
    if (typed.containsKey("code")) {
      query.put("code", typed.get("code"));
    }
    return HtmlPage.escape("?" + query.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&")));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
