package com.accessauditor.events;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.RoleDefinition;
import java.util.Optional;

/** Custom role definitions created, changed or deleted: what the role now allows. */
final class RoleDefinitionChanges implements ChangeHandler {
  private static final String GRANT_ROLES = "Microsoft.Authorization/roleAssignments/write";

  private final AuthorizationReader authorization;

  RoleDefinitionChanges(AuthorizationReader authorization) {
    this.authorization = authorization;
  }

  @Override
  public Handled handle(ResourceEvent event, ChangeKind kind) {
    Change change = Change.fromEvent(event, kind, Outcome.SUCCEEDED, "");
    String by = event.caller().display();
    if (kind == ChangeKind.ROLE_DEFINITION_DELETE) {
      return Handled.of(change.withSummary("Custom role " + RoleDefinition.guidOf(event.resourceUri())
          + " deleted by " + by));
    }
    Lookup<RoleDefinition> lookup = authorization.roleDefinition(event.resourceUri());
    if (lookup instanceof Lookup.Failed<RoleDefinition> failed) {
      return Handled.of(change.pending("ARM look-up of the role definition failed: " + failed.reason())
          .withSummary("Custom role written by " + by + "; permissions not yet read (the sweep completes it)"));
    }
    Optional<RoleDefinition> definition = lookup.found();
    if (definition.isEmpty()) {
      return Handled.of(change.withSummary("Custom role written by " + by + ", but it no longer exists"));
    }
    RoleDefinition d = definition.get();
    int actions = d.permissions().stream().mapToInt(p -> p.actions().size() + p.dataActions().size()).sum();
    return Handled.of(
        new Change(change.eventId(), change.eventTime(), kind, Outcome.SUCCEEDED, change.operationName(),
            change.resourceId(), change.subscriptionId(), change.caller(), change.correlationId(), Optional.empty(),
            Optional.empty(), Optional.of(d.id()), Optional.of(d.roleName()), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(),
            "Custom role '" + d.roleName() + "' written by " + by + ": " + actions + " action pattern(s)"
                + (RoleEvaluation.grantsControl(d, GRANT_ROLES) ? "; it can grant roles (roleAssignments/write)" : "")));
  }
}
