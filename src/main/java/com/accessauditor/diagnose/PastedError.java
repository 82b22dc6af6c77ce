package com.accessauditor.diagnose;

import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pasted 403 says, whichever service wrote it: ARM's `AuthorizationFailed` names the caller, the
 * action and the scope; Key Vault's `ForbiddenByRbac` names them as Caller/Action/Resource lines; Storage's
 * `AuthorizationPermissionMismatch` and `AuthorizationFailure` name none of them (the caller must say who
 * and where).
 *
 * @param clientId the caller's app (client) id, or a user's UPN, as the message gives it
 * @param assumption what was assumed because the message does not say it (empty when nothing was)
 * @param tenant the tenant that issued the caller's token, where the message names it (Key Vault's iss=)
 */
public record PastedError(
    Service service,
    String code,
    Optional<String> clientId,
    Optional<PrincipalId> objectId,
    Optional<String> action,
    Optional<Scope> scope,
    ActionKind kind,
    Optional<String> assumption,
    Optional<String> tenant) {

  public enum Service {
    ARM,
    STORAGE,
    KEY_VAULT
  }

  private static final Pattern ARM = Pattern.compile("The client '([^']*)' with object id '([^']*)' does not have"
      + " authorization to perform action '([^']*)' over scope '([^']*)'");
  private static final Pattern KV_CALLER = Pattern.compile("Caller:\\s*([^\\r\\n\\\\]*)");
  private static final Pattern KV_ACTION = Pattern.compile("Action:\\s*'([^']*)'");
  private static final Pattern KV_RESOURCE = Pattern.compile("Resource:\\s*'([^']*)'");
  private static final Pattern ISSUER_TENANT = Pattern.compile(
      "^https://(?:sts\\.windows\\.net|login\\.microsoftonline\\.com)/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
          + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/|$)");
  private static final Pattern STORAGE_CODE = Pattern.compile("\\b(AuthorizationPermissionMismatch|AuthorizationFailure)\\b");

  static final String BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
  static final String QUEUE_READ = "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read";
  static final String TABLE_READ = "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read";

  /**
   * @throws IllegalArgumentException when the text is none of the known 403s, saying which ones are known
   */
  public static PastedError parse(String text) {
    String t = text == null ? "" : text;
    Matcher arm = ARM.matcher(t);
    if (arm.find()) {
      return new PastedError(Service.ARM, "AuthorizationFailed", Optional.of(arm.group(1)).filter(s -> !s.isBlank()),
          guid(arm.group(2)), Optional.of(arm.group(3)), scope(arm.group(4)), ActionKind.CONTROL, Optional.empty(),
          Optional.empty());
    }
    if (t.contains("ForbiddenByRbac") || (t.contains("Caller:") && t.contains("Action:") && t.contains("Resource:"))) {
      Optional<String> caller = group(KV_CALLER, t);
      return new PastedError(Service.KEY_VAULT, "ForbiddenByRbac", caller.flatMap(c -> field(c, "appid")),
          caller.flatMap(c -> field(c, "oid")).flatMap(PastedError::guid), group(KV_ACTION, t),
          group(KV_RESOURCE, t).flatMap(PastedError::scope), ActionKind.DATA, Optional.empty(),
          caller.flatMap(c -> field(c, "iss")).flatMap(PastedError::issuerTenant));
    }
    Matcher storage = STORAGE_CODE.matcher(t);
    if (storage.find()) {
      String lower = t.toLowerCase(Locale.ROOT);
      String action = lower.contains("windows-azure-queue") || lower.contains("queue.core.windows.net") ? QUEUE_READ
          : lower.contains("windows-azure-table") || lower.contains("table.core.windows.net") ? TABLE_READ
          : BLOB_READ;
      return new PastedError(Service.STORAGE, storage.group(1), Optional.empty(), Optional.empty(), Optional.of(action),
          Optional.empty(), ActionKind.DATA, Optional.of("Storage errors do not name the operation; assumed "
              + action + " (give --action for another one)"), Optional.empty());
    }
    throw new IllegalArgumentException("not a 403 this tool reads: expected ARM AuthorizationFailed (\"The client"
        + " '...' with object id '...' does not have authorization to perform action '...' over scope '...'\"),"
        + " Key Vault ForbiddenByRbac (Caller:/Action:/Resource: lines), or Storage AuthorizationPermissionMismatch"
        + " / AuthorizationFailure");
  }

  /** The principal the message names: its object id, else its client id or UPN. */
  public Optional<String> principal() {
    return objectId.map(PrincipalId::value).or(() -> clientId);
  }

  private static Optional<String> group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
  }

  /** "appid=...;oid=...;iss=..." (managed identities add "name=..."). */
  private static Optional<String> field(String caller, String name) {
    for (String part : caller.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return Optional.of(part.substring(eq + 1).trim()).filter(v -> !v.isBlank());
      }
    }
    return Optional.empty();
  }

  /** "https://sts.windows.net/<tenant id>/" (v1 tokens) or "https://login.microsoftonline.com/<id>/v2.0". */
  private static Optional<String> issuerTenant(String iss) {
    Matcher m = ISSUER_TENANT.matcher(iss);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  private static Optional<PrincipalId> guid(String value) {
    return PrincipalId.isGuid(value.trim()) ? Optional.of(PrincipalId.parse(value.trim())) : Optional.empty();
  }

  private static Optional<Scope> scope(String value) {
    return value.startsWith("/") && !value.contains("*") ? Optional.of(Scope.parse(value)) : Optional.empty();
  }
}
