package com.accessauditor.functions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.app.AuditorApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppHolderTest {
  @Test
  void everyInvocationGetsTheClearMessageWhileTheSettingsAreWrong() {
    AppHolder holder = new AppHolder(AuditorApp::fromSettings, () -> Map.of("AUDITOR_SCOPES", "not-a-scope"));

    for (int invocation = 1; invocation <= 3; invocation++) {
      assertThatThrownBy(holder::get).as("invocation " + invocation).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("AzureWebJobsStorage");
    }
  }
}
