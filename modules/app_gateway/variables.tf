variable "name_suffix" {
  description = "Suffix shared by every resource name of this environment, for example \"contosoai-prd-aue\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,9}-[a-z]{3}-[a-z]{3,4}$", var.name_suffix))
    error_message = "name_suffix must look like PREFIX-ENV-REGION, for example \"contosoai-prd-aue\"."
  }
}

variable "resource_group_name" {
  description = "Name of the resource group that holds the resources."
  type        = string

  validation {
    condition     = can(regex("^rg-[a-z0-9-]{3,86}$", var.resource_group_name))
    error_message = "resource_group_name must start with \"rg-\" and use lower-case letters, digits and hyphens."
  }
}

variable "location" {
  description = "Azure region of every resource. Data must stay in Australia."
  type        = string

  validation {
    condition     = contains(["australiaeast", "australiasoutheast"], var.location)
    error_message = "location must be australiaeast or australiasoutheast (data residency)."
  }
}

variable "tags" {
  description = "Tags applied to every resource that supports them; must carry environment, owner and cost_center."
  type        = map(string)

  validation {
    condition     = alltrue([for key in ["environment", "owner", "cost_center"] : contains(keys(var.tags), key)])
    error_message = "tags must contain the keys environment, owner and cost_center."
  }
}

variable "subnet_id" {
  description = "Dedicated App Gateway subnet."
  type        = string
}

variable "identity_id" {
  description = "User-assigned identity the gateway uses to read its certificates from Key Vault."
  type        = string
}

variable "key_vault_uri" {
  description = "URI of the Key Vault that holds the gateway's certificates, https://VAULT.vault.azure.net/."
  type        = string

  validation {
    condition     = can(regex("^https://[a-zA-Z0-9-]{3,24}\\.vault\\.azure\\.net/$", var.key_vault_uri))
    error_message = "key_vault_uri must be https://VAULT.vault.azure.net/."
  }
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace that receives the gateway's access, performance and firewall logs."
  type        = string
}

variable "log_category_groups" {
  description = "Diagnostic log category groups to send to Log Analytics."
  type        = set(string)
  default     = ["allLogs"]

  validation {
    condition     = length(var.log_category_groups) > 0 && alltrue([for group in var.log_category_groups : contains(["allLogs", "audit"], group)])
    error_message = "log_category_groups must name allLogs and/or audit."
  }
}

variable "zones" {
  description = "Availability zones for the gateway and its public IP; empty for a zonal-agnostic deployment."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for zone in var.zones : contains(["1", "2", "3"], zone)])
    error_message = "zones may only contain \"1\", \"2\" and \"3\"."
  }
}

variable "autoscale" {
  description = "Autoscale bounds in capacity units."
  type = object({
    min_capacity = number
    max_capacity = number
  })

  validation {
    condition     = var.autoscale.min_capacity >= 0 && var.autoscale.max_capacity <= 125 && var.autoscale.min_capacity <= var.autoscale.max_capacity
    error_message = "autoscale needs 0 <= min_capacity <= max_capacity <= 125."
  }
}

variable "waf" {
  description = "WAF policy settings. The policy always runs in Prevention mode with request body inspection on."
  type = object({
    rule_set_type               = optional(string, "Microsoft_DefaultRuleSet")
    rule_set_version            = optional(string, "2.1")
    bot_protection_enabled      = optional(bool, true)
    file_upload_limit_in_mb     = optional(number, 100)
    max_request_body_size_in_kb = optional(number, 128)
  })
  default = {}

  validation {
    condition     = contains(["OWASP/3.2", "Microsoft_DefaultRuleSet/2.1"], "${var.waf.rule_set_type}/${var.waf.rule_set_version}")
    error_message = "waf rule set must be OWASP 3.2 or Microsoft_DefaultRuleSet 2.1."
  }

  validation {
    condition     = var.waf.max_request_body_size_in_kb >= 8 && var.waf.max_request_body_size_in_kb <= 2000
    error_message = "waf.max_request_body_size_in_kb must be between 8 and 2000."
  }
}

variable "listeners" {
  description = "HTTPS listeners keyed by name. Each gets a port-80 twin that only redirects to it."
  type = map(object({
    host_name        = string
    certificate_name = string
  }))

  validation {
    condition     = length(var.listeners) > 0
    error_message = "At least one HTTPS listener is required."
  }

  validation {
    condition     = alltrue([for key in keys(var.listeners) : can(regex("^[a-z][a-z0-9-]{0,30}$", key))])
    error_message = "Listener keys must be lower-case letters, digits and hyphens, starting with a letter."
  }

  validation {
    condition     = alltrue([for listener in values(var.listeners) : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", listener.host_name))])
    error_message = "Each listener host_name must be a lower-case DNS name."
  }

  validation {
    condition     = alltrue([for listener in values(var.listeners) : can(regex("^[0-9a-zA-Z-]{1,127}$", listener.certificate_name))])
    error_message = "Each certificate_name must be a Key Vault certificate name (letters, digits, hyphens)."
  }
}

variable "backend" {
  description = "The Kong proxy behind the gateway, reached over TLS."
  type = object({
    ip_addresses                  = list(string)
    host_name                     = string
    port                          = optional(number, 8443)
    probe_path                    = optional(string, "/healthz")
    request_timeout               = optional(number, 60)
    trusted_root_certificate_name = optional(string)
  })

  validation {
    condition     = contains([8000, 8443], var.backend.port)
    error_message = "backend.port must be a Kong proxy port (8000 or 8443)."
  }

  validation {
    condition     = can(regex("^/", var.backend.probe_path))
    error_message = "backend.probe_path must start with /."
  }
}
