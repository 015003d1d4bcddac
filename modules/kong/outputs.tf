output "container_group_id" {
  description = "Resource ID of the Kong container group."
  value       = azurerm_container_group.this.id
}

output "private_ip_address" {
  description = "Private IP of the Kong container group, the App Gateway's backend."
  value       = azurerm_container_group.this.ip_address
}

output "proxy_ports" {
  description = "Ports Kong exposes (proxy only; the admin API is bound to loopback)."
  value       = local.proxy_ports
}

output "registry_id" {
  description = "Resource ID of the container registry."
  value       = azurerm_container_registry.this.id
}

output "registry_login_server" {
  description = "Login server of the container registry."
  value       = local.registry_login_server
}

output "image" {
  description = "Full image reference Kong runs."
  value       = local.image
}
