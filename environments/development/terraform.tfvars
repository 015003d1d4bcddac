tenant_id       = "8f3c2a71-5d4e-4b9a-9c1f-2e7d6b0a4c93"
subscription_id = "a74d1c58-2e9b-4f63-8d0a-5b1e7c3f9264"
environment     = "development"
location        = "australiaeast"
name_prefix     = "contosoai"
owner           = "ai-platform@contoso.com.au"
cost_center     = "CC-4180"
address_space   = "10.42.0.0/20"

additional_tags = {
  workload    = "ai-gateway"
  criticality = "tier-3"
}

log_analytics = {
  retention_in_days = 90
  daily_quota_gb    = 5
}

key_vault = {
  sku_name                   = "standard"
  soft_delete_retention_days = 90
}

app_gateway = {
  zones                                 = []
  min_capacity                          = 0
  max_capacity                          = 2
  waf_rule_set_type                     = "Microsoft_DefaultRuleSet"
  waf_rule_set_version                  = "2.1"
  bot_protection_enabled                = false
  backend_host_name                     = "kong.internal.dev.contoso.com.au"
  backend_trusted_root_certificate_name = "contoso-internal-root-ca"

  listeners = {
    api = {
      host_name        = "api.dev.contoso.com.au"
      certificate_name = "api-dev-contoso-com-au"
    }
  }
}

kong = {
  image_tag                              = "3.9.1"
  cpu                                    = 1
  memory                                 = 2
  registry_sku                           = "Standard"
  registry_public_network_access_enabled = true
  registry_zone_redundancy_enabled       = false
}

openai = {
  allowed_fqdns = [
    "stcontosoaidevaue.blob.core.windows.net",
  ]

  deployments = {
    "gpt-4o-mini" = {
      model_name    = "gpt-4o-mini"
      model_version = "2024-07-18"
      capacity      = 10
    }
  }
}

databricks = {
  enabled = false
}

pipeline = {
  github_repositories = {
    "platform-infra" = {
      organization = "contoso"
      repository   = "platform-infra"
    }
  }

  role_definition_names = [
    "Network Contributor",
    "Key Vault Contributor",
    "Key Vault Secrets Officer",
    "Cognitive Services Contributor",
    "Monitoring Contributor",
    "Log Analytics Contributor",
    "Managed Identity Contributor",
    "Private DNS Zone Contributor",
    "AcrPush",
  ]
}
