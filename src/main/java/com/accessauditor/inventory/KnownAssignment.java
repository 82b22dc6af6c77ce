package com.accessauditor.inventory;

import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * The last-known state of a role assignment. A delete leaves a tombstone rather than removing the row, so
 * a late, older write cannot bring a deleted assignment back, and a delete can say who lost which role.
 *
 * @param grant what the assignment granted, when we ever knew it
 * @param asOf the time of the event or sweep that established this state; newer state wins
 */
public record KnownAssignment(
    String id, Scope scope, Optional<RoleAssignment> grant, String roleName, Instant asOf, boolean deleted,
    String lastEventId) {}
