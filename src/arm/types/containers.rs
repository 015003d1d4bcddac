//! Containers: Microsoft.ContainerRegistry registries and Microsoft.ContainerInstance container
//! groups (`azurerm_container_registry`, `azurerm_container_group`).

use serde_json::{json, Value as Json};

use super::{common, identity, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_container_registry",
            "Microsoft.ContainerRegistry/registries",
            "2025-04-01",
            place_in_group,
            registry,
        )
        .computed(&[("login_server", "loginServer")]),
        TypeSpec::new(
            "azurerm_container_group",
            "Microsoft.ContainerInstance/containerGroups",
            "2025-09-01",
            place_in_group,
            container_group,
        )
        .computed(&[("ip_address", "ipAddress.ip"), ("fqdn", "ipAddress.fqdn")]),
    ]
}

fn status(b: &mut Builder, obj: &Obj, names: &[&str], pointer: &str, default: bool) {
    b.flag(obj, names, pointer, "enabled", "disabled", Some(default));
}

fn registry(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["sku"], "/sku/name", Kind::Str);
    b.copy_or(obj, &["admin_enabled"], "/properties/adminUserEnabled", Kind::Bool, json!(false));
    b.copy_or(obj, &["anonymous_pull_enabled"], "/properties/anonymousPullEnabled", Kind::Bool, json!(false));
    b.copy_or(obj, &["data_endpoint_enabled"], "/properties/dataEndpointEnabled", Kind::Bool, json!(false));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        "/properties/publicNetworkAccess",
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy_or(
        obj,
        &["network_rule_bypass_option"],
        "/properties/networkRuleBypassOptions",
        Kind::Str,
        json!("AzureServices"),
    );
    b.flag(obj, &["zone_redundancy_enabled"], "/properties/zoneRedundancy", "Enabled", "Disabled", Some(false));
    status(b, obj, &["export_policy_enabled"], "/properties/policies/exportPolicy/status", true);
    status(b, obj, &["quarantine_policy_enabled"], "/properties/policies/quarantinePolicy/status", false);
    status(b, obj, &["trust_policy_enabled"], "/properties/policies/trustPolicy/status", false);
    if obj.bool(&["trust_policy_enabled"]) == Some(true) {
        b.put("/properties/policies/trustPolicy/type", json!("Notary"), None);
    }
    if let Some(days) = obj.get(&["retention_policy_in_days"]) {
        let v = b.conv(&days, "/properties/policies/retentionPolicy/days", Kind::Int);
        b.put("/properties/policies/retentionPolicy/days", v, Some(&days.path));
        b.put("/properties/policies/retentionPolicy/status", json!("enabled"), Some(&days.path));
    }
    if let Some(rules) = obj.block("network_rule_set") {
        b.mark("/properties/networkRuleSet", &rules.path);
        b.copy_or(&rules, &["default_action"], "/properties/networkRuleSet/defaultAction", Kind::Str, json!("Allow"));
        b.put("/properties/networkRuleSet/ipRules", json!([]), None);
        for (i, rule) in rules.blocks("ip_rule").into_iter().enumerate() {
            let at = format!("/properties/networkRuleSet/ipRules/{i}");
            b.put(&at, json!({}), Some(&rule.path));
            b.copy_or(&rule, &["action"], &format!("{at}/action"), Kind::Str, json!("Allow"));
            b.copy(&rule, &["ip_range"], &format!("{at}/value"), Kind::Str);
        }
    }
}

/// `{ port, protocol }` objects from `ports`/`exposed_port` blocks.
fn ports(b: &mut Builder, blocks: &[Obj], at: &str) -> Vec<Json> {
    let mut out = Vec::new();
    for (i, port) in blocks.iter().enumerate() {
        let p = format!("{at}/{i}");
        let number = port.get(&["port"]).map(|a| b.conv(&a, &format!("{p}/port"), Kind::Int));
        let protocol =
            port.get(&["protocol"]).map(|a| b.conv(&a, &format!("{p}/protocol"), Kind::Str)).unwrap_or(json!("TCP"));
        if let Some(number) = number {
            out.push(json!({ "port": number, "protocol": protocol }));
            b.mark(&p, &port.path);
        }
    }
    out
}

