package com.accessauditor.baseline;

/**
 * One grant the baseline says must exist.
 *
 * @param entry where it is in the file ("assignments[3]"), for messages
 * @param role a role name ("Storage Blob Data Owner") or definition GUID
 */
public record DeclaredGrant(String entry, PrincipalRef principal, String role, ScopePattern scope) {}
