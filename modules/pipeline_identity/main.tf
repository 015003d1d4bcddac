locals {
  name = "id-pipeline-${var.name_suffix}"

  github_issuer = "https://token.actions.githubusercontent.com"
  audience      = ["api://AzureADTokenExchange"]

  # Subjects are built here, from the environment this identity deploys, so no credential can
  # trust a pull_request, a wildcard or another environment.
  federated_credentials = merge(
    {
      for key, repo in var.github_repositories : "github-${key}" => {
        issuer  = local.github_issuer
        subject = "repo:${repo.organization}/${repo.repository}:environment:${var.environment}"
      }
    },
    {
      for key, connection in var.azure_devops_service_connections : "ado-${key}" => {
        issuer  = "https://vstoken.dev.azure.com/${connection.organization_id}"
        subject = "sc://${connection.organization}/${connection.project}/${connection.service_connection_prefix}-${var.environment}"
      }
    },
  )
}

resource "azurerm_user_assigned_identity" "this" {
  name                = local.name
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "this" {
  for_each = local.federated_credentials

  name                = each.key
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.this.id
  issuer              = each.value.issuer
  subject             = each.value.subject
  audience            = local.audience
}

resource "azurerm_role_assignment" "this" {
  for_each = var.role_definition_names

  scope                = var.role_scope_id
  role_definition_name = each.value
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}
