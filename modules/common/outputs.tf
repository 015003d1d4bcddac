output "resource_group_name" {
  description = "Name of the platform resource group."
  value       = azurerm_resource_group.this.name
}

output "resource_group_id" {
  description = "ID of the platform resource group."
  value       = azurerm_resource_group.this.id
}

output "virtual_network_id" {
  description = "ID of the platform virtual network."
  value       = azurerm_virtual_network.this.id
}

output "subnet_ids" {
  description = "Subnet IDs keyed by subnet role (appgw, kong, private_endpoints, databricks_*)."
  value       = { for key, subnet in azurerm_subnet.this : key => subnet.id }
}

output "subnet_names" {
  description = "Subnet names keyed by subnet role."
  value       = { for key, subnet in local.subnets : key => subnet.name }
}

output "subnet_address_prefixes" {
  description = "Subnet CIDRs keyed by subnet role, as computed with cidrsubnet()."
  value       = { for key, subnet in local.subnets : key => subnet.address_prefix }
}

output "subnet_nsg_association_ids" {
  description = "IDs of the subnet/NSG associations keyed by subnet role (Databricks needs them)."
  value       = { for key, association in azurerm_subnet_network_security_group_association.this : key => association.id }
}

output "network_security_group_ids" {
  description = "NSG IDs keyed by subnet role."
  value       = { for key, nsg in azurerm_network_security_group.this : key => nsg.id }
}

output "log_analytics_workspace_id" {
  description = "Resource ID of the Log Analytics workspace that receives every diagnostic setting."
  value       = azurerm_log_analytics_workspace.this.id
}

output "workload_identities" {
  description = "User-assigned identities keyed by workload: resource id, principal id and client id."
  value = {
    for key, identity in azurerm_user_assigned_identity.workload : key => {
      id           = identity.id
      principal_id = identity.principal_id
      client_id    = identity.client_id
    }
  }
}

output "private_dns_zone_ids" {
  description = "Private DNS zone IDs keyed by service."
  value       = { for key, zone in azurerm_private_dns_zone.this : key => zone.id }
}
