locals {
  name = "dbw-${var.name_suffix}"
}

resource "azurerm_databricks_workspace" "this" {
  name                                  = local.name
  location                              = var.location
  resource_group_name                   = var.resource_group_name
  sku                                   = "premium"
  managed_resource_group_name           = "rg-${var.name_suffix}-dbw-managed"
  public_network_access_enabled         = var.public_network_access_enabled
  network_security_group_rules_required = var.public_network_access_enabled ? "AllRules" : "NoAzureDatabricksRules"
  tags                                  = var.tags

  # Secure cluster connectivity: cluster nodes get no public IP.
  custom_parameters {
    no_public_ip                                         = true
    virtual_network_id                                   = var.virtual_network_id
    public_subnet_name                                   = var.host_subnet.name
    private_subnet_name                                  = var.container_subnet.name
    public_subnet_network_security_group_association_id  = var.host_subnet.nsg_association_id
    private_subnet_network_security_group_association_id = var.container_subnet.nsg_association_id
  }
}

resource "azurerm_private_endpoint" "this" {
  count = var.public_network_access_enabled ? 0 : 1

  name                          = "pe-${local.name}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  subnet_id                     = var.private_endpoint_subnet_id
  custom_network_interface_name = "nic-pe-${local.name}"
  tags                          = var.tags

  private_service_connection {
    name                           = "psc-${local.name}"
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    subresource_names              = ["databricks_ui_api"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }

  lifecycle {
    precondition {
      condition     = var.private_dns_zone_id != null
      error_message = "private_dns_zone_id is required when the workspace has public network access disabled."
    }
  }
}
