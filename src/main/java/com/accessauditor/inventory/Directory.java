package com.accessauditor.inventory;

import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;

/** The Entra directory: who a principal is. */
public interface Directory {
  Lookup<Principal> principal(PrincipalId id);
}
