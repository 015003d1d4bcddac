//! Microsoft.Security (Defender for Cloud) at subscription scope: plans
//! (`azurerm_security_center_subscription_pricing`), the security contact
//! (`azurerm_security_center_contact`) and settings (`azurerm_security_center_setting`).
//! `../shared/arm-schemas` has no schema for security contacts or settings, so those two use
//! the api-versions azurerm itself calls.

use serde_json::json;

use super::{required_name, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::{Placement, Scope};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_security_center_subscription_pricing",
            "Microsoft.Security/pricings",
            "2024-01-01",
            |s, o, c| at_subscription(s, o, c, "resource_type", "VirtualMachines"),
            pricing,
        ),
        TypeSpec::new(
            "azurerm_security_center_contact",
            "Microsoft.Security/securityContacts",
            "2023-12-01-preview",
            |s, o, c| at_subscription(s, o, c, "name", "default1"),
            contact,
        ),
        TypeSpec::new(
            "azurerm_security_center_setting",
            "Microsoft.Security/settings",
            "2022-05-01",
            |s, o, c| at_subscription(s, o, c, "setting_name", ""),
            setting,
        ),
    ]
}

/// A subscription-level resource named by `attribute` (or `default` when it is unset).
fn at_subscription(
    spec: &TypeSpec,
    obj: &Obj,
    ctx: &Context,
    attribute: &str,
    default: &str,
) -> Result<Placement, PlaceError> {
    let name = match obj.get(&[attribute]) {
        Some(_) => required_name(obj, &[attribute], ctx)?,
        None if !default.is_empty() => default.to_string(),
        None => return Err(PlaceError::Failed(format!("{attribute} is not set"))),
    };
    Ok(Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names: vec![name],
        scope: Scope::Subscription,
    })
}

fn pricing(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["tier"], "/properties/pricingTier", Kind::Str);
    b.copy(obj, &["subplan"], "/properties/subPlan", Kind::Str);
    let extensions: Vec<serde_json::Value> = obj
        .blocks("extension")
        .iter()
        .filter_map(|e| e.str(&["name"]))
        .map(|name| json!({ "name": name, "isEnabled": "True" }))
        .collect();
    if !extensions.is_empty() {
        b.put("/properties/extensions", json!(extensions), Some("extension"));
    }
}

/// The 2023 contact shape: emails, phone, alert notifications by severity, and the roles
/// (owners) notified.
fn contact(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    b.copy(obj, &["email"], &format!("{p}/emails"), Kind::Str);
    b.copy(obj, &["phone"], &format!("{p}/phone"), Kind::Str);
    b.put(&format!("{p}/isEnabled"), json!(true), None);
    let alerts = obj.bool(&["alert_notifications"]) == Some(true);
    let admins = obj.bool(&["alerts_to_admins"]) == Some(true);
    let alert_site = obj.get(&["alert_notifications"]).map(|a| a.path);
    b.put(
        &format!("{p}/notificationsSources"),
        if alerts { json!([{ "sourceType": "Alert", "minimalSeverity": "Medium" }]) } else { json!([]) },
        alert_site.as_deref(),
    );
    let admin_site = obj.get(&["alerts_to_admins"]).map(|a| a.path);
    b.put(
        &format!("{p}/notificationsByRole"),
        json!({ "state": if admins { "On" } else { "Off" }, "roles": ["Owner"] }),
        admin_site.as_deref(),
    );
}

fn setting(b: &mut Builder, obj: &Obj) {
    let kind = match obj.str(&["setting_name"]) {
        Some("SENTINEL") => "AlertSyncSettings",
        _ => "DataExportSettings",
    };
    b.put("/kind", json!(kind), None);
    b.copy(obj, &["enabled"], "/properties/enabled", Kind::Bool);
}
