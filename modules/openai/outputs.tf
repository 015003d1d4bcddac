output "id" {
  description = "Resource ID of the Azure OpenAI account."
  value       = azurerm_cognitive_account.this.id
}

output "name" {
  description = "Name (and custom subdomain) of the Azure OpenAI account."
  value       = azurerm_cognitive_account.this.name
}

output "endpoint" {
  description = "Endpoint of the account, resolved privately through privatelink.openai.azure.com."
  value       = "https://${local.name}.openai.azure.com/"
}

output "principal_id" {
  description = "Principal ID of the account's system-assigned identity."
  value       = azurerm_cognitive_account.this.identity[0].principal_id
}

output "deployment_names" {
  description = "Names of the model deployments."
  value       = keys(var.deployments)
}
