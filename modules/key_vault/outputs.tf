output "id" {
  description = "Resource ID of the Key Vault."
  value       = azurerm_key_vault.this.id
}

output "name" {
  description = "Name of the Key Vault."
  value       = azurerm_key_vault.this.name
}

output "vault_uri" {
  description = "Data-plane URI of the Key Vault."
  value       = "https://${local.name}.vault.azure.net/"
}

output "private_endpoint_id" {
  description = "ID of the vault's private endpoint."
  value       = azurerm_private_endpoint.this.id
}
