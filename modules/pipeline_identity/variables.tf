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

variable "environment" {
  description = "The environment this identity deploys; every federated subject is scoped to it."
  type        = string

  validation {
    condition     = contains(["production", "staging", "development"], var.environment)
    error_message = "environment must be production, staging or development."
  }
}

variable "github_repositories" {
  description = "GitHub repositories whose workflows may deploy this environment, keyed by a credential name. The subject is always repo:ORG/REPO:environment:ENVIRONMENT."
  type = map(object({
    organization = string
    repository   = string
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.github_repositories) : can(regex("^[a-z][a-z0-9-]{2,40}$", key))])
    error_message = "GitHub credential keys must be 3-41 lower-case letters, digits or hyphens."
  }

  validation {
    condition = alltrue([
      for repo in values(var.github_repositories) :
      can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$", repo.organization)) && can(regex("^[A-Za-z0-9._-]{1,100}$", repo.repository))
    ])
    error_message = "GitHub organization and repository must be literal names (no wildcards)."
  }
}

variable "azure_devops_service_connections" {
  description = "Azure DevOps service connections that may deploy this environment, keyed by a credential name. The connection name is CONNECTION_PREFIX-ENVIRONMENT, so the subject is sc://ORG/PROJECT/CONNECTION_PREFIX-ENVIRONMENT."
  type = map(object({
    organization              = string
    organization_id           = string
    project                   = string
    service_connection_prefix = string
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.azure_devops_service_connections) : can(regex("^[a-z][a-z0-9-]{2,40}$", key))])
    error_message = "Azure DevOps credential keys must be 3-41 lower-case letters, digits or hyphens."
  }

  validation {
    condition = alltrue([
      for connection in values(var.azure_devops_service_connections) :
      can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", connection.organization_id))
    ])
    error_message = "organization_id must be the Azure DevOps organization GUID (it names the issuer)."
  }

  validation {
    condition = alltrue([
      for connection in values(var.azure_devops_service_connections) :
      can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,49}$", connection.organization)) && can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", connection.project)) && can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", connection.service_connection_prefix))
    ])
    error_message = "Azure DevOps organization, project and service_connection_prefix must be literal names (no wildcards)."
  }
}

variable "role_scope_id" {
  description = "Scope of the pipeline's role assignments: the environment's resource group, never a subscription."
  type        = string

  validation {
    condition     = can(regex("^/subscriptions/[^/]+/resourceGroups/[^/]+$", var.role_scope_id))
    error_message = "role_scope_id must be a resource group ID."
  }
}

variable "role_definition_names" {
  description = "Built-in roles the pipeline identity gets on the resource group. Broad roles are refused."
  type        = set(string)

  validation {
    condition = alltrue([
      for role in var.role_definition_names :
      !contains(["Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"], role)
    ])
    error_message = "role_definition_names must not contain Owner, Contributor, User Access Administrator or Role Based Access Control Administrator."
  }
}
