package com.accessauditor.whocan;

import com.accessauditor.model.PrincipalId;
import java.util.List;

/** Who can act as one of the allowed principals that is a managed identity: the `--include-paths` hop. */
public interface IdentityPaths {
  /**
   * @param allowed the principals found allowed
   * @param gaps where reads that fail are said
   */
  List<Path> actingAs(List<PrincipalId> allowed, WhoCanQuestion q, List<String> gaps);

  /** P can act as an allowed identity, in the users' words: "Website Contributor on func-deploy → its identity". */
  record Path(PrincipalId principalId, String principalType, String describe, boolean conditional) {}
}
