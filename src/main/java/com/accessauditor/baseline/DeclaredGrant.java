package com.accessauditor.baseline;

/**
 * One grant the baseline says must exist.
 *
 * @param entry where it is in the file ("assignments[3]"), for messages
 * @param role a role name ("Storage Blob Data Owner") or definition GUID
 * @param eligible the grant is a PIM eligibility (`eligible: true`), not a standing assignment
 */
public record DeclaredGrant(String entry, PrincipalRef principal, String role, ScopePattern scope, boolean eligible) {
  public DeclaredGrant(String entry, PrincipalRef principal, String role, ScopePattern scope) {
    this(entry, principal, role, scope, false);
  }
}
