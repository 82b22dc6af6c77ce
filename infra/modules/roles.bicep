// The built-in roles infra/ grants, by the name Azure shows. Nothing is granted that is not listed here,
// and InfraConsistencyTest checks every id against Microsoft's published definition of the role named
// beside it. Owner, Contributor and the role-assigning roles are deliberately absent.

@export()
@description('Built-in role definition ids (GUIDs), keyed by role name.')
var builtInRoles = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6'
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893'
  'EventGrid Data Sender': 'd5a91429-5739-47e2-a06b-3470a27159e7'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
}

