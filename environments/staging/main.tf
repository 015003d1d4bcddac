terraform {
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.31"
    }
  }

  # Storage account, container and key come from backend.conf:
  #   terraform init -backend-config=backend.conf
  backend "azurerm" {
    use_oidc         = true
    use_azuread_auth = true
  }
}

# Pipelines authenticate with a federated token (ARM_CLIENT_ID + ARM_USE_OIDC); there is no secret.
provider "azurerm" {
  tenant_id                       = var.tenant_id
  subscription_id                 = var.subscription_id
  use_oidc                        = true
  storage_use_azuread             = true
  resource_provider_registrations = "none"

  features {
    key_vault {
      purge_soft_delete_on_destroy    = false
      recover_soft_deleted_key_vaults = true
    }

    cognitive_account {
      purge_soft_delete_on_destroy = false
    }

    resource_group {
      prevent_deletion_if_contains_resources = true
    }
  }
}

module "platform" {
  source = "../../modules/platform"

  tenant_id       = var.tenant_id
  subscription_id = var.subscription_id
  environment     = var.environment
  location        = var.location
  name_prefix     = var.name_prefix
  owner           = var.owner
  cost_center     = var.cost_center
  additional_tags = var.additional_tags
  address_space   = var.address_space
  log_analytics   = var.log_analytics
  key_vault       = var.key_vault
  app_gateway     = var.app_gateway
  kong            = var.kong
  openai          = var.openai
  databricks      = var.databricks
  pipeline        = var.pipeline
}
