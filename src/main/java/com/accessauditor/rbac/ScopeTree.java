package com.accessauditor.rbac;

import com.accessauditor.model.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scope hierarchy: the root, management groups (nested), subscriptions, resource groups, resources. A
 * management group's id never prefixes a subscription's, so whether one contains the other is decided here,
 * from the hierarchy, and is sometimes unknown: a subscription whose chain was not read.
 *
 * <p>Three ways to know it: the chain of each subscription (Resource Graph `resourcecontainers`, or
 * `managementGroups.json` from `az account management-group entities list`); "listed for the scope", when
 * the assignments were listed by ARM for the very scope asked about (ARM lists only the ancestors' grants
 * that apply), or come from an export of one subscription; or nothing, when neither holds.
 */
public final class ScopeTree {
  /** Whether one scope is the other or lies below it. */
  public enum Containment {
    YES,
    NO,
    UNKNOWN
  }

  /** Management group name (lower case) to its parent's name; the tenant root group has none. */
  private final Map<String, String> parentOfGroup;
  /** Subscription id (lower case) to the management group that holds it directly. */
  private final Map<String, String> groupOfSubscription;
  private final boolean listedForScope;
  private final String unknownBecause;

  private ScopeTree(Map<String, String> parentOfGroup, Map<String, String> groupOfSubscription,
      boolean listedForScope, String unknownBecause) {
    this.parentOfGroup = Map.copyOf(parentOfGroup);
    this.groupOfSubscription = Map.copyOf(groupOfSubscription);
    this.listedForScope = listedForScope;
    this.unknownBecause = unknownBecause;
  }

  /**
   * The assignments at management groups and the root that the reader hands out for a scope are that
   * scope's ancestors' (ARM's list for a scope, or an export of one subscription).
   */
  public static ScopeTree listedForScope() {
    return new ScopeTree(Map.of(), Map.of(), true, "");
  }

  /** Nothing is known about where subscriptions sit; {@code why} says so to the reader. */
  public static ScopeTree unknown(String why) {
    return new ScopeTree(Map.of(), Map.of(), false, why);
  }

  /**
   * @param parentOfGroup management group name to its parent's name
   * @param groupOfSubscription subscription id to the management group directly above it
   */
  public static ScopeTree of(Map<String, String> parentOfGroup, Map<String, String> groupOfSubscription) {
    return of(parentOfGroup, groupOfSubscription, false);
  }

  /**
   * @param listedForScope whether, for a subscription the chains leave out, what was listed for it still
   *     applies there (ARM's own list)
   */
  public static ScopeTree of(Map<String, String> parentOfGroup, Map<String, String> groupOfSubscription,
      boolean listedForScope) {
    return new ScopeTree(lower(parentOfGroup), lower(groupOfSubscription), listedForScope, "");
  }

  /** Where subscriptions sit could not be read (or was never exported), and why: empty when it is known. */
  public Optional<String> unknownBecause() {
    return unknownBecause.isEmpty() ? Optional.empty() : Optional.of(unknownBecause);
  }

  /** The management groups above a subscription, nearest first; empty when its place is not known. */
  public Optional<List<String>> groupsAbove(String subscriptionId) {
    String group = groupOfSubscription.get(subscriptionId.toLowerCase(Locale.ROOT));
    return group == null ? Optional.empty() : Optional.of(chainFrom(group));
  }

  /**
   * The subscriptions anywhere below a management group, when where subscriptions sit is known (a read
   * hierarchy); empty when it is not, since a guess would leave subscriptions out of a sweep unsaid.
   */
  public Optional<List<String>> subscriptionsBelow(String managementGroup) {
    if (!unknownBecause.isEmpty() || groupOfSubscription.isEmpty()) {
      return Optional.empty();
    }
    String group = managementGroup.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    groupOfSubscription.forEach((sub, parent) -> {
      if (chainFrom(parent).contains(group)) {
        out.add(sub);
      }
    });
    out.sort(null);
    return Optional.of(out);
  }

  /** Whether {@code outer} is {@code inner} or an ancestor of it. */
  public Containment contains(Scope outer, Scope inner) {
    if (outer.contains(inner)) {
      return Containment.YES;
    }
    if (outer.level() != Scope.Level.MANAGEMENT_GROUP) {
      return Containment.NO;
    }
    String group = outer.name().toLowerCase(Locale.ROOT);
    Optional<List<String>> chain = chainAbove(inner);
    if (chain.isPresent()) {
      return chain.get().contains(group) ? Containment.YES : Containment.NO;
    }
    if (inner.level() == Scope.Level.ROOT) {
      return Containment.NO;
    }
    return listedForScope && inner.subscriptionId().isPresent() ? Containment.YES : Containment.UNKNOWN;
  }

  /** The management groups above (and, for a group, including) a scope, when its place is known. */
  private Optional<List<String>> chainAbove(Scope scope) {
    if (scope.subscriptionId().isPresent()) {
      return groupsAbove(scope.subscriptionId().get());
    }
    Optional<String> group = managementGroupOf(scope);
    if (group.isEmpty()) {
      return Optional.empty();
    }
    String name = group.get();
    boolean known = parentOfGroup.containsKey(name) || parentOfGroup.containsValue(name)
        || groupOfSubscription.containsValue(name);
    return known ? Optional.of(chainFrom(name)) : Optional.empty();
  }

  private static Optional<String> managementGroupOf(Scope scope) {
    String key = scope.value().toLowerCase(Locale.ROOT);
    String prefix = "/providers/microsoft.management/managementgroups/";
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    int end = key.indexOf('/', prefix.length());
    return Optional.of(end < 0 ? key.substring(prefix.length()) : key.substring(prefix.length(), end));
  }

  private List<String> chainFrom(String group) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String g = group; g != null && seen.add(g); g = parentOfGroup.get(g)) {
      chain.add(g);
    }
    return chain;
  }

  private static Map<String, String> lower(Map<String, String> in) {
    Map<String, String> out = new HashMap<>();
    in.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
    return out;
  }
}
