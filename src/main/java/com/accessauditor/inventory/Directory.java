package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.Collection;
import java.util.List;

/** The Entra directory: who a principal is, and who was deleted. */
public interface Directory {
  /** Graph getByIds allows this many ids per call. */
  int BATCH = 1000;

  Lookup<Principal> principal(PrincipalId id);

  /**
   * Looks many principals up in calls of at most {@link #BATCH} ids. A batch that fails leaves its ids
   * unanswered; it never makes them "not found".
   */
  PrincipalBatch principals(Collection<PrincipalId> ids);

  /** Soft-deleted users, groups and service principals (directory/deletedItems), restorable for 30 days. */
  Lookup<List<Principal>> deletedPrincipals();
}