fn probe(b: &mut Builder, obj: &Obj, name: &str, at: &str) {
    let Some(probe) = obj.block(name) else { return };
    b.mark(at, &probe.path);
    if let Some(exec) = probe.get(&["exec"]) {
        let v = b.conv(&exec, &format!("{at}/exec/command"), Kind::Strs);
        b.put(&format!("{at}/exec/command"), v, Some(&exec.path));
    }
    if let Some(get) = probe.block("http_get") {
        b.copy(&get, &["path"], &format!("{at}/httpGet/path"), Kind::Str);
        b.copy(&get, &["port"], &format!("{at}/httpGet/port"), Kind::Int);
        b.copy(&get, &["scheme"], &format!("{at}/httpGet/scheme"), Kind::Str);
    }
    b.copy(&probe, &["initial_delay_seconds"], &format!("{at}/initialDelaySeconds"), Kind::Int);
    b.copy(&probe, &["period_seconds"], &format!("{at}/periodSeconds"), Kind::Int);
    b.copy(&probe, &["failure_threshold"], &format!("{at}/failureThreshold"), Kind::Int);
    b.copy(&probe, &["success_threshold"], &format!("{at}/successThreshold"), Kind::Int);
    b.copy(&probe, &["timeout_seconds"], &format!("{at}/timeoutSeconds"), Kind::Int);
}

/// `environment_variables` and `secure_environment_variables` as ARM's name/value list.
fn environment(b: &mut Builder, obj: &Obj, at: &str) {
    let mut vars = Vec::new();
    for (attr, key) in [("environment_variables", "value"), ("secure_environment_variables", "secureValue")] {
        let Some(a) = obj.get(&[attr]) else { continue };
        let Some(entries) = a.value.as_entries() else { continue };
        for (name, value) in entries {
            let i = vars.len();
            let v = b.value(value, &format!("{at}/{i}/{key}"), Kind::Str, &format!("{}.{name}", a.path));
            let v = if key == "secureValue" && v.as_str().is_some_and(|s| !s.starts_with('[')) {
                let stem = format!("{}_{}_{name}", b.address, a.path);
                let site = b.site(&a.path);
                json!(crate::arm::reference::bracket(&b.ctx.params.declare(
                    &stem,
                    &format!("secure environment variable {name} of {}", b.address),
                    "securestring",
                    site,
                    Some(v)
                )))
            } else {
                v
            };
            b.mark(&format!("{at}/{i}"), &a.path);
            vars.push(json!({ "name": crate::arm::emit::literal(name), key: v }));
        }
    }
    if !vars.is_empty() {
        b.put(at, json!(vars), None);
    }
}

