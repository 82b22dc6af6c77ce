package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextLayoutTest {
  private static final String ACCOUNT = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app"
      + "/providers/Microsoft.Storage/storageAccounts/stordersdata";
  private final TextLayout layout = new TextLayout(100);

  @Test
  void aLongSentenceIsWrappedUnderItsIndentWithItsIdsShortened() {
    String line = "    The baseline declares Storage Blob Data Owner for the identity of func-orders at " + ACCOUNT
        + ", and no such assignment exists. The previous principal 5e0c0a1d-2b3c-4d5e-8f90-a1b2c3d4e5f6 holds it.";

    List<String> lines = layout.lay(line);

    assertThat(lines).allMatch(l -> l.length() <= 100).allMatch(l -> l.startsWith("    "));
    assertThat(String.join(" ", lines)).contains("rg-app/…/stordersdata").contains("principal 5e0c0a1d… holds")
        .doesNotContain("/subscriptions/");
  }

  @Test
  void aLongCommandStaysWholeAndIsWrappedBetweenOptionsWithBackslashes() {
    String line = "    az role assignment create --assignee-object-id 9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"
        + " --assignee-principal-type ServicePrincipal --role 'Storage Blob Data Owner' --scope " + ACCOUNT;

    List<String> lines = layout.lay(line);

    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.endsWith(" \\"));
    String pasted = String.join(" ", lines.stream().map(l -> l.replaceAll(" \\\\$", "").strip()).toList());
    assertThat(pasted).isEqualTo(line.strip());
    assertThat(lines).allMatch(l -> l.length() <= 100 || l.strip().startsWith("--scope /subscriptions/"));
  }

  @Test
  void aColumnRowHangsItsWrappedTextUnderItsLastColumn() {
    String line = "  event 3 RECORDED   Storage Blob Data Owner granted to ServicePrincipal func-orders at " + ACCOUNT
        + " by admin@contoso.com, and a great deal more text than fits";

    List<String> lines = layout.lay(line);

    assertThat(lines.get(1)).startsWith(" ".repeat(21)).doesNotStartWith(" ".repeat(22));
  }

  @Test
  void aWrappedShellCommentStaysACommentSoThePastedBlockStillRuns() {
    String line = "    # If it is, prefer a narrower role or scope, and require approval and MFA on activation in the"
        + " role's PIM settings.";

    List<String> lines = layout.lay(line);

    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("    # ") && l.length() <= 100);
  }

  @Test
  void aCommentKeepsItsIdsWholeForItOftenHoldsACommandToPaste() {
    String line = "    # First check it is not restorable: az rest --url"
        + " https://graph.microsoft.com/v1.0/directory/deletedItems/0a1b2c3d-0000-4000-8000-000000000007";

    List<String> lines = layout.lay(line);

    assertThat(String.join(" ", lines)).contains("deletedItems/0a1b2c3d-0000-4000-8000-000000000007");
    assertThat(lines).allMatch(l -> l.startsWith("    # "));
  }

  @Test
  void aWrappedAlertHeadlineHangsUnderItsText() {
    String line = "  ALERT [high] Contributor for User Partner Consultant at resource group rg-app is not in the"
        + " baseline and more";

    List<String> lines = layout.lay(line);

    assertThat(lines.get(1)).startsWith(" ".repeat(15)).doesNotStartWith(" ".repeat(16));
  }

  @Test
  void theWidthComesFromColumnsAndIsNeverNarrowerThanSixty() {
    assertThat(TextLayout.forTerminal(Map.of("COLUMNS", "132")).width()).isEqualTo(132);
    assertThat(TextLayout.forTerminal(Map.of("COLUMNS", "20")).width()).isEqualTo(60);
    assertThat(TextLayout.forTerminal(Map.of("COLUMNS", "wide")).width()).isEqualTo(100);
    assertThat(TextLayout.forTerminal(Map.of()).width()).isEqualTo(100);
  }

  @Test
  void aShortLineIsLeftAsItIs() {
    assertThat(layout.lay("  scope " + ACCOUNT.substring(0, 60))).containsExactly("  scope " + ACCOUNT.substring(0, 60));
  }
}
