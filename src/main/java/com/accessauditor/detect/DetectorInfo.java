package com.accessauditor.detect;

import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a detector is, on its class, as Error Prone's {@code @BugPattern}: the kinds it raises, how severe
 * they get at most, what it must have read, how far it looks, whether its findings resolve once the cause is
 * gone, and the fix it offers. {@link Detectors#ALL} lists every detector; DetectorRegistryTest holds each to
 * a test class of its own, a pair of fixtures (one it flags, one it allows) and a fix.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DetectorInfo {
  FindingKind[] kinds();

  /** The most severe finding it raises (many raise less, case by case). */
  Severity severity();

  /** The facets without which its silence means nothing (for a per-assignment rule: what the sweep needs). */
  Facet[] needs() default {};

  Reach reach() default Reach.SUBSCRIPTION;

  /**
   * True for states (resolved once the cause is gone); false for notices about something that happened
   * (a changed role, a missed event), which stay until someone acts on them.
   */
  boolean resolvesWhenGone() default true;

  /** The fix it offers, in words; the commands themselves are in each finding's remediation. */
  String fix();
}
