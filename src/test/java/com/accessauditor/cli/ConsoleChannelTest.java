package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleChannelTest {
  @Test
  void aFixOfSeveralStepsIsShownWholeUnderTheAlertAsItPastes() {
    String fix = ConsoleChannel.fix("# Point the setting at an attached identity's client id:\n"
        + "az identity show --ids <identity id> --query clientId -o tsv\n"
        + "az functionapp config appsettings set --ids /subscriptions/s/resourceGroups/rg/providers"
        + "/Microsoft.Web/sites/func-orders --settings 'AZURE_CLIENT_ID=<client id>'");

    assertThat(fix.lines().toList()).containsExactly("", "      fix:",
        "        # Point the setting at an attached identity's client id:",
        "        az identity show --ids <identity id> --query clientId -o tsv",
        "        az functionapp config appsettings set --ids /subscriptions/s/resourceGroups/rg/providers"
            + "/Microsoft.Web/sites/func-orders --settings 'AZURE_CLIENT_ID=<client id>'");
  }

  @Test
  void aOneLineFixStandsBesideTheWordAndALongOneIsCappedWithTheWayToGetItAll() {
    assertThat(ConsoleChannel.fix("az role assignment delete --ids x")).isEqualTo("\n      fix: az role assignment delete --ids x");

    String long20 = String.join("\n", java.util.Collections.nCopies(20, "az role assignment delete --ids x"));
    String shown = ConsoleChannel.fix(long20);

    assertThat(shown.lines().filter(l -> l.contains("az role assignment delete"))).hasSize(8);
    assertThat(shown).endsWith("# … and 12 more line(s): access-auditor findings --output json has the whole fix");
  }
}
