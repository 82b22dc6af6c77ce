package com.accessauditor.events;

import com.accessauditor.model.Text;
import java.util.Optional;

/**
 * Who made an ARM change, from the event's `claims` (and `httpRequest` for the IP address).
 *
 * @param identityType the token's idtyp claim: user, app or device (absent in older tokens)
 */
public record Caller(
    Optional<String> upn,
    Optional<String> objectId,
    Optional<String> appId,
    Optional<String> identityType,
    Optional<String> name,
    Optional<String> ipAddress) {

  public static Caller unknown() {
    return new Caller(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The best human-readable name: the UPN, the display name, the app id, the object id. */
  public String display() {
    return Text.safe(upn.or(() -> name)
        .or(() -> appId.map(a -> "app " + a))
        .or(() -> objectId.map(o -> "object " + o))
        .orElse("unknown caller"));
  }
}
