package com.accessauditor.events;

/** Turns one successful ARM operation into a change, updating the inventory and findings on the way. */
interface ChangeHandler {
  Handled handle(ResourceEvent event, ChangeKind kind);
}
