output "id" {
  description = "Resource ID of the Databricks workspace."
  value       = azurerm_databricks_workspace.this.id
}

output "workspace_url" {
  description = "URL of the Databricks workspace."
  value       = azurerm_databricks_workspace.this.workspace_url
}

output "private_endpoint_enabled" {
  description = "Whether the workspace is reached through a private endpoint."
  value       = !var.public_network_access_enabled
}