fn container_group(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["os_type"], "/properties/osType", Kind::Str);
    b.copy_or(obj, &["restart_policy"], "/properties/restartPolicy", Kind::Str, json!("Always"));
    b.copy_or(obj, &["sku"], "/properties/sku", Kind::Str, json!("Standard"));
    b.copy(obj, &["priority"], "/properties/priority", Kind::Str);
    if let Some(ids) = obj.get(&["subnet_ids"]) {
        let list = b.conv(&ids, "/properties/subnetIds", Kind::Strs);
        let list: Vec<_> =
            list.as_array().cloned().unwrap_or_default().into_iter().map(|id| json!({ "id": id })).collect();
        b.put("/properties/subnetIds", json!(list), Some(&ids.path));
    }
    for (i, cred) in obj.blocks("image_registry_credential").into_iter().enumerate() {
        let at = format!("/properties/imageRegistryCredentials/{i}");
        b.put(&at, json!({}), Some(&cred.path));
        b.copy(&cred, &["server"], &format!("{at}/server"), Kind::Str);
        b.copy(&cred, &["username"], &format!("{at}/username"), Kind::Str);
        b.copy(&cred, &["password"], &format!("{at}/password"), Kind::Str);
        b.copy(&cred, &["user_assigned_identity_id"], &format!("{at}/identity"), Kind::Str);
    }
    let mut container_ports = Vec::new();
    for (i, c) in obj.blocks("container").into_iter().enumerate() {
        let at = format!("/properties/containers/{i}");
        b.put(&at, json!({ "properties": {} }), Some(&c.path));
        b.copy(&c, &["name"], &format!("{at}/name"), Kind::Str);
        let p = format!("{at}/properties");
        b.copy(&c, &["image"], &format!("{p}/image"), Kind::Str);
        b.copy(&c, &["cpu"], &format!("{p}/resources/requests/cpu"), Kind::Num);
        b.copy(&c, &["memory"], &format!("{p}/resources/requests/memoryInGB"), Kind::Num);
        b.copy(&c, &["cpu_limit"], &format!("{p}/resources/limits/cpu"), Kind::Num);
        b.copy(&c, &["memory_limit"], &format!("{p}/resources/limits/memoryInGB"), Kind::Num);
        b.copy(&c, &["commands"], &format!("{p}/command"), Kind::Strs);
        let list = ports(b, &c.blocks("ports"), &format!("{p}/ports"));
        container_ports.extend(list.iter().cloned());
        b.put(&format!("{p}/ports"), json!(list), None);
        environment(b, &c, &format!("{p}/environmentVariables"));
        probe(b, &c, "liveness_probe", &format!("{p}/livenessProbe"));
        probe(b, &c, "readiness_probe", &format!("{p}/readinessProbe"));
        for (j, vol) in c.blocks("volume").into_iter().enumerate() {
            let v = format!("{p}/volumeMounts/{j}");
            b.put(&v, json!({}), Some(&vol.path));
            b.copy(&vol, &["name"], &format!("{v}/name"), Kind::Str);
            b.copy(&vol, &["mount_path"], &format!("{v}/mountPath"), Kind::Str);
            b.copy(&vol, &["read_only"], &format!("{v}/readOnly"), Kind::Bool);
        }
        if let Some(sc) = c.block("security") {
            b.copy(&sc, &["privilege_enabled"], &format!("{p}/securityContext/privileged"), Kind::Bool);
        }
    }
    // azurerm: ip_address_type defaults to Public; the exposed ports are `exposed_port`, else
    // every container port; "None" sends no address.
    let ip_type = obj.str(&["ip_address_type"]).unwrap_or("Public");
    if ip_type != "None" {
        let exposed = obj.blocks("exposed_port");
        let list = if exposed.is_empty() { container_ports } else { ports(b, &exposed, "/properties/ipAddress/ports") };
        b.put("/properties/ipAddress/ports", json!(list), exposed.first().map(|e| e.path.as_str()));
        b.copy_or(obj, &["ip_address_type"], "/properties/ipAddress/type", Kind::Str, json!("Public"));
        b.copy(obj, &["dns_name_label"], "/properties/ipAddress/dnsNameLabel", Kind::Str);
        b.copy(
            obj,
            &["dns_name_label_reuse_policy"],
            "/properties/ipAddress/autoGeneratedDomainNameLabelScope",
            Kind::Str,
        );
    }
    if let Some(dns) = obj.block("dns_config") {
        b.copy(&dns, &["nameservers"], "/properties/dnsConfig/nameServers", Kind::Strs);
        if let Some(domains) = dns.get(&["search_domains"]).and_then(|a| a.value.as_seq().map(|s| (a.path.clone(), s)))
        {
            let joined: Vec<&str> = domains.1.iter().filter_map(Value::as_str).collect();
            b.put("/properties/dnsConfig/searchDomains", json!(joined.join(" ")), Some(&domains.0));
        }
    }
    if let Some(diag) = obj.block("diagnostics").and_then(|d| d.block("log_analytics")) {
        let at = "/properties/diagnostics/logAnalytics";
        b.mark(at, &diag.path);
        b.copy(&diag, &["workspace_id"], &format!("{at}/workspaceId"), Kind::Str);
        b.copy(&diag, &["workspace_key"], &format!("{at}/workspaceKey"), Kind::Str);
        b.copy(&diag, &["log_type"], &format!("{at}/logType"), Kind::Str);
        b.copy(&diag, &["metadata"], &format!("{at}/metadata"), Kind::Any);
    }
}

use crate::eval::Value;
