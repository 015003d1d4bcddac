//! The compiled ARM form of every supported type (golden files), references and dependsOn,
//! extension resources, role assignments, parameters, the source map and unsupported types.

use crate::arm_support;

use arm_support::{compile, fixture};
use tfharden::SourceMap;
use tfharden::{role_definition_guid, template_string, ArmModel, ArmScope as Scope};

/// One line per resource: address, type, name, scope, what it references and waits for.
fn summary(model: &ArmModel) -> String {
    let mut out = String::new();
    for r in &model.resources {
        let scope = match &r.placement.scope {
            Scope::Subscription => "subscription".to_string(),
            Scope::ResourceGroup(rg) => format!("group {rg}"),
            Scope::Extension { target } => format!("extension of {target:?}"),
        };
        out.push_str(&format!("{} -> {} {} ({scope})\n", r.address, r.arm_type(), r.name()));
        for reference in &r.references {
            out.push_str(&format!("  ref {} = {}.{}\n", reference.pointer, reference.target, reference.attribute));
        }
        for d in &r.depends_on {
            out.push_str(&format!("  after {d}\n"));
        }
    }
    for p in model.parameters.values() {
        out.push_str(&format!("parameter {} ({}): {}\n", p.name, p.kind, p.origin));
    }
    for s in &model.unsupported {
        out.push_str(&format!("unsupported {}: {}\n", s.address, s.reason));
    }
    out
}

#[test]
fn platform_template_golden() {
    let (_, model) = compile(&fixture("platform"));
    insta::assert_snapshot!("platform_template", template_string(&model));
    insta::assert_snapshot!("platform_model", summary(&model));
}

#[test]
fn v3_spellings_golden() {
    let (_, model) = compile(&fixture("v3"));
    insta::assert_snapshot!("v3_template", template_string(&model));
    insta::assert_snapshot!("v3_model", summary(&model));
}

#[test]
fn azapi_golden() {
    let (_, model) = compile(&fixture("azapi"));
    insta::assert_snapshot!("azapi_template", template_string(&model));
    insta::assert_snapshot!("azapi_model", summary(&model));
}

#[test]
fn storage_golden() {
    let (_, model) = compile(&fixture("storage"));
    insta::assert_snapshot!("storage_template", template_string(&model));
    insta::assert_snapshot!("storage_model", summary(&model));
}

#[test]
fn web_golden() {
    let (_, model) = compile(&fixture("web"));
    insta::assert_snapshot!("web_template", template_string(&model));
    insta::assert_snapshot!("web_model", summary(&model));
}

#[test]
fn sql_golden() {
    let (_, model) = compile(&fixture("sql"));
    insta::assert_snapshot!("sql_template", template_string(&model));
    insta::assert_snapshot!("sql_model", summary(&model));
}

#[test]
fn flexible_servers_golden() {
    let (_, model) = compile(&fixture("flexible"));
    insta::assert_snapshot!("flexible_template", template_string(&model));
    insta::assert_snapshot!("flexible_model", summary(&model));
}

#[test]
fn cosmos_and_redis_golden() {
    let (_, model) = compile(&fixture("data"));
    insta::assert_snapshot!("data_template", template_string(&model));
    insta::assert_snapshot!("data_model", summary(&model));
}

#[test]
fn messaging_golden() {
    let (_, model) = compile(&fixture("messaging"));
    insta::assert_snapshot!("messaging_template", template_string(&model));
    insta::assert_snapshot!("messaging_model", summary(&model));
}

#[test]
fn defender_golden() {
    let (_, model) = compile(&fixture("defender"));
    insta::assert_snapshot!("defender_template", template_string(&model));
    insta::assert_snapshot!("defender_model", summary(&model));
}

#[test]
fn kubernetes_golden() {
    let (_, model) = compile(&fixture("kubernetes"));
    insta::assert_snapshot!("kubernetes_template", template_string(&model));
    insta::assert_snapshot!("kubernetes_model", summary(&model));
}

