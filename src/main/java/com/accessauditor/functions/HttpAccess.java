package com.accessauditor.functions;

import com.accessauditor.app.Settings;
import com.accessauditor.model.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read what the HTTP functions disclose (who holds which role where). People sign in with Entra
 * through App Service Authentication, which puts the caller's claims in X-MS-CLIENT-PRINCIPAL and strips that
 * header from every incoming request; the function key stays in front of both for automation. The header is
 * believed only where the platform says its authentication is on (WEBSITE_AUTH_ENABLED): anywhere else anyone
 * could have written it.
 */
final class HttpAccess {
  /** Set by App Service when its authentication is on for the app. */
  static final String PLATFORM_AUTH_ENABLED = "WEBSITE_AUTH_ENABLED";
  static final String PRINCIPAL_HEADER = "x-ms-client-principal";
  static final String DEFAULT_ROLE = "AccessAuditor.Reader";
  private static final Set<String> ROLE_CLAIMS =
      Set.of("roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role");
  /** The claims that name the caller, the most recognisable first. */
  private static final List<String> NAME_CLAIMS = List.of("preferred_username", "upn",
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "name",
      "http://schemas.microsoft.com/identity/claims/objectidentifier");
  private static final int MAX_HEADER = 32 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean keysOnly;
  private final boolean platformAuth;
  private final String role;

  private HttpAccess(boolean keysOnly, boolean platformAuth, String role) {
    this.keysOnly = keysOnly;
    this.platformAuth = platformAuth;
    this.role = role;
  }

  /** From the app settings and the platform's own variables. */
  static HttpAccess from(Map<String, String> env) {
    String mode = Optional.ofNullable(env.get(Settings.HTTP_SIGN_IN)).map(String::trim).filter(v -> !v.isEmpty())
        .orElse("entra").toLowerCase(Locale.ROOT);
    if (!mode.equals("entra") && !mode.equals("keys")) {
      throw new IllegalStateException(Settings.HTTP_SIGN_IN + " must be entra or keys, got: " + Text.clip(mode));
    }
    String role = Optional.ofNullable(env.get(Settings.HTTP_READER_ROLE)).map(String::trim)
        .filter(v -> !v.isEmpty()).orElse(DEFAULT_ROLE);
    return new HttpAccess(mode.equals("keys"), "true".equalsIgnoreCase(env.get(PLATFORM_AUTH_ENABLED)), role);
  }

  /** The function key alone (tests of what the functions answer, and deployments that chose it). */
  static HttpAccess keysOnly() {
    return new HttpAccess(true, false, DEFAULT_ROLE);
  }

  /** Who called, or why not; when refused, the response says so and discloses nothing else. */
  sealed interface Decision {
    record Allowed(String caller) implements Decision {}

    record Refused(HttpStatus status, String message) implements Decision {}
  }

  Decision check(HttpRequestMessage<?> request) {
    if (keysOnly) {
      return new Decision.Allowed("a holder of the function key");
    }
    if (!platformAuth) {
      return new Decision.Refused(HttpStatus.UNAUTHORIZED, "sign-in is required, but App Service Authentication is"
          + " not on for this app, so no caller can be trusted: deploy infra/ with sign-in (infra/README.md, \"Sign-in"
          + " for people\"), or set " + Settings.HTTP_SIGN_IN + "=keys to rely on the function key alone");
    }
    Optional<String> header = header(request, PRINCIPAL_HEADER);
    if (header.isEmpty()) {
      return new Decision.Refused(HttpStatus.UNAUTHORIZED, "sign in with your Entra ID account (open /.auth/login/aad"
          + " in a browser; tools send an Entra token for this app)");
    }
    JsonNode principal;
    try {
      if (header.get().length() > MAX_HEADER) {
        throw new IOException("too large");
      }
      principal = JSON.readTree(new String(Base64.getDecoder().decode(header.get().trim()), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return new Decision.Refused(HttpStatus.UNAUTHORIZED, "the sign-in could not be read: sign in again");
    }
    String roleType = principal.path("role_typ").asText("");
    Map<String, String> names = new HashMap<>();
    boolean holdsRole = false;
    for (JsonNode claim : principal.path("claims")) {
      String type = claim.path("typ").asText("");
      String value = claim.path("val").asText("");
      if ((type.equals(roleType) || ROLE_CLAIMS.contains(type)) && value.equals(role)) {
        holdsRole = true;
      }
      names.putIfAbsent(type, value);
    }
    String who = NAME_CLAIMS.stream().map(names::get).filter(n -> n != null && !n.isBlank()).findFirst()
        .map(Text::clip).orElse("an unnamed caller");
    if (!holdsRole) {
      return new Decision.Refused(HttpStatus.FORBIDDEN, "signed in as " + who + ", who does not hold the app role "
          + role + ": ask an administrator to assign it to you in Entra ID (Enterprise applications, Access Auditor,"
          + " Users and groups), then sign in again");
    }
    return new Decision.Allowed(who);
  }

  /** The refusal as a response: plain text, never cached. */
  static HttpResponseMessage refuse(HttpRequestMessage<?> request, Decision.Refused refused) {
    return request.createResponseBuilder(refused.status()).header("Content-Type", "text/plain; charset=utf-8")
        .header("Cache-Control", "no-store").body(refused.message()).build();
  }

  private static Optional<String> header(HttpRequestMessage<?> request, String name) {
    return request.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).filter(v -> v != null && !v.isBlank()).findFirst();
  }
}
