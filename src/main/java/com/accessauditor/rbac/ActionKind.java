package com.accessauditor.rbac;

import java.util.List;

/**
 * Control plane (ARM: `Actions`) or data plane (`DataActions`: blob contents, queue messages, secret values).
 * A role grants one or the other, never one through the other: Owner's `*` does not read a blob.
 */
public enum ActionKind {
  CONTROL,
  DATA;

  /**
   * Data-plane operations by their shape, for actions typed in without saying which kind they are. The
   * error parsers know the kind from the service that refused.
   */
  private static final List<String> DATA_PATTERNS = List.of(
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*",
      "Microsoft.Storage/storageAccounts/queueServices/queues/messages/*",
      "Microsoft.Storage/storageAccounts/tableServices/tables/entities/*",
      "Microsoft.Storage/storageAccounts/fileServices/fileshares/files/*",
      "Microsoft.KeyVault/vaults/secrets/*/action",
      "Microsoft.KeyVault/vaults/secrets/delete",
      "Microsoft.KeyVault/vaults/keys/*/action",
      "Microsoft.KeyVault/vaults/keys/delete",
      "Microsoft.KeyVault/vaults/certificates/*",
      "Microsoft.ServiceBus/namespaces/messages/*",
      "Microsoft.EventHub/namespaces/messages/*");

  public static ActionKind infer(String action) {
    return DATA_PATTERNS.stream().anyMatch(p -> ActionPattern.matches(p, action)) ? DATA : CONTROL;
  }
}
