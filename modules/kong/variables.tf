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
  description = "Microsoft Entra tenant of Kong's managed identity, for Kong's Azure Key Vault vault."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.tenant_id))
    error_message = "tenant_id must be a GUID."
  }
}

variable "subnet_id" {
  description = "Private subnet (delegated to Microsoft.ContainerInstance/containerGroups) that Kong runs in."
  type        = string
}

variable "identity" {
  description = "Kong's user-assigned identity: pulls the image, reads Key Vault, calls Azure OpenAI."
  type = object({
    id           = string
    principal_id = string
    client_id    = string
  })
}

variable "key_vault_uri" {
  description = "URI of the Key Vault Kong resolves {vault://azure/...} references against."
  type        = string

  validation {
    condition     = can(regex("^https://[a-zA-Z0-9-]{3,24}\\.vault\\.azure\\.net/$", var.key_vault_uri))
    error_message = "key_vault_uri must be https://VAULT.vault.azure.net/."
  }
}

variable "openai_endpoint" {
  description = "Endpoint of the Azure OpenAI account Kong proxies to."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9-]+\\.openai\\.azure\\.com/$", var.openai_endpoint))
    error_message = "openai_endpoint must be https://SUBDOMAIN.openai.azure.com/."
  }
}

variable "container" {
  description = "Kong container settings. Configuration is baked into the image (DB-less) and the TLS certificate and its key are Key Vault references (NAME-certificate, NAME-private-key)."
  type = object({
    image_repository     = optional(string, "kong/kong-gateway")
    image_tag            = string
    cpu                  = optional(number, 1)
    memory               = optional(number, 2)
    tls_certificate_name = optional(string, "kong-proxy-tls")
  })

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)*$", var.container.image_tag))
    error_message = "container.image_tag must be a pinned version such as 3.9.1 (no latest)."
  }

  validation {
    condition     = var.container.cpu >= 0.5 && var.container.cpu <= 4 && var.container.memory >= 1 && var.container.memory <= 16
    error_message = "container.cpu must be 0.5-4 cores and container.memory 1-16 GB."
  }
}

variable "registry" {
  description = "Container registry Kong's image is pulled from with Kong's managed identity."
  type = object({
    sku                           = optional(string, "Premium")
    public_network_access_enabled = optional(bool, false)
    zone_redundancy_enabled       = optional(bool, false)
  })

  validation {
    condition     = contains(["Basic", "Standard", "Premium"], var.registry.sku)
    error_message = "registry.sku must be Basic, Standard or Premium."
  }

  validation {
    condition     = var.registry.sku == "Premium" || (var.registry.public_network_access_enabled && !var.registry.zone_redundancy_enabled)
    error_message = "A private or zone-redundant registry needs the Premium SKU."
  }
}

variable "private_endpoint_subnet_id" {
  description = "Subnet for the registry's private endpoint (used when the registry has public access disabled)."
  type        = string
}

variable "private_dns_zone_id" {
  description = "ID of the privatelink.azurecr.io zone; required when the registry has public access disabled."
  type        = string
  default     = null
}
