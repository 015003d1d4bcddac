locals {
  environment_codes = {
    production  = "prd"
    staging     = "stg"
    development = "dev"
  }
  location_codes = {
    australiaeast      = "aue"
    australiasoutheast = "ause"
  }

  name_suffix = "${var.name_prefix}-${local.environment_codes[var.environment]}-${local.location_codes[var.location]}"

  tags = merge(var.additional_tags, {
    environment    = var.environment
    owner          = var.owner
    cost_center    = var.cost_center
    data_residency = "australia"
    managed_by     = "terraform"
  })

  # A resource group ID is fully determined by subscription and name; building it here keeps
  # role assignment scopes known at plan time (and visibly resource-group scoped).
  resource_group_id = "/subscriptions/${var.subscription_id}/resourceGroups/${module.common.resource_group_name}"

  private_dns_zone_catalog = {
    key_vault = {
      zone    = "privatelink.vaultcore.azure.net"
      enabled = true
    }
    openai = {
      zone    = "privatelink.openai.azure.com"
      enabled = true
    }
    container_registry = {
      zone    = "privatelink.azurecr.io"
      enabled = !var.kong.registry_public_network_access_enabled
    }
    databricks = {
      zone    = "privatelink.azuredatabricks.net"
      enabled = var.databricks.enabled && !var.databricks.public_network_access_enabled
    }
  }

  private_dns_zones = {
    for key, entry in local.private_dns_zone_catalog : key => entry.zone if entry.enabled
  }

  appgw_identity = module.common.workload_identities["appgw"]
  kong_identity  = module.common.workload_identities["kong"]
}

module "common" {
  source = "../common"

  name_suffix         = local.name_suffix
  location            = var.location
  tags                = local.tags
  address_space       = var.address_space
  databricks_enabled  = var.databricks.enabled
  log_analytics       = var.log_analytics
  workload_identities = ["appgw", "kong"]
  private_dns_zones   = local.private_dns_zones
}

module "pipeline_identity" {
  source = "../pipeline_identity"

  name_suffix                      = local.name_suffix
  resource_group_name              = module.common.resource_group_name
  location                         = var.location
  tags                             = local.tags
  environment                      = var.environment
  github_repositories              = var.pipeline.github_repositories
  azure_devops_service_connections = var.pipeline.azure_devops_service_connections
  role_scope_id                    = local.resource_group_id
  role_definition_names            = var.pipeline.role_definition_names
}

module "key_vault" {
  source = "../key_vault"

  name_suffix                = local.name_suffix
  resource_group_name        = module.common.resource_group_name
  location                   = var.location
  tags                       = local.tags
  tenant_id                  = var.tenant_id
  sku_name                   = var.key_vault.sku_name
  soft_delete_retention_days = var.key_vault.soft_delete_retention_days
  private_endpoint_subnet_id = module.common.subnet_ids["private_endpoints"]
  private_dns_zone_id        = module.common.private_dns_zone_ids["key_vault"]
  log_analytics_workspace_id = module.common.log_analytics_workspace_id

  role_assignments = {
    appgw_tls_read = {
      principal_id         = local.appgw_identity.principal_id
      role_definition_name = "Key Vault Secrets User"
    }
    appgw_tls_metadata = {
      principal_id         = local.appgw_identity.principal_id
      role_definition_name = "Key Vault Certificate User"
    }
    kong_config_read = {
      principal_id         = local.kong_identity.principal_id
      role_definition_name = "Key Vault Secrets User"
    }
  }
}

module "openai" {
  source = "../openai"

  name_suffix                = local.name_suffix
  resource_group_name        = module.common.resource_group_name
  location                   = var.location
  tags                       = local.tags
  allowed_fqdns              = var.openai.allowed_fqdns
  deployments                = var.openai.deployments
  private_endpoint_subnet_id = module.common.subnet_ids["private_endpoints"]
  private_dns_zone_id        = module.common.private_dns_zone_ids["openai"]
  log_analytics_workspace_id = module.common.log_analytics_workspace_id

  user_principal_ids = {
    kong = local.kong_identity.principal_id
  }
}

module "kong" {
  source = "../kong"

  name_suffix                = local.name_suffix
  resource_group_name        = module.common.resource_group_name
  location                   = var.location
  tags                       = local.tags
  tenant_id                  = var.tenant_id
  subnet_id                  = module.common.subnet_ids["kong"]
  identity                   = local.kong_identity
  key_vault_uri              = module.key_vault.vault_uri
  openai_endpoint            = module.openai.endpoint
  private_endpoint_subnet_id = module.common.subnet_ids["private_endpoints"]
  private_dns_zone_id        = lookup(module.common.private_dns_zone_ids, "container_registry", null)

  container = {
    image_repository = var.kong.image_repository
    image_tag        = var.kong.image_tag
    cpu              = var.kong.cpu
    memory           = var.kong.memory
  }

  registry = {
    sku                           = var.kong.registry_sku
    public_network_access_enabled = var.kong.registry_public_network_access_enabled
    zone_redundancy_enabled       = var.kong.registry_zone_redundancy_enabled
  }

  # Kong resolves its TLS material from Key Vault at start: its role must exist first.
  depends_on = [module.key_vault]
}

module "app_gateway" {
  source = "../app_gateway"

  name_suffix                = local.name_suffix
  resource_group_name        = module.common.resource_group_name
  location                   = var.location
  tags                       = local.tags
  subnet_id                  = module.common.subnet_ids["appgw"]
  identity_id                = local.appgw_identity.id
  key_vault_uri              = module.key_vault.vault_uri
  log_analytics_workspace_id = module.common.log_analytics_workspace_id
  zones                      = var.app_gateway.zones
  listeners                  = var.app_gateway.listeners

  autoscale = {
    min_capacity = var.app_gateway.min_capacity
    max_capacity = var.app_gateway.max_capacity
  }

  waf = {
    rule_set_type          = var.app_gateway.waf_rule_set_type
    rule_set_version       = var.app_gateway.waf_rule_set_version
    bot_protection_enabled = var.app_gateway.bot_protection_enabled
  }

  backend = {
    ip_addresses                  = [module.kong.private_ip_address]
    host_name                     = var.app_gateway.backend_host_name
    trusted_root_certificate_name = var.app_gateway.backend_trusted_root_certificate_name
  }

  # The gateway reads its certificates from Key Vault while it is created: its roles must exist first.
  depends_on = [module.key_vault]
}

module "databricks" {
  source = "../databricks"
  count  = var.databricks.enabled ? 1 : 0

  name_suffix                   = local.name_suffix
  resource_group_name           = module.common.resource_group_name
  location                      = var.location
  tags                          = local.tags
  virtual_network_id            = module.common.virtual_network_id
  public_network_access_enabled = var.databricks.public_network_access_enabled
  private_endpoint_subnet_id    = module.common.subnet_ids["private_endpoints"]
  private_dns_zone_id           = lookup(module.common.private_dns_zone_ids, "databricks", null)

  host_subnet = {
    name               = lookup(module.common.subnet_names, "databricks_host", null)
    nsg_association_id = lookup(module.common.subnet_nsg_association_ids, "databricks_host", null)
  }

  container_subnet = {
    name               = lookup(module.common.subnet_names, "databricks_container", null)
    nsg_association_id = lookup(module.common.subnet_nsg_association_ids, "databricks_container", null)
  }
}
