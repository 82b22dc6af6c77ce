package com.accessauditor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.findings.Suppression;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuietCallersTest {
  private static final String PIM_APP = "3f9c1b2a-0000-4000-8000-00000000b1a5";

  private static Caller caller(String upn, String objectId, String appId) {
    return new Caller(Optional.ofNullable(upn), Optional.ofNullable(objectId), Optional.ofNullable(appId),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aCallerIsRecognisedByAppIdObjectIdOrUpnWhateverTheCase() {
    QuietCallers quiet = QuietCallers.parse(
        PIM_APP.toUpperCase() + "=PIM activation; 9d8c7b6a-1111-4222-8333-444455556666 ; Deploy@Contoso.com=release");

    assertThat(quiet.suppressionFor(caller(null, null, PIM_APP))).hasValueSatisfying(s -> {
      assertThat(s.origin()).isEqualTo(Suppression.Origin.QUIET_CALLER);
      assertThat(s.because()).isEqualTo("changed by app " + PIM_APP + ": PIM activation");
    });
    assertThat(quiet.suppressionFor(caller(null, "9d8c7b6a-1111-4222-8333-444455556666", null)))
        .hasValueSatisfying(s -> assertThat(s.because()).endsWith(": configured as a quiet caller"));
    assertThat(quiet.suppressionFor(caller("deploy@contoso.com", null, null)))
        .hasValueSatisfying(s -> assertThat(s.because()).isEqualTo("changed by deploy@contoso.com: release"));
  }

  @Test
  void anyoneElseIsNotQuiet() {
    QuietCallers quiet = QuietCallers.parse(PIM_APP + "=PIM activation");

    assertThat(quiet.suppressionFor(caller("admin@contoso.com", "f7202482-ee08-4d1c-8665-1b25942e1c59",
        "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"))).isEmpty();
    assertThat(quiet.suppressionFor(Caller.unknown())).isEmpty();
  }

  @Test
  void anEntryThatIsNeitherAGuidNorAUpnIsRefusedByName() {
    assertThatThrownBy(() -> QuietCallers.parse(PIM_APP + "=PIM;MS-PIM=PIM activation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'MS-PIM'")
        .hasMessageContaining("id=why");
  }
}
