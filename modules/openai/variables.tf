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

variable "sku_name" {
  description = "SKU of the Azure OpenAI account."
  type        = string
  default     = "S0"

  validation {
    condition     = var.sku_name == "S0"
    error_message = "Azure OpenAI accounts only offer the S0 SKU."
  }
}

variable "allowed_fqdns" {
  description = "The only FQDNs the account may call out to (outbound access is restricted)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_fqdns) > 0
    error_message = "allowed_fqdns must list at least one FQDN: outbound access is restricted to this list."
  }

  validation {
    condition     = alltrue([for fqdn in var.allowed_fqdns : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", fqdn))])
    error_message = "Each allowed FQDN must be a lower-case DNS name without wildcards."
  }
}

variable "deployments" {
  description = "Model deployments keyed by deployment name. Only regional SKUs are accepted so prompts stay in the account's region."
  type = map(object({
    model_name             = string
    model_version          = string
    sku_name               = optional(string, "Standard")
    capacity               = optional(number, 10)
    version_upgrade_option = optional(string, "NoAutoUpgrade")
    rai_policy_name        = optional(string, "Microsoft.DefaultV2")
  }))

  validation {
    condition     = length(var.deployments) > 0
    error_message = "At least one model deployment is required."
  }

  validation {
    condition     = alltrue([for key in keys(var.deployments) : can(regex("^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$", key))])
    error_message = "Deployment names must be 2-64 letters, digits, dots, underscores or hyphens."
  }

  validation {
    condition     = alltrue([for deployment in values(var.deployments) : contains(["Standard", "ProvisionedManaged"], deployment.sku_name)])
    error_message = "Deployment sku_name must be Standard or ProvisionedManaged: Global and DataZone SKUs process data outside Australia."
  }

  validation {
    condition     = alltrue([for deployment in values(var.deployments) : deployment.capacity >= 1 && deployment.capacity <= 1000])
    error_message = "Deployment capacity must be between 1 and 1000."
  }

  validation {
    condition     = alltrue([for deployment in values(var.deployments) : contains(["NoAutoUpgrade", "OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"], deployment.version_upgrade_option)])
    error_message = "version_upgrade_option must be NoAutoUpgrade, OnceNewDefaultVersionAvailable or OnceCurrentVersionExpired."
  }
}

variable "user_principal_ids" {
  description = "Principals granted Cognitive Services OpenAI User on the account, keyed by a stable name."
  type        = map(string)
  default     = {}
}

variable "private_endpoint_subnet_id" {
  description = "Subnet that holds the account's private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "ID of the privatelink.openai.azure.com zone the private endpoint registers in."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace that receives the account's audit and request logs."
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