#[test]
fn aks_blocks_outside_the_model_are_warned_about() {
    let (_, model) = compile(&fixture("kubernetes"));
    let warned: Vec<&str> = model
        .diagnostics
        .iter()
        .filter(|d| d.code == tfharden::ArmCode::Compile && !d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warned,
        ["azurerm_kubernetes_cluster.legacy: auto_scaler_profile is not in the ARM model yet; the exported template leaves it to Azure"]
    );
}

fn snippet<'a>(sources: &'a SourceMap, model: &ArmModel, address: &str, pointer: &str) -> &'a str {
    let resource = model.by_address(address).unwrap_or_else(|| panic!("{address} compiled"));
    let site = resource.site_of(pointer).unwrap_or_else(|| panic!("{address} {pointer} has a site"));
    sources.snippet(site)
}

#[test]
fn every_property_points_at_the_hcl_that_produced_it() {
    let (root, model) = compile(&fixture("platform"));
    let s = &root.sources;
    assert_eq!(
        snippet(s, &model, "azurerm_key_vault.this", "/properties/networkAcls/defaultAction"),
        "default_action = \"Deny\""
    );
    assert_eq!(
        snippet(s, &model, "azurerm_key_vault.this", "/properties/enableRbacAuthorization"),
        "rbac_authorization_enabled    = true"
    );
    // A default points at the resource block.
    assert!(snippet(s, &model, "azurerm_key_vault.this", "/properties/enableSoftDelete")
        .starts_with("resource \"azurerm_key_vault\" \"this\""));
    // Dynamic blocks: the content attribute; written blocks after them: their own attribute.
    assert_eq!(
        snippet(s, &model, "azurerm_network_security_group.this", "/properties/securityRules/1/properties/priority"),
        "priority                   = security_rule.value.priority"
    );
    assert_eq!(
        snippet(s, &model, "azurerm_network_security_group.this", "/properties/securityRules/2/properties/priority"),
        "priority                   = 4096"
    );
    // An association folded into its subnet points at the association.
    assert_eq!(
        snippet(s, &model, "azurerm_subnet.this[\"pe\"]", "/properties/networkSecurityGroup/id"),
        "network_security_group_id = azurerm_network_security_group.this.id"
    );
    // Nested block lists: the element is the block, its fields their attributes.
    assert_eq!(
        snippet(s, &model, "azurerm_application_gateway.this", "/properties/httpListeners/1/properties/protocol"),
        "protocol                       = \"Http\""
    );
    assert!(snippet(s, &model, "azurerm_application_gateway.this", "/properties/httpListeners/1")
        .starts_with("http_listener {"));
    // Unknown pointers fall back to the nearest ancestor.
    assert!(snippet(s, &model, "azurerm_application_gateway.this", "/properties/httpListeners/1/properties/nothing")
        .starts_with("http_listener {"));
}

#[test]
fn references_become_expressions_and_dependencies() {
    let (_, model) = compile(&fixture("platform"));
    let gateway = model.by_address("azurerm_application_gateway.this").expect("gateway");
    assert_eq!(
        gateway.get("/properties/firewallPolicy/id").and_then(|v| v.as_str()),
        Some("[resourceId('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', 'waf-test')]")
    );
    let reference = gateway.reference_at("/properties/firewallPolicy/id").expect("recorded");
    assert_eq!(
        model.resolve(reference).map(|r| r.arm_type()),
        Some("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies")
    );
    assert!(gateway.depends_on.contains("azurerm_web_application_firewall_policy.this"));
    // A string built from an attribute is not that attribute: it is a parameter.
    let cert = gateway
        .get("/properties/sslCertificates/0/properties/keyVaultSecretId")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    assert!(cert.starts_with("[parameters('"), "{cert}");
    // Principal ids of identities, system-assigned and user-assigned.
    let role = model.by_address("azurerm_role_assignment.openai_to_kv").expect("role");
    assert_eq!(
        role.get("/properties/principalId").and_then(|v| v.as_str()),
        Some("[reference(resourceId('Microsoft.CognitiveServices/accounts', 'oai-test'), '2026-03-01', 'Full').identity.principalId]")
    );
    let role = model.by_address("azurerm_role_assignment.kv_secrets").expect("role");
    assert_eq!(
        role.get("/properties/principalId").and_then(|v| v.as_str()),
        Some("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-kong-test'), '2024-11-30').principalId]")
    );
    // Explicit depends_on is kept.
    let group = model.by_address("azurerm_container_group.this").expect("container group");
    assert!(group.depends_on.contains("azurerm_role_assignment.acr_pull"));
}

