package com.accessauditor.model;

import java.util.List;

/**
 * A deny assignment (ARM `denyAssignments`, created by managed applications, blueprints and deployment
 * stacks): the listed actions are denied to the principals at the scope, whatever roles grant.
 *
 * @param principalIds the principals it applies to; the all-principals id 00000000-... means everyone
 */
public record DenyAssignment(
    String id, String name, Scope scope, List<String> actions, List<String> notActions, List<String> dataActions,
    List<String> notDataActions, List<String> principalIds, List<String> excludePrincipalIds,
    boolean doNotApplyToChildScopes) {
  public DenyAssignment {
    actions = List.copyOf(actions);
    notActions = List.copyOf(notActions);
    dataActions = List.copyOf(dataActions);
    notDataActions = List.copyOf(notDataActions);
    principalIds = List.copyOf(principalIds);
    excludePrincipalIds = List.copyOf(excludePrincipalIds);
  }
}
