variable "tenant_id" {
  description = "Microsoft Entra tenant of the platform."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.tenant_id))
    error_message = "tenant_id must be a GUID."
  }
}

variable "subscription_id" {
  description = "Subscription the environment is deployed to; used to build resource-group-scoped role assignment scopes."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.subscription_id))
    error_message = "subscription_id must be a GUID."
  }
}

variable "environment" {
  description = "Name of the environment; this root module deploys development only."
  type        = string

  validation {
    condition     = var.environment == "development"
    error_message = "This root module deploys the development environment only."
  }
}

variable "location" {
  description = "Azure region of every resource. Data must stay in Australia."
  type        = string
  default     = "australiaeast"

  validation {
    condition     = contains(["australiaeast", "australiasoutheast"], var.location)
    error_message = "location must be australiaeast or australiasoutheast (data residency)."
  }
}

variable "name_prefix" {
  description = "Short organisation/workload prefix of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,9}$", var.name_prefix))
    error_message = "name_prefix must be 3-10 lower-case letters or digits, starting with a letter."
  }
}

variable "owner" {
  description = "Team mailbox that owns the environment (tag owner)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9._-]+@[a-z0-9.-]+\\.[a-z]{2,}$", var.owner))
    error_message = "owner must be an e-mail address."
  }
}

variable "cost_center" {
  description = "Cost centre charged for the environment (tag cost_center)."
  type        = string

  validation {
    condition     = can(regex("^CC-[0-9]{4,6}$", var.cost_center))
    error_message = "cost_center must look like CC-1234."
  }
}

variable "additional_tags" {
  description = "Extra tags merged under the required ones (environment, owner, cost_center cannot be overridden)."
  type        = map(string)
  default     = {}
}

variable "address_space" {
  description = "Address space of the environment's virtual network (/16 to /20)."
  type        = string

  validation {
    condition     = can(cidrhost(var.address_space, 0))
    error_message = "address_space must be an IPv4 CIDR."
  }
}

variable "log_analytics" {
  description = "Log Analytics workspace settings."
  type = object({
    sku               = optional(string, "PerGB2018")
    retention_in_days = optional(number, 90)
    daily_quota_gb    = optional(number, -1)
  })
  default = {}

  validation {
    condition     = var.log_analytics.retention_in_days >= 90
    error_message = "log_analytics.retention_in_days must be at least 90 days (LOG002)."
  }
}

variable "key_vault" {
  description = "Key Vault settings."
  type = object({
    sku_name                   = optional(string, "premium")
    soft_delete_retention_days = optional(number, 90)
  })
  default = {}
}

variable "app_gateway" {
  description = "Application Gateway (WAF_v2) settings: capacity, zones, WAF rule set, HTTPS listeners and the Kong backend."
  type = object({
    zones                                 = optional(list(string), [])
    min_capacity                          = number
    max_capacity                          = number
    waf_rule_set_type                     = optional(string, "Microsoft_DefaultRuleSet")
    waf_rule_set_version                  = optional(string, "2.1")
    bot_protection_enabled                = optional(bool, true)
    backend_host_name                     = string
    backend_trusted_root_certificate_name = optional(string)
    listeners = map(object({
      host_name        = string
      certificate_name = string
    }))
  })
}

variable "kong" {
  description = "Kong gateway on Azure Container Instances and its container registry."
  type = object({
    image_repository                       = optional(string, "kong/kong-gateway")
    image_tag                              = string
    cpu                                    = optional(number, 1)
    memory                                 = optional(number, 2)
    registry_sku                           = optional(string, "Premium")
    registry_public_network_access_enabled = optional(bool, false)
    registry_zone_redundancy_enabled       = optional(bool, false)
  })
}

variable "openai" {
  description = "Azure OpenAI account: outbound FQDN allow-list and model deployments."
  type = object({
    allowed_fqdns = list(string)
    deployments = map(object({
      model_name             = string
      model_version          = string
      sku_name               = optional(string, "Standard")
      capacity               = optional(number, 10)
      version_upgrade_option = optional(string, "NoAutoUpgrade")
      rai_policy_name        = optional(string, "Microsoft.DefaultV2")
    }))
  })
}

variable "databricks" {
  description = "Optional VNet-injected Databricks workspace."
  type = object({
    enabled                       = optional(bool, false)
    public_network_access_enabled = optional(bool, false)
  })
  default = {}
}

variable "pipeline" {
  description = "OIDC pipeline identity: who may deploy this environment and with which narrow roles."
  type = object({
    github_repositories = optional(map(object({
      organization = string
      repository   = string
    })), {})
    azure_devops_service_connections = optional(map(object({
      organization              = string
      organization_id           = string
      project                   = string
      service_connection_prefix = string
    })), {})
    role_definition_names = set(string)
  })

  validation {
    condition     = length(var.pipeline.github_repositories) + length(var.pipeline.azure_devops_service_connections) > 0
    error_message = "pipeline needs at least one GitHub repository or Azure DevOps service connection."
  }
}
