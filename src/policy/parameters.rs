//! Rule parameters (`[parameters]` in a profile), each declared once: its name, type, default
//! and which rules read it. The `parameters!` list generates the raw form read from TOML
//! (every key optional, unknown keys rejected), the resolved [`Parameters`], the defaults, and
//! the resolution that records each key's span (findings point at the key that decided them).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

macro_rules! parameters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty = $default:expr,)+) => {
        /// `[parameters]` as written: every key optional, unknown keys rejected with their span.
        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        pub(super) struct RawParameters {
            $($name: Option<Spanned<$ty>>,)+
        }

        /// Rule parameters, resolved.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Parameters {
            $($(#[$doc])* pub $name: $ty,)+
        }

        impl Default for Parameters {
            fn default() -> Parameters {
                Parameters { $($name: $default,)+ }
            }
        }

        impl RawParameters {
            /// The written values over the defaults; `take` receives the span of each key
            /// written (`parameters.NAME`).
            pub(super) fn resolve(self, take: &mut dyn FnMut(&str, Range<usize>)) -> Parameters {
                let defaults = Parameters::default();
                Parameters {
                    $($name: match self.$name {
                        Some(v) => {
                            take(concat!("parameters.", stringify!($name)), v.span());
                            v.into_inner()
                        }
                        None => defaults.$name,
                    },)+
                }
            }
        }
    };
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

parameters! {
    /// GEN001: regions resources may be placed in.
    allowed_regions: Vec<String> = strings(&["australiaeast", "australiasoutheast"]),
    /// KV002: days a deleted key vault is kept, at least.
    key_vault_min_retention_days: u32 = 90,
    /// LOG002, SQL005: days audit logs are kept, at least.
    log_min_retention_days: u32 = 90,
    /// WAF003: minimum managed rule set version by rule set type.
    min_rule_set_versions: BTreeMap<String, String> =
        [("OWASP", "3.2"), ("Microsoft_DefaultRuleSet", "2.1")].into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
    /// MID004: roles no principal may be given.
    forbidden_roles: Vec<String> = strings(&[
        "Owner",
        "Contributor",
        "User Access Administrator",
        "Role Based Access Control Administrator",
    ]),
    /// MID004: role assignments at subscription scope are accepted.
    allow_subscription_scope: bool = false,
    /// OIDC003: OIDC issuers trusted besides GitHub and Azure DevOps.
    oidc_issuers: Vec<String> = Vec::new(),
    /// GEN002: tags every taggable resource carries.
    required_tags: Vec<String> = strings(&["environment", "owner", "cost_center"]),
    /// MID001: ARM types that must carry a managed identity besides the catalog's.
    identity_required_types: Vec<String> = Vec::new(),
    /// NET007: Kong admin ports no network security group may open.
    kong_admin_ports: Vec<u16> = vec![8001, 8444],
    /// NET008: Databricks workspaces must deny public network access.
    databricks_deny_public_network_access: bool = true,
    /// STG006: days deleted blobs and containers are kept, at least.
    storage_min_soft_delete_days: u32 = 7,
    /// STG007: storage must use customer-managed keys.
    require_customer_managed_keys: bool = false,
    /// STG008: a `*` CORS origin is accepted.
    allow_cors_wildcard: bool = false,
    /// PGS005, MYS004: database servers must keep geo-redundant backups.
    require_geo_redundant_backups: bool = false,
    /// DEF001: Defender for Cloud plans (`resource_type`) that must be Standard.
    defender_plans: Vec<String> =
        strings(&["VirtualMachines", "StorageAccounts", "SqlServers", "KeyVaults", "Arm", "AppServices", "Containers"]),
}
