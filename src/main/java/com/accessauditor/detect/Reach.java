package com.accessauditor.detect;

/**
 * How far a detector looks. What a sweep of one subscription may judge alone, and what needs the tenant:
 * the split a sweep run across workers is built on, held to the truth by DetectorReachTest.
 */
public enum Reach {
  /**
   * Its findings for a subscription follow from that subscription's own facts (and the directory): a sweep
   * of the subscription alone raises and resolves exactly what a sweep of the tenant does there.
   */
  SUBSCRIPTION,
  /**
   * It judges one assignment at a time, but against the tenant's apps, identities and baseline: the final
   * step of a run streams the stored assignments to it subscription by subscription, never all at once.
   */
  ASSIGNMENT,
  /**
   * It joins facts across subscriptions (an app in one whose identity holds grants in another, an identity
   * shared by apps of two, a baseline that names several, the tenant's custom roles): judged per
   * subscription, it would raise too little and resolve what still stands.
   */
  TENANT
}
