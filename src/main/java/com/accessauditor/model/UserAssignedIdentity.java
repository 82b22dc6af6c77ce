package com.accessauditor.model;

/** A user-assigned managed identity resource (Microsoft.ManagedIdentity/userAssignedIdentities). */
public record UserAssignedIdentity(Scope resourceId, PrincipalId principalId, String clientId) {}
