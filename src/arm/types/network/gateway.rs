//! Microsoft.Network application gateways and their WAF policies
//! (`azurerm_application_gateway`, `azurerm_web_application_firewall_policy`).

use serde_json::{json, Value as Json};

use super::{spec, NRP};
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Scope;
use crate::arm::reference::{bracket, quote};
use crate::arm::types::{common, identity, place_in_group, TypeSpec};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        spec(
            "azurerm_application_gateway",
            "Microsoft.Network/applicationGateways",
            NRP,
            place_in_group,
            application_gateway,
        ),
        spec(
            "azurerm_web_application_firewall_policy",
            "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
            NRP,
            place_in_group,
            waf_policy,
        ),
    ]
}

/// The id of one of the gateway's own sub-resources, as azurerm builds it from its name.
fn sub_id(b: &Builder, collection: &str, name: Option<&str>) -> Option<Json> {
    let name = name?;
    let gateway = b.placement.names.first()?;
    let names = [gateway.as_str(), name].iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ");
    let expr = match &b.placement.scope {
        Scope::ResourceGroup(_) => format!("resourceId('Microsoft.Network/applicationGateways/{collection}', {names})"),
        _ => return None,
    };
    Some(json!({ "id": bracket(&expr) }))
}

/// `{ "id": ... }` for a sub-resource named by attribute `attr` of `obj`.
fn link(b: &mut Builder, obj: &Obj, attr: &str, collection: &str, pointer: &str) {
    let Some(a) = obj.get(&[attr]) else { return };
    if let Some(id) = sub_id(b, collection, a.value.as_str()) {
        b.put(pointer, id, Some(&a.path));
    }
}

/// Each block of kind `block` becomes `{ name, properties }` in `/properties/<list>`.
fn each<'v>(b: &mut Builder, obj: &Obj<'v>, block: &str, list: &str) -> Vec<(String, Obj<'v>)> {
    let mut out = Vec::new();
    for (i, item) in obj.blocks(block).into_iter().enumerate() {
        let at = format!("/properties/{list}/{i}");
        b.put(&at, json!({ "properties": {} }), Some(&item.path));
        b.copy(&item, &["name"], &format!("{at}/name"), Kind::Str);
        out.push((format!("{at}/properties"), item));
    }
    out
}

