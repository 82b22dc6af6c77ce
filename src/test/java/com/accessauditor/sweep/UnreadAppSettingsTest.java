package com.accessauditor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.inventory.SettingsReadableIn;
import org.junit.jupiter.api.Test;

class UnreadAppSettingsTest {
  @Test
  void appsRefusedInSixtySubscriptionsAreOneLineNamingAFewAndTheOnesNotGrantedByDesignAreANote() {
    UnreadAppSettings unread = new UnreadAppSettings();
    for (int s = 0; s < 60; s++) {
      for (int a = 0; a < 4; a++) {
        unread.add(String.format("sub-%02d", s), "func-" + s + "-" + a, "HTTP 403 AuthorizationFailed");
      }
    }
    unread.add("sub-99", "func-quiet", SettingsReadableIn.NOT_GRANTED + " (func-quiet is outside …)");

    assertThat(unread.refused()).hasValueSatisfying(line -> assertThat(line)
        .startsWith("app settings not read for 240 app(s) in 60 subscription(s) (sub-00: func-0-0, func-0-1,"
            + " func-0-2, …; sub-01: func-1-0, func-1-1, func-1-2, …; sub-02: func-2-0, func-2-1, func-2-2, …; …):"
            + " not granted (HTTP 403)")
        .contains("appSettingsResourceGroups").doesNotContain("func-3-0"));
    assertThat(unread.notListed()).hasValueSatisfying(line -> assertThat(line)
        .startsWith("app settings not listed for 1 app(s) in subscription sub-99 (func-quiet): outside"
            + " AUDITOR_APP_SETTINGS_SCOPES"));
  }

  @Test
  void anyOtherFailureIsSaidForItsAppAlone() {
    UnreadAppSettings unread = new UnreadAppSettings();

    assertThat(unread.add("sub-01", "func-orders", "HTTP 500 from ARM")).contains(
        "app settings of func-orders not read: HTTP 500 from ARM");
    assertThat(unread.refused()).isEmpty();
    assertThat(unread.notListed()).isEmpty();
  }
}
