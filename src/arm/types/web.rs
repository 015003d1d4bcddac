//! Microsoft.Web: App Service plans and sites (web and function apps, Linux and Windows, their
//! deployment slots, and the 3.x `azurerm_app_service` / `azurerm_function_app` /
//! `azurerm_app_service_plan`). The mapping follows azurerm's `internal/services/appservice`
//! create functions (`expandSiteConfigLinux`, `expandSiteConfigWindows`, ...) with the 4.x
//! defaults explicit. Connection strings and storage account keys are secrets and are not
//! exported (a note says so); everything the rules read is.

use serde_json::json;

use super::{common, identity, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

const API: &str = "2024-11-01";
const SITES: &str = "Microsoft.Web/sites";
const SLOTS: &str = "Microsoft.Web/sites/slots";
const PLANS: &str = "Microsoft.Web/serverfarms";

pub(super) fn types() -> Vec<TypeSpec> {
    let site =
        |tf: &'static str, compile| TypeSpec::new(tf, SITES, API, place_in_group, compile).computed(SITE_COMPUTED);
    let slot = |tf: &'static str, compile| {
        TypeSpec::new(
            tf,
            SLOTS,
            API,
            |s, o, c| place_child_of(s, o, c, &["app_service_id", "function_app_id"]),
            compile,
        )
        .computed(SITE_COMPUTED)
    };
    vec![
        TypeSpec::new("azurerm_service_plan", PLANS, API, place_in_group, service_plan),
        TypeSpec::new("azurerm_app_service_plan", PLANS, API, place_in_group, app_service_plan),
        site("azurerm_linux_web_app", linux_web_app),
        site("azurerm_windows_web_app", windows_web_app),
        site("azurerm_linux_function_app", linux_function_app),
        site("azurerm_windows_function_app", windows_function_app),
        slot("azurerm_linux_web_app_slot", linux_web_app),
        slot("azurerm_windows_web_app_slot", windows_web_app),
        slot("azurerm_linux_function_app_slot", linux_function_app),
        slot("azurerm_windows_function_app_slot", windows_function_app),
        site("azurerm_app_service", app_service),
        site("azurerm_function_app", function_app),
    ]
}

const SITE_COMPUTED: &[(&str, &str)] = &[
    ("default_hostname", "defaultHostName"),
    ("default_site_hostname", "defaultHostName"),
    ("outbound_ip_addresses", "outboundIpAddresses"),
    ("possible_outbound_ip_addresses", "possibleOutboundIpAddresses"),
    ("custom_domain_verification_id", "customDomainVerificationId"),
];

/// `azurerm_service_plan`: `os_type` Linux sets `reserved`, as azurerm does.
fn service_plan(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy(obj, &["sku_name"], "/sku/name", Kind::Str);
    let os = obj.str(&["os_type"]);
    let kind = match os {
        Some("Linux") => "linux",
        Some("WindowsContainer") => "windows",
        _ => "app",
    };
    b.put("/kind", json!(kind), obj.get(&["os_type"]).map(|a| a.path).as_deref());
    b.put("/properties/reserved", json!(os == Some("Linux")), obj.get(&["os_type"]).map(|a| a.path).as_deref());
    if os == Some("WindowsContainer") {
        b.put("/properties/hyperV", json!(true), None);
    }
    b.copy_or(obj, &["per_site_scaling_enabled"], "/properties/perSiteScaling", Kind::Bool, json!(false));
    b.copy_or(obj, &["zone_balancing_enabled"], "/properties/zoneRedundant", Kind::Bool, json!(false));
    b.copy(obj, &["worker_count"], "/sku/capacity", Kind::Int);
    b.copy(obj, &["maximum_elastic_worker_count"], "/properties/maximumElasticWorkerCount", Kind::Int);
    b.copy(obj, &["app_service_environment_id"], "/properties/hostingEnvironmentProfile/id", Kind::Str);
}

/// 3.x `azurerm_app_service_plan`: `sku { tier, size, capacity }`, `kind`, `reserved`.
fn app_service_plan(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy_or(obj, &["kind"], "/kind", Kind::Str, json!("Windows"));
    if let Some(sku) = obj.block("sku") {
        b.copy(&sku, &["tier"], "/sku/tier", Kind::Str);
        b.copy(&sku, &["size"], "/sku/name", Kind::Str);
        b.copy(&sku, &["capacity"], "/sku/capacity", Kind::Int);
    }
    b.copy_or(obj, &["reserved"], "/properties/reserved", Kind::Bool, json!(false));
    b.copy_or(obj, &["per_site_scaling"], "/properties/perSiteScaling", Kind::Bool, json!(false));
    b.copy_or(obj, &["zone_redundant"], "/properties/zoneRedundant", Kind::Bool, json!(false));
    b.copy(obj, &["maximum_elastic_worker_count"], "/properties/maximumElasticWorkerCount", Kind::Int);
}

