package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import java.util.Optional;

/** A rule the event path runs when a resource's identity changes (an app redeployed with a new principal). */
public interface IdentityChangeDetector extends Detector {
  Optional<FindingDraft> inspect(IdentityRecycle recycle);
}
