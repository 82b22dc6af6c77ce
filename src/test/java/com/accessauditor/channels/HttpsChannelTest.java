package com.accessauditor.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HttpsChannelTest {
  @Test
  void aUrlWithAnIllegalCharacterIsRefusedWithoutTheTokenAnywhereInTheStackTrace() {
    Throwable refused = catchThrowable(() -> HttpsChannel.of("slack",
        "https://hooks.slack.example/services/T0/B0/s3cr3t token", HttpsChannel.Format.SLACK));

    StringWriter logged = new StringWriter();
    refused.printStackTrace(new PrintWriter(logged));
    assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasNoCause()
        .hasMessageContaining("alert channel 'slack'").hasMessageContaining("at character 50");
    assertThat(logged.toString()).doesNotContain("s3cr3t").doesNotContain("hooks.slack.example");
  }
}
