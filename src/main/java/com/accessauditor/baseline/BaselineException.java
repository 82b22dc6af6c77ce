package com.accessauditor.baseline;

/** The baseline file cannot be used; the message names the file and every entry that is wrong. */
public final class BaselineException extends Exception {
  public BaselineException(String message) {
    super(message);
  }
}