/// The operating system and workload of a site, which decide its `kind` and runtime setting.
#[derive(Clone, Copy, PartialEq)]
enum Flavour {
    LinuxWeb,
    WindowsWeb,
    LinuxFunction,
    WindowsFunction,
}

impl Flavour {
    fn kind(self) -> &'static str {
        match self {
            Flavour::LinuxWeb => "app,linux",
            Flavour::WindowsWeb => "app",
            Flavour::LinuxFunction => "functionapp,linux",
            Flavour::WindowsFunction => "functionapp",
        }
    }

    fn linux(self) -> bool {
        matches!(self, Flavour::LinuxWeb | Flavour::LinuxFunction)
    }

    fn function(self) -> bool {
        matches!(self, Flavour::LinuxFunction | Flavour::WindowsFunction)
    }
}

fn linux_web_app(b: &mut Builder, obj: &Obj) {
    site(b, obj, Flavour::LinuxWeb);
}

fn windows_web_app(b: &mut Builder, obj: &Obj) {
    site(b, obj, Flavour::WindowsWeb);
}

fn linux_function_app(b: &mut Builder, obj: &Obj) {
    site(b, obj, Flavour::LinuxFunction);
}

fn windows_function_app(b: &mut Builder, obj: &Obj) {
    site(b, obj, Flavour::WindowsFunction);
}

/// 3.x `azurerm_app_service`: Linux when `site_config.linux_fx_version` is set.
fn app_service(b: &mut Builder, obj: &Obj) {
    let linux = obj.block("site_config").is_some_and(|c| c.get(&["linux_fx_version"]).is_some());
    site(b, obj, if linux { Flavour::LinuxWeb } else { Flavour::WindowsWeb });
}

/// 3.x `azurerm_function_app`: `os_type = "linux"` makes it a Linux function app.
fn function_app(b: &mut Builder, obj: &Obj) {
    let linux = obj.str(&["os_type"]) == Some("linux");
    site(b, obj, if linux { Flavour::LinuxFunction } else { Flavour::WindowsFunction });
}

/// Everything a web or function app (or slot) sends.
fn site(b: &mut Builder, obj: &Obj, flavour: Flavour) {
    common(b, obj);
    identity(b, obj);
    b.put("/kind", json!(flavour.kind()), None);
    let p = "/properties";
    b.copy(obj, &["service_plan_id", "app_service_plan_id"], &format!("{p}/serverFarmId"), Kind::Str);
    b.copy_or(obj, &["enabled"], &format!("{p}/enabled"), Kind::Bool, json!(true));
    b.copy_or(obj, &["https_only"], &format!("{p}/httpsOnly"), Kind::Bool, json!(false));
    b.copy_or(obj, &["client_affinity_enabled"], &format!("{p}/clientAffinityEnabled"), Kind::Bool, json!(false));
    b.copy_or(
        obj,
        &["client_certificate_enabled", "client_cert_enabled"],
        &format!("{p}/clientCertEnabled"),
        Kind::Bool,
        json!(false),
    );
    // azurerm's default mode is Required for web apps, Optional for function apps.
    let mode_default = if flavour.function() { "Optional" } else { "Required" };
    b.copy_or(
        obj,
        &["client_certificate_mode", "client_cert_mode"],
        &format!("{p}/clientCertMode"),
        Kind::Str,
        json!(mode_default),
    );
    b.copy(obj, &["client_certificate_exclusion_paths"], &format!("{p}/clientCertExclusionPaths"), Kind::Str);
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy(obj, &["virtual_network_subnet_id"], &format!("{p}/virtualNetworkSubnetId"), Kind::Str);
    b.copy(obj, &["key_vault_reference_identity_id"], &format!("{p}/keyVaultReferenceIdentity"), Kind::Str);
    if flavour.linux() {
        b.put(&format!("{p}/reserved"), json!(true), None);
    }
    site_config(b, obj, flavour);
    for secret in ["connection_string", "storage_account_access_key", "auth_settings", "auth_settings_v2"] {
        if let Some(attr) = obj.get(&[secret]) {
            let site = b.site(&attr.path);
            b.notes.push((format!("{secret} holds secrets and is not exported; set it after deployment"), site));
        }
    }
}