fn application_gateway(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    if let Some(sku) = obj.block("sku") {
        b.copy(&sku, &["name"], "/properties/sku/name", Kind::Str);
        b.copy(&sku, &["tier"], "/properties/sku/tier", Kind::Str);
        b.copy(&sku, &["capacity"], "/properties/sku/capacity", Kind::Int);
    }
    if let Some(auto) = obj.block("autoscale_configuration") {
        b.copy(&auto, &["min_capacity"], "/properties/autoscaleConfiguration/minCapacity", Kind::Int);
        b.copy(&auto, &["max_capacity"], "/properties/autoscaleConfiguration/maxCapacity", Kind::Int);
    }
    b.id_object(obj, &["firewall_policy_id"], "/properties/firewallPolicy");
    b.copy(obj, &["force_firewall_policy_association"], "/properties/forceFirewallPolicyAssociation", Kind::Bool);
    b.copy(obj, &["enable_http2", "http2_enabled"], "/properties/enableHttp2", Kind::Bool);
    b.copy(obj, &["fips_enabled"], "/properties/enableFips", Kind::Bool);
    if let Some(policy) = obj.block("ssl_policy") {
        b.mark("/properties/sslPolicy", &policy.path);
        b.copy(&policy, &["policy_type"], "/properties/sslPolicy/policyType", Kind::Str);
        b.copy(&policy, &["policy_name"], "/properties/sslPolicy/policyName", Kind::Str);
        b.copy(&policy, &["min_protocol_version"], "/properties/sslPolicy/minProtocolVersion", Kind::Str);
        b.copy(&policy, &["cipher_suites"], "/properties/sslPolicy/cipherSuites", Kind::Strs);
        b.copy(&policy, &["disabled_protocols"], "/properties/sslPolicy/disabledSslProtocols", Kind::Strs);
    }
    for (at, item) in each(b, obj, "gateway_ip_configuration", "gatewayIPConfigurations") {
        b.id_object(&item, &["subnet_id"], &format!("{at}/subnet"));
    }
    for (at, item) in each(b, obj, "frontend_ip_configuration", "frontendIPConfigurations") {
        b.id_object(&item, &["public_ip_address_id"], &format!("{at}/publicIPAddress"));
        b.id_object(&item, &["subnet_id"], &format!("{at}/subnet"));
        b.copy(&item, &["private_ip_address"], &format!("{at}/privateIPAddress"), Kind::Str);
        b.copy_or(
            &item,
            &["private_ip_address_allocation"],
            &format!("{at}/privateIPAllocationMethod"),
            Kind::Str,
            json!("Dynamic"),
        );
    }
    for (at, item) in each(b, obj, "frontend_port", "frontendPorts") {
        b.copy(&item, &["port"], &format!("{at}/port"), Kind::Int);
    }
    for (at, item) in each(b, obj, "backend_address_pool", "backendAddressPools") {
        let mut addresses = Vec::new();
        for (attr, key) in [("fqdns", "fqdn"), ("ip_addresses", "ipAddress")] {
            if let Some(a) = item.get(&[attr]) {
                let values = b.conv(&a, &format!("{at}/backendAddresses"), Kind::Strs);
                addresses.extend(values.as_array().cloned().unwrap_or_default().into_iter().map(|v| json!({ key: v })));
            }
        }
        b.put(&format!("{at}/backendAddresses"), json!(addresses), Some(&item.path));
    }
    for (at, item) in each(b, obj, "backend_http_settings", "backendHttpSettingsCollection") {
        b.copy(&item, &["port"], &format!("{at}/port"), Kind::Int);
        b.copy(&item, &["protocol"], &format!("{at}/protocol"), Kind::Str);
        b.copy(&item, &["cookie_based_affinity"], &format!("{at}/cookieBasedAffinity"), Kind::Str);
        b.copy(&item, &["affinity_cookie_name"], &format!("{at}/affinityCookieName"), Kind::Str);
        b.copy_or(&item, &["request_timeout"], &format!("{at}/requestTimeout"), Kind::Int, json!(30));
        b.copy(&item, &["path"], &format!("{at}/path"), Kind::Str);
        b.copy(&item, &["host_name"], &format!("{at}/hostName"), Kind::Str);
        b.copy_or(
            &item,
            &["pick_host_name_from_backend_address"],
            &format!("{at}/pickHostNameFromBackendAddress"),
            Kind::Bool,
            json!(false),
        );
        link(b, &item, "probe_name", "probes", &format!("{at}/probe"));
        if let Some(names) = item.get(&["trusted_root_certificate_names"]) {
            let ids: Vec<Json> = names
                .value
                .as_seq()
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| sub_id(b, "trustedRootCertificates", n.as_str()))
                .collect();
            b.put(&format!("{at}/trustedRootCertificates"), json!(ids), Some(&names.path));
        }
        if let Some(drain) = item.block("connection_draining") {
            b.copy(&drain, &["enabled"], &format!("{at}/connectionDraining/enabled"), Kind::Bool);
            b.copy(&drain, &["drain_timeout_sec"], &format!("{at}/connectionDraining/drainTimeoutInSec"), Kind::Int);
        }
    }
    for (at, item) in each(b, obj, "http_listener", "httpListeners") {
        link(
            b,
            &item,
            "frontend_ip_configuration_name",
            "frontendIPConfigurations",
            &format!("{at}/frontendIPConfiguration"),
        );
        link(b, &item, "frontend_port_name", "frontendPorts", &format!("{at}/frontendPort"));
        link(b, &item, "ssl_certificate_name", "sslCertificates", &format!("{at}/sslCertificate"));
        link(b, &item, "ssl_profile_name", "sslProfiles", &format!("{at}/sslProfile"));
        b.copy(&item, &["protocol"], &format!("{at}/protocol"), Kind::Str);
        b.copy(&item, &["host_name"], &format!("{at}/hostName"), Kind::Str);
        b.copy(&item, &["host_names"], &format!("{at}/hostNames"), Kind::Strs);
        b.copy_or(&item, &["require_sni"], &format!("{at}/requireServerNameIndication"), Kind::Bool, json!(false));
        b.id_object(&item, &["firewall_policy_id"], &format!("{at}/firewallPolicy"));
    }
    for (at, item) in each(b, obj, "probe", "probes") {
        b.copy(&item, &["protocol"], &format!("{at}/protocol"), Kind::Str);
        b.copy(&item, &["path"], &format!("{at}/path"), Kind::Str);
        b.copy(&item, &["host"], &format!("{at}/host"), Kind::Str);
        b.copy(&item, &["port"], &format!("{at}/port"), Kind::Int);
        b.copy(&item, &["interval"], &format!("{at}/interval"), Kind::Int);
        b.copy(&item, &["timeout"], &format!("{at}/timeout"), Kind::Int);
        b.copy(&item, &["unhealthy_threshold"], &format!("{at}/unhealthyThreshold"), Kind::Int);
        b.copy_or(
            &item,
            &["pick_host_name_from_backend_http_settings"],
            &format!("{at}/pickHostNameFromBackendHttpSettings"),
            Kind::Bool,
            json!(false),
        );
        b.copy_or(&item, &["minimum_servers"], &format!("{at}/minServers"), Kind::Int, json!(0));
        if let Some(m) = item.block("match") {
            b.copy(&m, &["status_code"], &format!("{at}/match/statusCodes"), Kind::Strs);
            b.copy(&m, &["body"], &format!("{at}/match/body"), Kind::Str);
        }
    }
    for (at, item) in each(b, obj, "request_routing_rule", "requestRoutingRules") {
        b.copy(&item, &["rule_type"], &format!("{at}/ruleType"), Kind::Str);
        b.copy(&item, &["priority"], &format!("{at}/priority"), Kind::Int);
        link(b, &item, "http_listener_name", "httpListeners", &format!("{at}/httpListener"));
        link(b, &item, "backend_address_pool_name", "backendAddressPools", &format!("{at}/backendAddressPool"));
        link(
            b,
            &item,
            "backend_http_settings_name",
            "backendHttpSettingsCollection",
            &format!("{at}/backendHttpSettings"),
        );
        link(b, &item, "redirect_configuration_name", "redirectConfigurations", &format!("{at}/redirectConfiguration"));
        link(b, &item, "rewrite_rule_set_name", "rewriteRuleSets", &format!("{at}/rewriteRuleSet"));
        link(b, &item, "url_path_map_name", "urlPathMaps", &format!("{at}/urlPathMap"));
    }
    for (at, item) in each(b, obj, "redirect_configuration", "redirectConfigurations") {
        b.copy(&item, &["redirect_type"], &format!("{at}/redirectType"), Kind::Str);
        link(b, &item, "target_listener_name", "httpListeners", &format!("{at}/targetListener"));
        b.copy(&item, &["target_url"], &format!("{at}/targetUrl"), Kind::Str);
        b.copy_or(&item, &["include_path"], &format!("{at}/includePath"), Kind::Bool, json!(false));
        b.copy_or(&item, &["include_query_string"], &format!("{at}/includeQueryString"), Kind::Bool, json!(false));
    }
    for (at, item) in each(b, obj, "ssl_certificate", "sslCertificates") {
        b.copy(&item, &["key_vault_secret_id"], &format!("{at}/keyVaultSecretId"), Kind::Str);
        b.copy(&item, &["data"], &format!("{at}/data"), Kind::Str);
        b.copy(&item, &["password"], &format!("{at}/password"), Kind::Str);
    }
    for (at, item) in each(b, obj, "trusted_root_certificate", "trustedRootCertificates") {
        b.copy(&item, &["key_vault_secret_id"], &format!("{at}/keyVaultSecretId"), Kind::Str);
        b.copy(&item, &["data"], &format!("{at}/data"), Kind::Str);
    }
    for (at, item) in each(b, obj, "url_path_map", "urlPathMaps") {
        link(
            b,
            &item,
            "default_backend_address_pool_name",
            "backendAddressPools",
            &format!("{at}/defaultBackendAddressPool"),
        );
        link(
            b,
            &item,
            "default_backend_http_settings_name",
            "backendHttpSettingsCollection",
            &format!("{at}/defaultBackendHttpSettings"),
        );
        link(
            b,
            &item,
            "default_redirect_configuration_name",
            "redirectConfigurations",
            &format!("{at}/defaultRedirectConfiguration"),
        );
        for (j, rule) in item.blocks("path_rule").into_iter().enumerate() {
            let r = format!("{at}/pathRules/{j}");
            b.put(&r, json!({ "properties": {} }), Some(&rule.path));
            b.copy(&rule, &["name"], &format!("{r}/name"), Kind::Str);
            b.copy(&rule, &["paths"], &format!("{r}/properties/paths"), Kind::Strs);
            link(
                b,
                &rule,
                "backend_address_pool_name",
                "backendAddressPools",
                &format!("{r}/properties/backendAddressPool"),
            );
            link(
                b,
                &rule,
                "backend_http_settings_name",
                "backendHttpSettingsCollection",
                &format!("{r}/properties/backendHttpSettings"),
            );
            link(
                b,
                &rule,
                "redirect_configuration_name",
                "redirectConfigurations",
                &format!("{r}/properties/redirectConfiguration"),
            );
            b.id_object(&rule, &["firewall_policy_id"], &format!("{r}/properties/firewallPolicy"));
        }
    }
    if let Some(waf) = obj.block("waf_configuration") {
        let at = "/properties/webApplicationFirewallConfiguration";
        b.mark(at, &waf.path);
        b.copy(&waf, &["enabled"], &format!("{at}/enabled"), Kind::Bool);
        b.copy(&waf, &["firewall_mode"], &format!("{at}/firewallMode"), Kind::Str);
        b.copy_or(&waf, &["rule_set_type"], &format!("{at}/ruleSetType"), Kind::Str, json!("OWASP"));
        b.copy(&waf, &["rule_set_version"], &format!("{at}/ruleSetVersion"), Kind::Str);
        b.copy_or(&waf, &["file_upload_limit_mb"], &format!("{at}/fileUploadLimitInMb"), Kind::Int, json!(100));
        b.copy_or(&waf, &["request_body_check"], &format!("{at}/requestBodyCheck"), Kind::Bool, json!(true));
        b.copy_or(&waf, &["max_request_body_size_kb"], &format!("{at}/maxRequestBodySizeInKb"), Kind::Int, json!(128));
        for (j, group) in waf.blocks("disabled_rule_group").into_iter().enumerate() {
            let g = format!("{at}/disabledRuleGroups/{j}");
            b.put(&g, json!({}), Some(&group.path));
            b.copy(&group, &["rule_group_name"], &format!("{g}/ruleGroupName"), Kind::Str);
            b.copy(&group, &["rules"], &format!("{g}/rules"), Kind::Ints);
        }
        for (j, ex) in waf.blocks("exclusion").into_iter().enumerate() {
            let e = format!("{at}/exclusions/{j}");
            b.put(&e, json!({}), Some(&ex.path));
            b.copy(&ex, &["match_variable"], &format!("{e}/matchVariable"), Kind::Str);
            b.copy(&ex, &["selector_match_operator"], &format!("{e}/selectorMatchOperator"), Kind::Str);
            b.copy(&ex, &["selector"], &format!("{e}/selector"), Kind::Str);
        }
    }
}

