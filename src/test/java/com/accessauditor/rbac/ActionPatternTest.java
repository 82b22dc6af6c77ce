package com.accessauditor.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ActionPatternTest {
  @Test
  void matchesActionPatternsWithWildcardsIgnoringCase() {
    assertThat(ActionPattern.matches("Microsoft.Authorization/*/Write", "microsoft.authorization/roleAssignments/write"))
        .isTrue();
    assertThat(ActionPattern.matches("*/read", "Microsoft.Web/sites/read")).isTrue();
    assertThat(ActionPattern.matches("*/read", "Microsoft.Web/sites/write")).isFalse();
    assertThat(ActionPattern.matches("*", "anything/at/all")).isTrue();
    assertThat(ActionPattern.matches("Microsoft.Web/sites/read", "Microsoft.Web/sites/read")).isTrue();
    assertThat(ActionPattern.matches("Microsoft.Web/sites/read", "Microsoft.Web/sites/readx")).isFalse();
  }

  @Test
  void wildcardsBetweenPiecesNeedEveryPieceInOrder() {
    assertThat(ActionPattern.matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(ActionPattern.matches("a*b*c", "axxcyyb")).isFalse();
    assertThat(ActionPattern.matches("a*a", "a")).as("the head and tail may not overlap").isFalse();
    assertThat(ActionPattern.matches("a*a", "aa")).isTrue();
    assertThat(ActionPattern.matches("*ab*ab*", "xabyab")).isTrue();
    assertThat(ActionPattern.matches("*ab*ab*", "xaby")).isFalse();
    assertThat(ActionPattern.matches("**", "")).isTrue();
    assertThat(ActionPattern.matches("Microsoft.Storage/*/blobs/*", "Microsoft.Storage/storageAccounts/blobServices"
        + "/containers/blobs/read")).isTrue();
  }

  /** The old backtracking matcher ran for minutes on this; the timeout only guards against a regression. */
  @Test
  @Timeout(10)
  void aPatternBuiltToBacktrackIsAnsweredAtOnce() {
    String pattern = "a*".repeat(30) + "b";
    String action = "a".repeat(40);
    assertThat(ActionPattern.matches(pattern, action)).isFalse();
    assertThat(ActionPattern.matches(pattern, action + "b")).isTrue();
  }

  @Test
  void inputLongerThanAnyRealActionMatchesNothing() {
    assertThat(ActionPattern.matches("*", "a/".repeat(ActionPattern.MAX_LENGTH))).isFalse();
  }
}
