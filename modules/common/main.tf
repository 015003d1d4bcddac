locals {
  base_prefix_length = tonumber(split("/", var.address_space)[1])

  # Subnets are sized by prefix length; netnum counts blocks of that size from the start of the
  # address space, so the /24s fill the first /22 and the Databricks /22s follow it.
  subnet_layout = {
    appgw = {
      name                              = "snet-appgw"
      prefix_length                     = 24
      netnum                            = 0
      delegation                        = null
      private_endpoint_network_policies = "Disabled"
      databricks                        = false
    }
    kong = {
      name                              = "snet-kong"
      prefix_length                     = 24
      netnum                            = 1
      delegation                        = "Microsoft.ContainerInstance/containerGroups"
      private_endpoint_network_policies = "Disabled"
      databricks                        = false
    }
    private_endpoints = {
      name                              = "snet-private-endpoints"
      prefix_length                     = 24
      netnum                            = 2
      delegation                        = null
      private_endpoint_network_policies = "Enabled"
      databricks                        = false
    }
    databricks_host = {
      name                              = "snet-databricks-host"
      prefix_length                     = 22
      netnum                            = 1
      delegation                        = "Microsoft.Databricks/workspaces"
      private_endpoint_network_policies = "Disabled"
      databricks                        = true
    }
    databricks_container = {
      name                              = "snet-databricks-container"
      prefix_length                     = 22
      netnum                            = 2
      delegation                        = "Microsoft.Databricks/workspaces"
      private_endpoint_network_policies = "Disabled"
      databricks                        = true
    }
  }

  subnets = {
    for key, subnet in local.subnet_layout : key => merge(subnet, {
      address_prefix = cidrsubnet(var.address_space, subnet.prefix_length - local.base_prefix_length, subnet.netnum)
    }) if var.databricks_enabled || !subnet.databricks
  }

  delegation_actions = {
    "Microsoft.ContainerInstance/containerGroups" = [
      "Microsoft.Network/virtualNetworks/subnets/action",
    ]
    "Microsoft.Databricks/workspaces" = [
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
      "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
    ]
  }

  appgw_prefix = cidrsubnet(var.address_space, local.subnet_layout.appgw.prefix_length - local.base_prefix_length, local.subnet_layout.appgw.netnum)
  kong_prefix  = cidrsubnet(var.address_space, local.subnet_layout.kong.prefix_length - local.base_prefix_length, local.subnet_layout.kong.netnum)

  deny_all_inbound = {
    priority    = 4096
    access      = "Deny"
    protocol    = "*"
    source      = "*"
    destination = "*"
    ports       = ["*"]
  }

  # Inbound rules per subnet. Only the App Gateway subnet admits Internet traffic, and only to
  # 80 (redirect) and 443; everything else is reachable from a named source only.
  nsg_rules = {
    appgw = {
      AllowInternetHttpsInbound = {
        priority    = 100
        access      = "Allow"
        protocol    = "Tcp"
        source      = "Internet"
        destination = local.appgw_prefix
        ports       = ["443"]
      }
      AllowInternetHttpRedirectInbound = {
        priority    = 110
        access      = "Allow"
        protocol    = "Tcp"
        source      = "Internet"
        destination = local.appgw_prefix
        ports       = ["80"]
      }
      AllowGatewayManagerInbound = {
        priority    = 120
        access      = "Allow"
        protocol    = "Tcp"
        source      = "GatewayManager"
        destination = "*"
        ports       = ["65200-65535"]
      }
      AllowAzureLoadBalancerInbound = {
        priority    = 130
        access      = "Allow"
        protocol    = "*"
        source      = "AzureLoadBalancer"
        destination = "*"
        ports       = ["*"]
      }
      DenyAllInbound = local.deny_all_inbound
    }
    kong = {
      AllowAppGatewayToKongProxyInbound = {
        priority    = 100
        access      = "Allow"
        protocol    = "Tcp"
        source      = local.appgw_prefix
        destination = local.kong_prefix
        ports       = ["8000", "8443"]
      }
      DenyAllInbound = local.deny_all_inbound
    }
    private_endpoints = {
      AllowVirtualNetworkHttpsInbound = {
        priority    = 100
        access      = "Allow"
        protocol    = "Tcp"
        source      = "VirtualNetwork"
        destination = "VirtualNetwork"
        ports       = ["443"]
      }
      DenyAllInbound = local.deny_all_inbound
    }
    databricks_host = {
      AllowDatabricksWorkerInbound = {
        priority    = 100
        access      = "Allow"
        protocol    = "*"
        source      = "VirtualNetwork"
        destination = "VirtualNetwork"
        ports       = ["*"]
      }
      DenyAllInbound = local.deny_all_inbound
    }
    databricks_container = {
      AllowDatabricksWorkerInbound = {
        priority    = 100
        access      = "Allow"
        protocol    = "*"
        source      = "VirtualNetwork"
        destination = "VirtualNetwork"
        ports       = ["*"]
      }
      DenyAllInbound = local.deny_all_inbound
    }
  }
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name_suffix}"
  location = var.location
  tags     = var.tags
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${var.name_suffix}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  address_space       = [var.address_space]
  tags                = var.tags
}

resource "azurerm_subnet" "this" {
  for_each = local.subnets

  name                              = each.value.name
  resource_group_name               = azurerm_resource_group.this.name
  virtual_network_name              = azurerm_virtual_network.this.name
  address_prefixes                  = [each.value.address_prefix]
  private_endpoint_network_policies = each.value.private_endpoint_network_policies

  dynamic "delegation" {
    for_each = each.value.delegation == null ? [] : [each.value.delegation]

    content {
      name = "delegation"

      service_delegation {
        name    = delegation.value
        actions = local.delegation_actions[delegation.value]
      }
    }
  }
}

resource "azurerm_network_security_group" "this" {
  for_each = local.subnets

  name                = "nsg-${replace(each.key, "_", "-")}-${var.name_suffix}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags

  dynamic "security_rule" {
    for_each = local.nsg_rules[each.key]

    content {
      name                       = security_rule.key
      priority                   = security_rule.value.priority
      direction                  = "Inbound"
      access                     = security_rule.value.access
      protocol                   = security_rule.value.protocol
      source_port_range          = "*"
      source_address_prefix      = security_rule.value.source
      destination_address_prefix = security_rule.value.destination
      destination_port_range     = length(security_rule.value.ports) == 1 ? security_rule.value.ports[0] : null
      destination_port_ranges    = length(security_rule.value.ports) > 1 ? security_rule.value.ports : null
    }
  }
}

resource "azurerm_subnet_network_security_group_association" "this" {
  for_each = local.subnets

  subnet_id                 = azurerm_subnet.this[each.key].id
  network_security_group_id = azurerm_network_security_group.this[each.key].id
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-${var.name_suffix}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  sku                 = var.log_analytics.sku
  retention_in_days   = var.log_analytics.retention_in_days
  daily_quota_gb      = var.log_analytics.daily_quota_gb
  tags                = var.tags
}

resource "azurerm_user_assigned_identity" "workload" {
  for_each = var.workload_identities

  name                = "id-${each.key}-${var.name_suffix}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone" "this" {
  for_each = var.private_dns_zones

  name                = each.value
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each = var.private_dns_zones

  name                  = "link-${replace(each.key, "_", "-")}-${var.name_suffix}"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.this[each.key].name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = var.tags
}
