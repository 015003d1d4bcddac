output "id" {
  description = "Resource ID of the application gateway."
  value       = azurerm_application_gateway.this.id
}

output "name" {
  description = "Name of the application gateway."
  value       = azurerm_application_gateway.this.name
}

output "public_ip_id" {
  description = "Resource ID of the gateway's public IP."
  value       = azurerm_public_ip.this.id
}

output "public_ip_address" {
  description = "Public IP address clients resolve the listener host names to."
  value       = azurerm_public_ip.this.ip_address
}

output "waf_policy_id" {
  description = "Resource ID of the WAF policy (Prevention mode)."
  value       = azurerm_web_application_firewall_policy.this.id
}

output "listener_host_names" {
  description = "HTTPS listener host names keyed by listener."
  value       = { for key, listener in var.listeners : key => listener.host_name }
}

output "ssl_certificate_ids" {
  description = "Versionless Key Vault IDs the gateway reads its certificates from, keyed by certificate name."
  value       = local.ssl_certificates
}
