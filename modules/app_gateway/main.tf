locals {
  name = "agw-${var.name_suffix}"

  frontend_ip_configuration_name = "feip-public"
  https_frontend_port_name       = "port-443"
  http_frontend_port_name        = "port-80"
  backend_address_pool_name      = "pool-kong"
  backend_http_settings_name     = "settings-kong"
  probe_name                     = "probe-kong"
  backend_protocol               = var.backend.port == 8443 ? "Https" : "Http"

  # Names come from the listener key; rule priorities from its sorted position, HTTPS rules
  # from 100 and their port-80 redirect twins from 1000.
  listeners = {
    for index, key in sort(keys(var.listeners)) : key => merge(var.listeners[key], {
      https_listener_name = "listener-https-${key}"
      http_listener_name  = "listener-http-${key}"
      redirect_name       = "redirect-${key}"
      https_rule_name     = "rule-https-${key}"
      http_rule_name      = "rule-http-${key}"
      https_priority      = 100 + index * 10
      http_priority       = 1000 + index * 10
    })
  }

  # Key Vault certificates are read through their secret, by versionless id
  # (https://VAULT.vault.azure.net/secrets/NAME): the gateway picks up renewals without a deployment.
  certificate_uri_prefix = "${var.key_vault_uri}secrets/"

  ssl_certificates = {
    for certificate_name in distinct([for listener in values(var.listeners) : listener.certificate_name]) :
    certificate_name => "${local.certificate_uri_prefix}${certificate_name}"
  }

  trusted_root_certificates = {
    for certificate_name in [var.backend.trusted_root_certificate_name] :
    certificate_name => "${local.certificate_uri_prefix}${certificate_name}" if certificate_name != null
  }

  zones = length(var.zones) > 0 ? var.zones : null
}

resource "azurerm_public_ip" "this" {
  name                = "pip-${local.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = local.zones
  tags                = var.tags
}

resource "azurerm_web_application_firewall_policy" "this" {
  name                = "waf-${var.name_suffix}"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  policy_settings {
    enabled                     = true
    mode                        = "Prevention"
    request_body_check          = true
    file_upload_limit_in_mb     = var.waf.file_upload_limit_in_mb
    max_request_body_size_in_kb = var.waf.max_request_body_size_in_kb
  }

  managed_rules {
    managed_rule_set {
      type    = var.waf.rule_set_type
      version = var.waf.rule_set_version
    }

    dynamic "managed_rule_set" {
      for_each = var.waf.bot_protection_enabled ? ["1.0"] : []

      content {
        type    = "Microsoft_BotManagerRuleSet"
        version = managed_rule_set.value
      }
    }
  }
}

resource "azurerm_application_gateway" "this" {
  name                              = local.name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  zones                             = local.zones
  firewall_policy_id                = azurerm_web_application_firewall_policy.this.id
  force_firewall_policy_association = true
  tags                              = var.tags

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }

  autoscale_configuration {
    min_capacity = var.autoscale.min_capacity
    max_capacity = var.autoscale.max_capacity
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  gateway_ip_configuration {
    name      = "gwip-${local.name}"
    subnet_id = var.subnet_id
  }

  frontend_ip_configuration {
    name                 = local.frontend_ip_configuration_name
    public_ip_address_id = azurerm_public_ip.this.id
  }

  frontend_port {
    name = local.https_frontend_port_name
    port = 443
  }

  frontend_port {
    name = local.http_frontend_port_name
    port = 80
  }

  dynamic "ssl_certificate" {
    for_each = local.ssl_certificates

    content {
      name                = ssl_certificate.key
      key_vault_secret_id = ssl_certificate.value
    }
  }

  dynamic "trusted_root_certificate" {
    for_each = local.trusted_root_certificates

    content {
      name                = trusted_root_certificate.key
      key_vault_secret_id = trusted_root_certificate.value
    }
  }

  backend_address_pool {
    name         = local.backend_address_pool_name
    ip_addresses = var.backend.ip_addresses
  }

  backend_http_settings {
    name                           = local.backend_http_settings_name
    protocol                       = local.backend_protocol
    port                           = var.backend.port
    host_name                      = var.backend.host_name
    cookie_based_affinity          = "Disabled"
    request_timeout                = var.backend.request_timeout
    probe_name                     = local.probe_name
    trusted_root_certificate_names = keys(local.trusted_root_certificates)
  }

  probe {
    name                = local.probe_name
    protocol            = local.backend_protocol
    host                = var.backend.host_name
    path                = var.backend.probe_path
    interval            = 30
    timeout             = 30
    unhealthy_threshold = 3

    match {
      status_code = ["200-399"]
    }
  }

  dynamic "http_listener" {
    for_each = local.listeners

    content {
      name                           = http_listener.value.https_listener_name
      frontend_ip_configuration_name = local.frontend_ip_configuration_name
      frontend_port_name             = local.https_frontend_port_name
      protocol                       = "Https"
      host_name                      = http_listener.value.host_name
      require_sni                    = true
      ssl_certificate_name           = http_listener.value.certificate_name
    }
  }

  # Port 80 exists only to send clients to HTTPS: every HTTP listener's rule is a redirect.
  dynamic "http_listener" {
    for_each = local.listeners

    content {
      name                           = http_listener.value.http_listener_name
      frontend_ip_configuration_name = local.frontend_ip_configuration_name
      frontend_port_name             = local.http_frontend_port_name
      protocol                       = "Http"
      host_name                      = http_listener.value.host_name
    }
  }

  dynamic "redirect_configuration" {
    for_each = local.listeners

    content {
      name                 = redirect_configuration.value.redirect_name
      redirect_type        = "Permanent"
      target_listener_name = redirect_configuration.value.https_listener_name
      include_path         = true
      include_query_string = true
    }
  }

  dynamic "request_routing_rule" {
    for_each = local.listeners

    content {
      name                       = request_routing_rule.value.https_rule_name
      priority                   = request_routing_rule.value.https_priority
      rule_type                  = "Basic"
      http_listener_name         = request_routing_rule.value.https_listener_name
      backend_address_pool_name  = local.backend_address_pool_name
      backend_http_settings_name = local.backend_http_settings_name
    }
  }

  dynamic "request_routing_rule" {
    for_each = local.listeners

    content {
      name                        = request_routing_rule.value.http_rule_name
      priority                    = request_routing_rule.value.http_priority
      rule_type                   = "Basic"
      http_listener_name          = request_routing_rule.value.http_listener_name
      redirect_configuration_name = request_routing_rule.value.redirect_name
    }
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "diag-${local.name}"
  target_resource_id         = azurerm_application_gateway.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  dynamic "enabled_log" {
    for_each = var.log_category_groups

    content {
      category_group = enabled_log.value
    }
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
