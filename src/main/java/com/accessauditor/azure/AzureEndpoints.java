package com.accessauditor.azure;

/**
 * Where ARM and Microsoft Graph live: the public cloud by default, a sovereign cloud or a local test
 * server when configured. Both must be https: azure-core refuses bearer tokens over plain http.
 */
public record AzureEndpoints(String resourceManager, String graph) {
  public static final AzureEndpoints PUBLIC_CLOUD =
      new AzureEndpoints("https://management.azure.com/", "https://graph.microsoft.com/");

  public AzureEndpoints {
    resourceManager = withSlash(requireHttps(resourceManager, "resourceManager"));
    graph = withSlash(requireHttps(graph, "graph"));
  }

  private static String requireHttps(String url, String name) {
    if (url == null || !url.startsWith("https://")) {
      throw new IllegalArgumentException("'" + name + "' endpoint must be an https URL, got: " + url);
    }
    return url;
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
