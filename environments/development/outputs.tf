output "resource_group_name" {
  description = "Name of the environment's resource group."
  value       = module.platform.resource_group_name
}

output "subnet_address_prefixes" {
  description = "Subnet CIDRs keyed by subnet role."
  value       = module.platform.subnet_address_prefixes
}

output "key_vault_uri" {
  description = "URI of the Key Vault (reachable through its private endpoint only)."
  value       = module.platform.key_vault_uri
}

output "app_gateway_public_ip_id" {
  description = "ID of the application gateway's public IP."
  value       = module.platform.app_gateway_public_ip_id
}

output "app_gateway_listener_host_names" {
  description = "HTTPS listener host names keyed by listener."
  value       = module.platform.app_gateway_listener_host_names
}

output "openai_endpoint" {
  description = "URL of the Azure OpenAI account (private endpoint)."
  value       = module.platform.openai_endpoint
}

output "openai_deployment_names" {
  description = "Names of the model deployments."
  value       = module.platform.openai_deployment_names
}

output "pipeline_client_id" {
  description = "Client ID for ARM_CLIENT_ID in this environment's pipelines (OIDC, no secret)."
  value       = module.platform.pipeline_client_id
}

output "pipeline_federated_subjects" {
  description = "Federated credential subjects trusted by this environment's pipeline identity."
  value       = module.platform.pipeline_federated_subjects
}

output "databricks_workspace_url" {
  description = "URL of the Databricks workspace, or null where Databricks is off."
  value       = module.platform.databricks_workspace_url
}
