package com.accessauditor.azure;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.ResourceReader;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.resources.ResourceManager;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The live tenant, one adapter per backend: ARM's authorization side ({@link ArmAuthorization}), its
 * resources ({@link ArmResources}), both with Resource Graph for many subscriptions at once, and Microsoft
 * Graph ({@link GraphDirectory}). Errors stop in them: a 404 is "not found" (evidence), anything else is
 * "failed" (a coverage gap the caller must not read as "gone").
 */
public record AzureTenant(AuthorizationReader authorization, ResourceReader resources, Directory directory) {
  /** getById calls take full ids; the client's own subscription is never used for them. */
  private static final String ANY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  /** The public cloud (or the endpoints given) with the app's credential. */
  public static AzureTenant connect(TokenCredential credential, AzureEndpoints endpoints) {
    return connect(credential, endpoints, AzurePipelines.httpClient(null, Duration.ofSeconds(20)));
  }

  /** For a server with a private certificate (tests, proxies): trust what {@code tls} trusts. */
  public static AzureTenant connect(TokenCredential credential, AzureEndpoints endpoints, SSLContext tls,
      Duration responseTimeout) {
    return connect(credential, endpoints, AzurePipelines.httpClient(tls, responseTimeout));
  }

  private static AzureTenant connect(TokenCredential credential, AzureEndpoints endpoints, HttpClient client) {
    AzureEnvironment environment = new AzureEnvironment(Map.of(
        "resourceManagerEndpointUrl", endpoints.resourceManager(),
        "managementEndpointUrl", endpoints.resourceManager(),
        "microsoftGraphResourceId", endpoints.graph(),
        "activeDirectoryEndpointUrl", "https://login.microsoftonline.com/"));
    AzureProfile profile = new AzureProfile(null, ANY_SUBSCRIPTION, environment);
    HttpPipeline armPipeline = AzurePipelines.pipeline(client, credential, endpoints.resourceManager() + ".default");
    AzureRest arm = new AzureRest(armPipeline, endpoints.resourceManager());
    ResourceGraph resourceGraph = new ResourceGraph(arm);
    AzureRest graph = new AzureRest(AzurePipelines.pipeline(client, credential, endpoints.graph() + ".default"),
        endpoints.graph());
    return new AzureTenant(
        new ArmAuthorization(AuthorizationManager.authenticate(armPipeline, profile).roleServiceClient(), arm,
            resourceGraph),
        new ArmResources(ResourceManager.authenticate(armPipeline, profile).withSubscription(ANY_SUBSCRIPTION), arm,
            resourceGraph),
        new GraphDirectory(graph));
  }
}
