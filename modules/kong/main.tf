locals {
  name                  = "ci-kong-${var.name_suffix}"
  registry_name         = "acr${replace(var.name_suffix, "-", "")}"
  registry_login_server = "${local.registry_name}.azurecr.io"
  registry_private      = !var.registry.public_network_access_enabled
  image                 = "${local.registry_login_server}/${var.container.image_repository}:${var.container.image_tag}"
  proxy_ports           = [8000, 8443]

  # Nothing here is a secret: the TLS material is a Key Vault reference Kong resolves at start
  # with its managed identity, and Azure OpenAI is called with the same identity (no API key).
  environment_variables = {
    KONG_DATABASE              = "off"
    KONG_DECLARATIVE_CONFIG    = "/kong/declarative/kong.yaml"
    KONG_PROXY_LISTEN          = "0.0.0.0:8000, 0.0.0.0:8443 ssl"
    KONG_ADMIN_LISTEN          = "127.0.0.1:8001"
    KONG_ADMIN_GUI_LISTEN      = "off"
    KONG_STATUS_LISTEN         = "127.0.0.1:8100"
    KONG_PROXY_ACCESS_LOG      = "/dev/stdout"
    KONG_PROXY_ERROR_LOG       = "/dev/stderr"
    KONG_VAULT_AZURE_VAULT_URI = var.key_vault_uri
    KONG_VAULT_AZURE_TYPE      = "secrets"
    KONG_VAULT_AZURE_TENANT_ID = var.tenant_id
    KONG_VAULT_AZURE_CLIENT_ID = var.identity.client_id
    KONG_SSL_CERT              = format("{vault://azure/%s-certificate}", var.container.tls_certificate_name)
    KONG_SSL_CERT_KEY          = format("{vault://azure/%s-private-key}", var.container.tls_certificate_name)
    AZURE_CLIENT_ID            = var.identity.client_id
    AZURE_TENANT_ID            = var.tenant_id
    AZURE_OPENAI_ENDPOINT      = var.openai_endpoint
  }
}

resource "azurerm_container_registry" "this" {
  name                          = local.registry_name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = var.registry.sku
  admin_enabled                 = false
  anonymous_pull_enabled        = false
  public_network_access_enabled = var.registry.public_network_access_enabled
  zone_redundancy_enabled       = var.registry.zone_redundancy_enabled
  network_rule_bypass_option    = "AzureServices"
  tags                          = var.tags
}

resource "azurerm_private_endpoint" "registry" {
  count = local.registry_private ? 1 : 0

  name                          = "pe-${local.registry_name}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  subnet_id                     = var.private_endpoint_subnet_id
  custom_network_interface_name = "nic-pe-${local.registry_name}"
  tags                          = var.tags

  private_service_connection {
    name                           = "psc-${local.registry_name}"
    private_connection_resource_id = azurerm_container_registry.this.id
    subresource_names              = ["registry"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }

  lifecycle {
    precondition {
      condition     = var.private_dns_zone_id != null
      error_message = "private_dns_zone_id is required when the registry has public network access disabled."
    }
  }
}

resource "azurerm_role_assignment" "acr_pull" {
  scope                = azurerm_container_registry.this.id
  role_definition_name = "AcrPull"
  principal_id         = var.identity.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_container_group" "this" {
  name                = local.name
  location            = var.location
  resource_group_name = var.resource_group_name
  os_type             = "Linux"
  ip_address_type     = "Private"
  subnet_ids          = [var.subnet_id]
  restart_policy      = "Always"
  tags                = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity.id]
  }

  image_registry_credential {
    server                    = local.registry_login_server
    user_assigned_identity_id = var.identity.id
  }

  # Only the proxy listeners leave the container group; the admin API stays on loopback.
  dynamic "exposed_port" {
    for_each = local.proxy_ports

    content {
      port     = exposed_port.value
      protocol = "TCP"
    }
  }

  container {
    name                  = "kong"
    image                 = local.image
    cpu                   = var.container.cpu
    memory                = var.container.memory
    environment_variables = local.environment_variables

    dynamic "ports" {
      for_each = local.proxy_ports

      content {
        port     = ports.value
        protocol = "TCP"
      }
    }

    liveness_probe {
      exec                  = ["kong", "health"]
      initial_delay_seconds = 30
      period_seconds        = 15
      failure_threshold     = 3
    }
  }

  depends_on = [azurerm_role_assignment.acr_pull]
}
