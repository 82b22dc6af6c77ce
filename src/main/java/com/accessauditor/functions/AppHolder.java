package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;

/**
 * Builds the app once per worker, on the first invocation rather than at class load: cold start pays only
 * for what the first event needs.
 */
final class AppHolder {
  private AppHolder() {}

  private static final class Lazy {
    static final AuditorApp APP = AuditorApp.fromSettings(System.getenv());
  }

  static AuditorApp app() {
    return Lazy.APP;
  }
}
