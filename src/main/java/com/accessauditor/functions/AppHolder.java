package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the app once per worker, on the first invocation rather than at class load: cold start pays only
 * for what the first event needs. Only a success is kept: while the settings are wrong, every invocation
 * builds again and fails with the same clear message (a class-holder idiom would answer every invocation
 * after the first with NoClassDefFoundError).
 */
final class AppHolder {
  private static final AppHolder WORKER = new AppHolder(AuditorApp::fromSettings, System::getenv);

  private final Function<Map<String, String>, AuditorApp> build;
  private final Supplier<Map<String, String>> settings;
  private volatile AuditorApp app;

  AppHolder(Function<Map<String, String>, AuditorApp> build, Supplier<Map<String, String>> settings) {
    this.build = build;
    this.settings = settings;
  }

  static AuditorApp app() {
    return WORKER.get();
  }

  AuditorApp get() {
    AuditorApp built = app;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (app == null) {
        app = build.apply(settings.get());
      }
      return app;
    }
  }
}
