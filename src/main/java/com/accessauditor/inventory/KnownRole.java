package com.accessauditor.inventory;

import com.accessauditor.model.RoleDefinition;
import java.time.Instant;

/** A custom role's definition as a sweep last saw it, to tell when its permissions change. */
public record KnownRole(RoleDefinition definition, Instant asOf) {}
