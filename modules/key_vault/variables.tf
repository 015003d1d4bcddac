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

variable "tenant_id" {
  description = "Microsoft Entra tenant that authorizes access to the vault."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.tenant_id))
    error_message = "tenant_id must be a GUID."
  }
}

variable "sku_name" {
  description = "Key Vault SKU; premium keeps keys in HSMs."
  type        = string
  default     = "premium"

  validation {
    condition     = contains(["standard", "premium"], var.sku_name)
    error_message = "sku_name must be standard or premium."
  }
}

variable "soft_delete_retention_days" {
  description = "Days a deleted vault or object stays recoverable."
  type        = number
  default     = 90

  validation {
    condition     = var.soft_delete_retention_days >= 7 && var.soft_delete_retention_days <= 90
    error_message = "soft_delete_retention_days must be between 7 and 90."
  }
}

variable "private_endpoint_subnet_id" {
  description = "Subnet that holds the vault's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "ID of the privatelink.vaultcore.azure.net zone the private endpoint registers in."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace that receives the vault's diagnostic logs."
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

variable "role_assignments" {
  description = "Data-plane role assignments on the vault, keyed by a stable name. Only narrow built-in roles are accepted."
  type = map(object({
    principal_id         = string
    role_definition_name = string
  }))
  default = {}

  validation {
    condition = alltrue([
      for assignment in values(var.role_assignments) : contains([
        "Key Vault Secrets User",
        "Key Vault Certificate User",
        "Key Vault Crypto User",
        "Key Vault Reader",
      ], assignment.role_definition_name)
    ])
    error_message = "role_assignments may only use Key Vault Secrets User, Key Vault Certificate User, Key Vault Crypto User or Key Vault Reader."
  }
}
