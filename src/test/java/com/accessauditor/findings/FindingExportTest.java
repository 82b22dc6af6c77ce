package com.accessauditor.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingExportTest {
  @Test
  void csvQuotesCommasAndNewlinesAndDefusesFormulas() {
    assertThat(FindingExport.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(FindingExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(FindingExport.cell("=HYPERLINK(\"http://x\")")).startsWith("\"'=HYPERLINK");
    assertThat(FindingExport.cell("-1+2")).isEqualTo("'-1+2");
  }

  @Test
  void csvHasTheSchemaHeaderAndOneRowPerFinding() {
    String csv = FindingExport.csv(List.of(FindingQueryTest.finding(Severity.HIGH)));

    String[] rows = csv.split("\r\n");
    assertThat(rows[0]).startsWith("fingerprint,kind,severity,status,subscriptionId,scope,principalId");
    assertThat(rows).hasSize(2);
    assertThat(rows[1]).startsWith("fp,PRIVILEGED_GRANT,high,open,s,");
  }
}
