package com.accessauditor.model;

import java.util.Optional;
import java.util.function.Function;

/**
 * The answer to a tenant look-up. "Not found" is evidence (the thing is gone); "failed" is a coverage gap
 * (we could not ask) and must never be read as "gone".
 */
public sealed interface Lookup<T> {
  record Found<T>(T value) implements Lookup<T> {}

  record NotFound<T>(String what) implements Lookup<T> {}

  record Failed<T>(String reason) implements Lookup<T> {}

  static <T> Lookup<T> found(T value) {
    return new Found<>(value);
  }

  static <T> Lookup<T> notFound(String what) {
    return new NotFound<>(what);
  }

  static <T> Lookup<T> failed(String reason) {
    return new Failed<>(reason);
  }

  default Optional<T> found() {
    return this instanceof Found<T> f ? Optional.of(f.value()) : Optional.empty();
  }

  default <R> Lookup<R> map(Function<T, R> mapper) {
    if (this instanceof Found<T> f) {
      return new Found<>(mapper.apply(f.value()));
    }
    if (this instanceof NotFound<T> n) {
      return new NotFound<>(n.what());
    }
    return new Failed<>(((Failed<T>) this).reason());
  }
}