fn waf_policy(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    if let Some(settings) = obj.block("policy_settings") {
        let at = "/properties/policySettings";
        b.mark(at, &settings.path);
        b.flag(&settings, &["enabled"], &format!("{at}/state"), "Enabled", "Disabled", Some(true));
        b.copy_or(&settings, &["mode"], &format!("{at}/mode"), Kind::Str, json!("Prevention"));
        b.copy_or(&settings, &["request_body_check"], &format!("{at}/requestBodyCheck"), Kind::Bool, json!(true));
        b.copy_or(
            &settings,
            &["request_body_enforcement"],
            &format!("{at}/requestBodyEnforcement"),
            Kind::Bool,
            json!(true),
        );
        b.copy_or(&settings, &["file_upload_limit_in_mb"], &format!("{at}/fileUploadLimitInMb"), Kind::Int, json!(100));
        b.copy_or(
            &settings,
            &["max_request_body_size_in_kb"],
            &format!("{at}/maxRequestBodySizeInKb"),
            Kind::Int,
            json!(128),
        );
        b.copy_or(
            &settings,
            &["request_body_inspect_limit_in_kb"],
            &format!("{at}/requestBodyInspectLimitInKB"),
            Kind::Int,
            json!(128),
        );
        b.copy(&settings, &["file_upload_enforcement"], &format!("{at}/fileUploadEnforcement"), Kind::Bool);
        b.copy(
            &settings,
            &["js_challenge_cookie_expiration_in_minutes"],
            &format!("{at}/jsChallengeCookieExpirationInMins"),
            Kind::Int,
        );
    }
    let at = "/properties/managedRules";
    b.put(&format!("{at}/managedRuleSets"), json!([]), None);
    if let Some(rules) = obj.block("managed_rules") {
        b.mark(at, &rules.path);
        for (i, set) in rules.blocks("managed_rule_set").into_iter().enumerate() {
            let s = format!("{at}/managedRuleSets/{i}");
            b.put(&s, json!({}), Some(&set.path));
            b.copy_or(&set, &["type"], &format!("{s}/ruleSetType"), Kind::Str, json!("OWASP"));
            b.copy(&set, &["version"], &format!("{s}/ruleSetVersion"), Kind::Str);
            for (j, group) in set.blocks("rule_group_override").into_iter().enumerate() {
                let g = format!("{s}/ruleGroupOverrides/{j}");
                b.put(&g, json!({}), Some(&group.path));
                b.copy(&group, &["rule_group_name"], &format!("{g}/ruleGroupName"), Kind::Str);
                for (k, rule) in group.blocks("rule").into_iter().enumerate() {
                    let r = format!("{g}/rules/{k}");
                    b.put(&r, json!({}), Some(&rule.path));
                    b.copy(&rule, &["id"], &format!("{r}/ruleId"), Kind::Str);
                    b.flag(&rule, &["enabled"], &format!("{r}/state"), "Enabled", "Disabled", Some(false));
                    b.copy(&rule, &["action"], &format!("{r}/action"), Kind::Str);
                }
            }
        }
        for (i, ex) in rules.blocks("exclusion").into_iter().enumerate() {
            let e = format!("{at}/exclusions/{i}");
            b.put(&e, json!({}), Some(&ex.path));
            b.copy(&ex, &["match_variable"], &format!("{e}/matchVariable"), Kind::Str);
            b.copy(&ex, &["selector"], &format!("{e}/selector"), Kind::Str);
            b.copy(&ex, &["selector_match_operator"], &format!("{e}/selectorMatchOperator"), Kind::Str);
            for (j, set) in ex.blocks("excluded_rule_set").into_iter().enumerate() {
                let s = format!("{e}/exclusionManagedRuleSets/{j}");
                b.put(&s, json!({}), Some(&set.path));
                b.copy_or(&set, &["type"], &format!("{s}/ruleSetType"), Kind::Str, json!("OWASP"));
                b.copy_or(&set, &["version"], &format!("{s}/ruleSetVersion"), Kind::Str, json!("3.2"));
                for (k, group) in set.blocks("rule_group").into_iter().enumerate() {
                    let g = format!("{s}/ruleGroups/{k}");
                    b.put(&g, json!({}), Some(&group.path));
                    b.copy(&group, &["rule_group_name"], &format!("{g}/ruleGroupName"), Kind::Str);
                    if let Some(ids) = group.get(&["excluded_rules"]) {
                        let list = b.conv(&ids, &format!("{g}/rules"), Kind::Strs);
                        let rules: Vec<Json> = list
                            .as_array()
                            .cloned()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|id| json!({ "ruleId": id }))
                            .collect();
                        b.put(&format!("{g}/rules"), json!(rules), Some(&ids.path));
                    }
                }
            }
        }
    }
    for (i, rule) in obj.blocks("custom_rules").into_iter().enumerate() {
        let r = format!("/properties/customRules/{i}");
        b.put(&r, json!({}), Some(&rule.path));
        b.copy(&rule, &["name"], &format!("{r}/name"), Kind::Str);
        b.copy(&rule, &["priority"], &format!("{r}/priority"), Kind::Int);
        b.copy(&rule, &["rule_type"], &format!("{r}/ruleType"), Kind::Str);
        b.copy(&rule, &["action"], &format!("{r}/action"), Kind::Str);
        b.flag(&rule, &["enabled"], &format!("{r}/state"), "Enabled", "Disabled", Some(true));
        b.copy(&rule, &["rate_limit_duration"], &format!("{r}/rateLimitDuration"), Kind::Str);
        b.copy(&rule, &["rate_limit_threshold"], &format!("{r}/rateLimitThreshold"), Kind::Int);
        for (j, cond) in rule.blocks("match_conditions").into_iter().enumerate() {
            let c = format!("{r}/matchConditions/{j}");
            b.put(&c, json!({ "matchVariables": [] }), Some(&cond.path));
            b.copy(&cond, &["operator"], &format!("{c}/operator"), Kind::Str);
            b.copy_or(&cond, &["negation_condition"], &format!("{c}/negationConditon"), Kind::Bool, json!(false));
            b.copy(&cond, &["match_values"], &format!("{c}/matchValues"), Kind::Strs);
            b.copy(&cond, &["transforms"], &format!("{c}/transforms"), Kind::Strs);
            for (k, var) in cond.blocks("match_variables").into_iter().enumerate() {
                let v = format!("{c}/matchVariables/{k}");
                b.put(&v, json!({}), Some(&var.path));
                b.copy(&var, &["variable_name"], &format!("{v}/variableName"), Kind::Str);
                b.copy(&var, &["selector"], &format!("{v}/selector"), Kind::Str);
            }
        }
    }
}