#[test]
fn role_assignments_have_stable_names_and_resolved_roles() {
    let (_, first) = compile(&fixture("platform"));
    let (_, second) = compile(&fixture("platform"));
    let names =
        |m: &ArmModel| m.of_type("Microsoft.Authorization/roleAssignments").map(|r| r.name()).collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second));
    assert!(names(&first).iter().all(|n| uuid_like(n)));
    let reader = first.by_address("azurerm_role_assignment.group_reader").expect("reader");
    assert_eq!(reader.placement.scope, Scope::ResourceGroup("rg-test".into()));
    let guid = role_definition_guid("Reader").expect("known");
    assert!(reader.get("/properties/roleDefinitionId").and_then(|v| v.as_str()).is_some_and(|s| s.contains(guid)));
    let sub = first.by_address("azurerm_role_assignment.subscription_contributor").expect("subscription");
    assert_eq!(sub.placement.scope, Scope::Subscription);
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn defaults_are_explicit() {
    let (_, model) = compile(&fixture("v3"));
    let vault = model.by_address("module.vault.azurerm_key_vault.this").expect("vault");
    assert_eq!(vault.get("/properties/softDeleteRetentionInDays"), Some(&serde_json::json!(90)));
    assert_eq!(vault.get("/properties/publicNetworkAccess"), Some(&serde_json::json!("Enabled")));
    assert_eq!(vault.get("/properties/networkAcls/defaultAction"), Some(&serde_json::json!("Allow")));
    assert_eq!(vault.get("/properties/enableRbacAuthorization"), Some(&serde_json::json!(true)));
    let account = model.by_address("azurerm_cognitive_account.this").expect("account");
    assert_eq!(account.get("/properties/disableLocalAuth"), Some(&serde_json::json!(false)));
    let (_, platform) = compile(&fixture("platform"));
    let waf = platform.by_address("azurerm_web_application_firewall_policy.this").expect("waf");
    assert_eq!(waf.get("/properties/policySettings/requestBodyCheck"), Some(&serde_json::json!(true)));
    assert_eq!(waf.get("/properties/policySettings/state"), Some(&serde_json::json!("Enabled")));
}

#[test]
fn unsupported_types_are_listed_with_a_warning() {
    let (_, model) = compile(&fixture("azapi"));
    assert_eq!(
        model.unsupported.iter().map(|s| s.address.as_str()).collect::<Vec<_>>(),
        ["azurerm_maps_account.unsupported"]
    );
    assert!(model.unsupported[0].site.is_some());
    assert!(model.diagnostics.iter().any(|d| d.code == tfharden::ArmCode::Unsupported && !d.is_error()));
    assert!(model.parameters.contains_key("data_azurerm_client_config_current_tenant_id"));
}

#[test]
fn literal_strings_that_look_like_expressions_are_escaped() {
    let (_, model) = compile(&fixture("v3"));
    let group = model.by_address("azurerm_resource_group.this").expect("group");
    assert_eq!(group.get("/tags/note"), Some(&serde_json::json!("[[a literal, not an ARM expression]")));
}
