variable "name_suffix" {
  description = "Suffix shared by every resource name of this environment, for example \"contosoai-prd-aue\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,9}-[a-z]{3}-[a-z]{3,4}$", var.name_suffix))
    error_message = "name_suffix must look like PREFIX-ENV-REGION, for example \"contosoai-prd-aue\"."
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

variable "address_space" {
  description = "Address space of the virtual network, a /16 to /20 IPv4 CIDR. Subnets are carved from it with cidrsubnet()."
  type        = string

  validation {
    condition     = can(cidrhost(var.address_space, 0)) && tonumber(split("/", var.address_space)[1]) >= 16 && tonumber(split("/", var.address_space)[1]) <= 20
    error_message = "address_space must be an IPv4 CIDR with a prefix length from /16 to /20."
  }
}

variable "databricks_enabled" {
  description = "Whether to carve the two delegated Databricks subnets (host and container)."
  type        = bool
  default     = false
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
    condition     = var.log_analytics.retention_in_days >= 30 && var.log_analytics.retention_in_days <= 730
    error_message = "log_analytics.retention_in_days must be between 30 and 730 days."
  }

  validation {
    condition     = contains(["PerGB2018", "CapacityReservation"], var.log_analytics.sku)
    error_message = "log_analytics.sku must be PerGB2018 or CapacityReservation."
  }

  validation {
    condition     = var.log_analytics.daily_quota_gb == -1 || var.log_analytics.daily_quota_gb >= 1
    error_message = "log_analytics.daily_quota_gb must be -1 (no cap) or at least 1."
  }
}

variable "workload_identities" {
  description = "User-assigned identities to create, one per workload, keyed by workload (for example appgw, kong)."
  type        = set(string)

  validation {
    condition     = alltrue([for workload in var.workload_identities : can(regex("^[a-z][a-z0-9]{1,15}$", workload))])
    error_message = "Each workload name must be 2-16 lower-case letters or digits, starting with a letter."
  }
}

variable "private_dns_zones" {
  description = "Private DNS zones for private endpoints, keyed by service, each linked to the virtual network."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for zone in values(var.private_dns_zones) : can(regex("^privatelink\\.", zone))])
    error_message = "Each private DNS zone must be a privatelink.* zone."
  }
}
