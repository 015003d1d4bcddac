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

variable "virtual_network_id" {
  description = "Virtual network the workspace is injected into."
  type        = string
}

variable "host_subnet" {
  description = "Host (public) subnet delegated to Microsoft.Databricks/workspaces, with its NSG association."
  type = object({
    name               = string
    nsg_association_id = string
  })
}

variable "container_subnet" {
  description = "Container (private) subnet delegated to Microsoft.Databricks/workspaces, with its NSG association."
  type = object({
    name               = string
    nsg_association_id = string
  })
}

variable "public_network_access_enabled" {
  description = "Whether the workspace UI/API is reachable from the internet. When false, a private endpoint is created and Azure adds no NSG rules."
  type        = bool
  default     = false
}

variable "private_endpoint_subnet_id" {
  description = "Subnet for the workspace's databricks_ui_api private endpoint."
  type        = string
}

variable "private_dns_zone_id" {
  description = "ID of the privatelink.azuredatabricks.net zone; required when public network access is disabled."
  type        = string
  default     = null
}
