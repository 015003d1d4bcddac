//! Monitoring: Log Analytics workspaces (Microsoft.OperationalInsights) and diagnostic settings
//! (Microsoft.Insights, an extension resource on the monitored resource).

use serde_json::json;

use super::{common, identity, place_extension, place_in_group, required_name, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Placement;

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_log_analytics_workspace",
            "Microsoft.OperationalInsights/workspaces",
            "2025-07-01",
            place_in_group,
            workspace,
        )
        .computed(&[("workspace_id", "customerId")]),
        TypeSpec::new(
            "azurerm_monitor_diagnostic_setting",
            "Microsoft.Insights/diagnosticSettings",
            "2021-05-01-preview",
            place_setting,
            diagnostic_setting,
        ),
    ]
}

fn workspace(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy_or(obj, &["sku"], "/properties/sku/name", Kind::Str, json!("PerGB2018"));
    b.copy(obj, &["reservation_capacity_in_gb_per_day"], "/properties/sku/capacityReservationLevel", Kind::Int);
    b.copy_or(obj, &["retention_in_days"], "/properties/retentionInDays", Kind::Int, json!(30));
    b.copy_or(obj, &["daily_quota_gb"], "/properties/workspaceCapping/dailyQuotaGb", Kind::Num, json!(-1));
    b.flag(
        obj,
        &["internet_ingestion_enabled"],
        "/properties/publicNetworkAccessForIngestion",
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.flag(
        obj,
        &["internet_query_enabled"],
        "/properties/publicNetworkAccessForQuery",
        "Enabled",
        "Disabled",
        Some(true),
    );
    // v4 local_authentication_enabled (default true); v3 local_authentication_disabled.
    if obj.get(&["local_authentication_enabled"]).is_some() {
        b.negated(obj, &["local_authentication_enabled"], "/properties/features/disableLocalAuth", None);
    } else {
        b.copy_or(
            obj,
            &["local_authentication_disabled"],
            "/properties/features/disableLocalAuth",
            Kind::Bool,
            json!(false),
        );
    }
    b.copy_or(
        obj,
        &["allow_resource_only_permissions"],
        "/properties/features/enableLogAccessUsingOnlyResourcePermissions",
        Kind::Bool,
        json!(true),
    );
    b.copy(
        obj,
        &["immediate_data_purge_on_30_days_enabled"],
        "/properties/features/immediatePurgeDataOn30Days",
        Kind::Bool,
    );
    b.copy(obj, &["cmk_for_query_forced"], "/properties/forceCmkForQuery", Kind::Bool);
    b.copy(obj, &["data_collection_rule_id"], "/properties/defaultDataCollectionRuleResourceId", Kind::Str);
}

fn place_setting(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"], ctx)?;
    let target =
        obj.get(&["target_resource_id"]).ok_or_else(|| PlaceError::Failed("target_resource_id is not set".into()))?;
    place_extension(spec, name, target.value, ctx)
}

fn diagnostic_setting(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["log_analytics_workspace_id"], "/properties/workspaceId", Kind::Str);
    b.copy(obj, &["log_analytics_destination_type"], "/properties/logAnalyticsDestinationType", Kind::Str);
    b.copy(obj, &["storage_account_id"], "/properties/storageAccountId", Kind::Str);
    b.copy(obj, &["eventhub_authorization_rule_id"], "/properties/eventHubAuthorizationRuleId", Kind::Str);
    b.copy(obj, &["eventhub_name"], "/properties/eventHubName", Kind::Str);
    b.copy(obj, &["partner_solution_id"], "/properties/marketplacePartnerId", Kind::Str);
    // v4: enabled_log / enabled_metric; v3: log / metric with their own `enabled`.
    let mut logs = obj.blocks("enabled_log");
    logs.extend(obj.blocks("log"));
    b.put("/properties/logs", json!([]), None);
    for (i, log) in logs.iter().enumerate() {
        let at = format!("/properties/logs/{i}");
        b.put(&at, json!({}), Some(&log.path));
        b.copy(log, &["category"], &format!("{at}/category"), Kind::Str);
        b.copy(log, &["category_group"], &format!("{at}/categoryGroup"), Kind::Str);
        b.copy_or(log, &["enabled"], &format!("{at}/enabled"), Kind::Bool, json!(true));
        retention(b, log, &at);
    }
    let mut metrics = obj.blocks("enabled_metric");
    metrics.extend(obj.blocks("metric"));
    b.put("/properties/metrics", json!([]), None);
    for (i, metric) in metrics.iter().enumerate() {
        let at = format!("/properties/metrics/{i}");
        b.put(&at, json!({}), Some(&metric.path));
        b.copy(metric, &["category"], &format!("{at}/category"), Kind::Str);
        b.copy_or(metric, &["enabled"], &format!("{at}/enabled"), Kind::Bool, json!(true));
        retention(b, metric, &at);
    }
}

fn retention(b: &mut Builder, obj: &Obj, at: &str) {
    if let Some(policy) = obj.block("retention_policy") {
        b.copy_or(&policy, &["enabled"], &format!("{at}/retentionPolicy/enabled"), Kind::Bool, json!(false));
        b.copy_or(&policy, &["days"], &format!("{at}/retentionPolicy/days"), Kind::Int, json!(0));
    }
}