/// `site_config`, with azurerm's defaults when the block (or an attribute) is absent.
fn site_config(b: &mut Builder, obj: &Obj, flavour: Flavour) {
    let at = "/properties/siteConfig";
    let empty = crate::eval::Map::new();
    let config = match obj.block("site_config") {
        Some(c) => {
            b.mark(at, &c.path);
            c
        }
        None => Obj { path: "site_config".into(), attrs: &empty },
    };
    let always_on_default = !flavour.function();
    b.copy_or(&config, &["always_on"], &format!("{at}/alwaysOn"), Kind::Bool, json!(always_on_default));
    b.copy_or(&config, &["ftps_state"], &format!("{at}/ftpsState"), Kind::Str, json!("Disabled"));
    b.copy_or(&config, &["http2_enabled"], &format!("{at}/http20Enabled"), Kind::Bool, json!(false));
    b.copy_or(
        &config,
        &["minimum_tls_version", "min_tls_version"],
        &format!("{at}/minTlsVersion"),
        Kind::Str,
        json!("1.2"),
    );
    b.copy_or(
        &config,
        &["scm_minimum_tls_version", "scm_min_tls_version"],
        &format!("{at}/scmMinTlsVersion"),
        Kind::Str,
        json!("1.2"),
    );
    b.copy_or(
        &config,
        &["remote_debugging_enabled", "remote_debugging"],
        &format!("{at}/remoteDebuggingEnabled"),
        Kind::Bool,
        json!(false),
    );
    b.copy(&config, &["remote_debugging_version"], &format!("{at}/remoteDebuggingVersion"), Kind::Str);
    b.copy_or(&config, &["websockets_enabled"], &format!("{at}/webSocketsEnabled"), Kind::Bool, json!(false));
    b.copy_or(&config, &["vnet_route_all_enabled"], &format!("{at}/vnetRouteAllEnabled"), Kind::Bool, json!(false));
    b.copy_or(
        &config,
        &["use_32_bit_worker", "use_32_bit_worker_process"],
        &format!("{at}/use32BitWorkerProcess"),
        Kind::Bool,
        json!(true),
    );
    b.copy(&config, &["health_check_path"], &format!("{at}/healthCheckPath"), Kind::Str);
    b.copy(&config, &["app_command_line"], &format!("{at}/appCommandLine"), Kind::Str);
    b.copy(&config, &["worker_count", "number_of_workers"], &format!("{at}/numberOfWorkers"), Kind::Int);
    b.copy(&config, &["linux_fx_version"], &format!("{at}/linuxFxVersion"), Kind::Str);
    b.copy(&config, &["windows_fx_version"], &format!("{at}/windowsFxVersion"), Kind::Str);
    b.copy_or(
        &config,
        &["container_registry_use_managed_identity", "acr_use_managed_identity_credentials"],
        &format!("{at}/acrUseManagedIdentityCreds"),
        Kind::Bool,
        json!(false),
    );
    b.copy(
        &config,
        &["container_registry_managed_identity_client_id", "acr_user_managed_identity_client_id"],
        &format!("{at}/acrUserManagedIdentityID"),
        Kind::Str,
    );
    b.copy_or(
        &config,
        &["ip_restriction_default_action"],
        &format!("{at}/ipSecurityRestrictionsDefaultAction"),
        Kind::Str,
        json!("Allow"),
    );
    b.copy_or(
        &config,
        &["scm_ip_restriction_default_action"],
        &format!("{at}/scmIpSecurityRestrictionsDefaultAction"),
        Kind::Str,
        json!("Allow"),
    );
    b.copy_or(
        &config,
        &["scm_use_main_ip_restriction"],
        &format!("{at}/scmIpSecurityRestrictionsUseMain"),
        Kind::Bool,
        json!(false),
    );
    restrictions(b, &config, "ip_restriction", &format!("{at}/ipSecurityRestrictions"));
    restrictions(b, &config, "scm_ip_restriction", &format!("{at}/scmIpSecurityRestrictions"));
    if let Some(cors) = config.block("cors") {
        b.mark(&format!("{at}/cors"), &cors.path);
        b.copy(&cors, &["allowed_origins"], &format!("{at}/cors/allowedOrigins"), Kind::Strs);
        b.copy_or(&cors, &["support_credentials"], &format!("{at}/cors/supportCredentials"), Kind::Bool, json!(false));
    }
    if let Some(stack) = config.block("application_stack") {
        runtime(b, &stack, flavour, at);
    }
    app_settings(b, obj, flavour, at);
}

