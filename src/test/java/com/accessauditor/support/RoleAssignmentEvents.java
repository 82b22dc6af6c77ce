package com.accessauditor.support;

/** Events derived from the documented role-assignment write (events/roleAssignment_write_owner_at_subscription.json). */
public final class RoleAssignmentEvents {
  private RoleAssignmentEvents() {}

  /** The delete of the same assignment, as Event Grid sends it, under its own event id and time. */
  public static String deleteOf(String writeEvent, String eventId, String time) {
    return writeEvent.replace("ResourceWriteSuccess", "ResourceDeleteSuccess")
        .replace("roleAssignments/write", "roleAssignments/delete")
        .replace("6d1f0a8e-3b4c-4f2a-9e7d-0c1b2a3d4e5f", eventId)
        .replace("2024-05-01T10:15:30.1234567Z", time);
  }
}
