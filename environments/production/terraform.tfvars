tenant_id       = "8f3c2a71-5d4e-4b9a-9c1f-2e7d6b0a4c93"
subscription_id = "3b9e6f12-7a4c-4d8e-b1f5-6c2a9d0e7f41"
environment     = "production"
location        = "australiaeast"
name_prefix     = "contosoai"
owner           = "ai-platform@contoso.com.au"
cost_center     = "CC-4100"
address_space   = "10.40.0.0/16"

additional_tags = {
  workload    = "ai-gateway"
  criticality = "tier-1"
}

log_analytics = {
  retention_in_days = 90
  daily_quota_gb    = -1
}

key_vault = {
  sku_name                   = "premium"
  soft_delete_retention_days = 90
}

app_gateway = {
  zones                                 = ["1", "2", "3"]
  min_capacity                          = 2
  max_capacity                          = 10
  waf_rule_set_type                     = "Microsoft_DefaultRuleSet"
  waf_rule_set_version                  = "2.1"
  bot_protection_enabled                = true
  backend_host_name                     = "kong.internal.contoso.com.au"
  backend_trusted_root_certificate_name = "contoso-internal-root-ca"

  listeners = {
    api = {
      host_name        = "api.contoso.com.au"
      certificate_name = "api-contoso-com-au"
    }
    portal = {
      host_name        = "portal.contoso.com.au"
      certificate_name = "portal-contoso-com-au"
    }
    partners = {
      host_name        = "partners.contoso.com.au"
      certificate_name = "partners-contoso-com-au"
    }
  }
}

kong = {
  image_tag                              = "3.9.1"
  cpu                                    = 2
  memory                                 = 4
  registry_sku                           = "Premium"
  registry_public_network_access_enabled = false
  registry_zone_redundancy_enabled       = true
}

openai = {
  allowed_fqdns = [
    "srch-contosoai-prd-aue.search.windows.net",
    "stcontosoaiprdaue.blob.core.windows.net",
  ]

  deployments = {
    "gpt-4o" = {
      model_name    = "gpt-4o"
      model_version = "2024-11-20"
      capacity      = 80
    }
    "gpt-4o-mini" = {
      model_name    = "gpt-4o-mini"
      model_version = "2024-07-18"
      capacity      = 120
    }
    "text-embedding-3-large" = {
      model_name    = "text-embedding-3-large"
      model_version = "1"
      capacity      = 120
    }
  }
}

databricks = {
  enabled                       = true
  public_network_access_enabled = false
}

pipeline = {
  github_repositories = {
    "platform-infra" = {
      organization = "contoso"
      repository   = "platform-infra"
    }
    "ai-gateway-config" = {
      organization = "contoso"
      repository   = "ai-gateway-config"
    }
  }

  azure_devops_service_connections = {
    release = {
      organization              = "contoso"
      organization_id           = "5e8a0b3c-9d14-4f7a-a2c6-1b7e9f0d3a58"
      project                   = "platform"
      service_connection_prefix = "platform-infra"
    }
  }

  role_definition_names = [
    "Network Contributor",
    "Key Vault Contributor",
    "Cognitive Services Contributor",
    "Monitoring Contributor",
    "Log Analytics Contributor",
    "Managed Identity Contributor",
    "Private DNS Zone Contributor",
    "AcrPush",
  ]
}
