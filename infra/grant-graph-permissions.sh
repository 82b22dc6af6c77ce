#!/usr/bin/env bash
# Grants the auditor's identity the Microsoft Graph application permission it needs, for when the Bicep
# Microsoft Graph extension cannot be used (deploy main.bicep with grantGraphPermissions=false).
# Run by a Privileged Role Administrator (or Global Administrator) signed in with `az login`:
#   infra/grant-graph-permissions.sh <runtimePrincipalId output of main.bicep>
# Safe to run again: a permission already granted is left as it is. Same list as modules/graph-permissions.bicep.
set -euo pipefail

principal="${1:-}"
if [[ ! "$principal" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "usage: $0 <object id (GUID) of the auditor's managed identity>, got: '${principal}'" >&2
  exit 2
fi

permissions=(Directory.Read.All)
graph_app_id=00000003-0000-0000-c000-000000000000
graph_sp=$(az ad sp show --id "$graph_app_id" --query id -o tsv)
assignments="https://graph.microsoft.com/v1.0/servicePrincipals/${principal}/appRoleAssignments"

for permission in "${permissions[@]}"; do
  role=$(az ad sp show --id "$graph_app_id" \
    --query "appRoles[?value=='${permission}' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  if [[ -z "$role" ]]; then
    echo "Microsoft Graph has no application permission named ${permission}" >&2
    exit 1
  fi
  granted=$(az rest --method GET --url "$assignments" --query "length(value[?appRoleId=='${role}'])" -o tsv)
  if [[ "$granted" != "0" ]]; then
    echo "${permission}: already granted"
    continue
  fi
  az rest --method POST --url "$assignments" --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"${principal}\",\"resourceId\":\"${graph_sp}\",\"appRoleId\":\"${role}\"}" >/dev/null
  echo "${permission}: granted"
done
