output "id" {
  description = "Resource ID of the pipeline identity."
  value       = azurerm_user_assigned_identity.this.id
}

output "client_id" {
  description = "Client ID pipelines put in ARM_CLIENT_ID (with ARM_USE_OIDC=true); there is no secret."
  value       = azurerm_user_assigned_identity.this.client_id
}

output "principal_id" {
  description = "Principal ID of the pipeline identity."
  value       = azurerm_user_assigned_identity.this.principal_id
}

output "federated_subjects" {
  description = "Federated credential subjects keyed by credential name."
  value       = { for key, credential in local.federated_credentials : key => credential.subject }
}