/// `ip_restriction` blocks: `{ name, priority, action, ipAddress | vnetSubnetResourceId | tag }`.
fn restrictions(b: &mut Builder, config: &Obj, block: &str, at: &str) {
    for (i, rule) in config.blocks(block).iter().enumerate() {
        let r = format!("{at}/{i}");
        b.mark(&r, &rule.path);
        b.copy(rule, &["name"], &format!("{r}/name"), Kind::Str);
        b.copy_or(rule, &["priority"], &format!("{r}/priority"), Kind::Int, json!(65000));
        b.copy_or(rule, &["action"], &format!("{r}/action"), Kind::Str, json!("Allow"));
        b.copy(rule, &["ip_address"], &format!("{r}/ipAddress"), Kind::Str);
        b.copy(rule, &["virtual_network_subnet_id"], &format!("{r}/vnetSubnetResourceId"), Kind::Str);
        if rule.get(&["service_tag"]).is_some() {
            b.copy(rule, &["service_tag"], &format!("{r}/ipAddress"), Kind::Str);
            b.put(&format!("{r}/tag"), json!("ServiceTag"), None);
        }
        b.copy(rule, &["description"], &format!("{r}/description"), Kind::Str);
    }
}

/// `application_stack`: the runtime as `linuxFxVersion` (Linux) or the Windows version
/// properties, for the stacks azurerm writes that way.
fn runtime(b: &mut Builder, stack: &Obj, flavour: Flavour, at: &str) {
    let linux_stacks: &[(&str, &str)] = if flavour.function() {
        &[
            ("python_version", "Python"),
            ("node_version", "Node"),
            ("dotnet_version", "DOTNET"),
            ("powershell_core_version", "PowerShell"),
            ("java_version", "Java"),
        ]
    } else {
        &[
            ("python_version", "PYTHON"),
            ("node_version", "NODE"),
            ("dotnet_version", "DOTNETCORE"),
            ("php_version", "PHP"),
            ("ruby_version", "RUBY"),
            ("go_version", "GO"),
        ]
    };
    if flavour.linux() {
        if let Some(image) = stack.get(&["docker_image_name"]) {
            let registry = stack.str(&["docker_registry_url"]).unwrap_or("https://index.docker.io");
            let host = registry.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
            if let Some(name) = image.value.as_str() {
                b.put(&format!("{at}/linuxFxVersion"), json!(format!("DOCKER|{host}/{name}")), Some(&image.path));
            }
            return;
        }
        for (attribute, prefix) in linux_stacks {
            if let Some(version) = stack.get(&[attribute]) {
                if let Some(v) = version.value.as_str() {
                    let prefix = if *prefix == "DOTNET" && stack.bool(&["use_dotnet_isolated_runtime"]) == Some(true) {
                        "DOTNET-ISOLATED"
                    } else {
                        prefix
                    };
                    b.put(&format!("{at}/linuxFxVersion"), json!(format!("{prefix}|{v}")), Some(&version.path));
                }
                return;
            }
        }
        return;
    }
    for (attribute, property) in [
        ("dotnet_version", "netFrameworkVersion"),
        ("php_version", "phpVersion"),
        ("python_version", "pythonVersion"),
        ("node_version", "nodeVersion"),
        ("java_version", "javaVersion"),
        ("powershell_core_version", "powerShellVersion"),
    ] {
        b.copy(stack, &[attribute], &format!("{at}/{property}"), Kind::Str);
    }
}

/// `app_settings` as `siteConfig.appSettings` (`[{ name, value }]`), plus the settings azurerm
/// adds for function apps (`FUNCTIONS_EXTENSION_VERSION`, the identity-based storage
/// connection).
fn app_settings(b: &mut Builder, obj: &Obj, flavour: Flavour, at: &str) {
    let mut settings = Vec::new();
    if let Some(attr) = obj.get(&["app_settings"]) {
        let value = b.conv(&attr, &format!("{at}/appSettings"), Kind::Any);
        if let Some(map) = value.as_object() {
            for (name, value) in map {
                settings.push(json!({ "name": name, "value": value }));
            }
        }
    }
    if flavour.function() {
        let version = obj.str(&["functions_extension_version", "version"]).unwrap_or("~4");
        settings.push(json!({ "name": "FUNCTIONS_EXTENSION_VERSION", "value": version }));
        if obj.bool(&["storage_uses_managed_identity"]) == Some(true) {
            if let Some(name) = obj.str(&["storage_account_name"]) {
                settings.push(json!({ "name": "AzureWebJobsStorage__accountName", "value": name }));
            }
        }
    }
    if !settings.is_empty() {
        let from = obj.get(&["app_settings"]).map(|a| a.path);
        b.put(&format!("{at}/appSettings"), json!(settings), from.as_deref());
    }
}
