output "name_suffix" {
  description = "Suffix of every resource name in this environment."
  value       = local.name_suffix
}

output "tags" {
  description = "Tags applied to every taggable resource."
  value       = local.tags
}

output "resource_group_name" {
  description = "Name of the environment's resource group."
  value       = module.common.resource_group_name
}

output "virtual_network_id" {
  description = "ID of the environment's virtual network."
  value       = module.common.virtual_network_id
}

output "subnet_address_prefixes" {
  description = "Subnet CIDRs keyed by subnet role."
  value       = module.common.subnet_address_prefixes
}

output "log_analytics_workspace_id" {
  description = "ID of the Log Analytics workspace."
  value       = module.common.log_analytics_workspace_id
}

output "key_vault_id" {
  description = "ID of the Key Vault."
  value       = module.key_vault.id
}

output "key_vault_uri" {
  description = "URI of the Key Vault."
  value       = module.key_vault.vault_uri
}

output "app_gateway_id" {
  description = "ID of the application gateway."
  value       = module.app_gateway.id
}

output "app_gateway_public_ip_id" {
  description = "ID of the application gateway's public IP."
  value       = module.app_gateway.public_ip_id
}

output "app_gateway_listener_host_names" {
  description = "HTTPS listener host names keyed by listener."
  value       = module.app_gateway.listener_host_names
}

output "kong_private_ip_address" {
  description = "Private IP of the Kong container group."
  value       = module.kong.private_ip_address
}

output "kong_image" {
  description = "Image Kong runs."
  value       = module.kong.image
}

output "openai_endpoint" {
  description = "Private endpoint-resolved URL of the Azure OpenAI account."
  value       = module.openai.endpoint
}

output "openai_deployment_names" {
  description = "Names of the model deployments."
  value       = module.openai.deployment_names
}

output "pipeline_client_id" {
  description = "Client ID for ARM_CLIENT_ID in pipelines (OIDC, no secret)."
  value       = module.pipeline_identity.client_id
}

output "pipeline_federated_subjects" {
  description = "Federated credential subjects trusted by the pipeline identity."
  value       = module.pipeline_identity.federated_subjects
}

output "databricks_workspace_url" {
  description = "URL of the Databricks workspace, or null where Databricks is off."
  value       = try(module.databricks[0].workspace_url, null)
}
