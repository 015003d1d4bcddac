//! Microsoft.ContainerService: AKS clusters (`azurerm_kubernetes_cluster`, its default node pool
//! an agent pool profile) and their further node pools (`azurerm_kubernetes_cluster_node_pool`),
//! following azurerm 4.x `kubernetes_cluster_resource.go`, `kubernetes_nodepool.go`,
//! `kubernetes_addons.go` and `kubernetes_cluster_node_pool_resource.go` with the defaults it
//! sends made explicit (3.x spellings second).

use serde_json::{json, Value as Json};

use super::{common, identity, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

/// The newest stable api-version in `../shared/arm-schemas` declaring both types.
const API: &str = "2026-05-01";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_kubernetes_cluster",
            "Microsoft.ContainerService/managedClusters",
            API,
            place_in_group,
            cluster,
        )
        .computed(&[
            ("fqdn", "fqdn"),
            ("private_fqdn", "privateFQDN"),
            ("node_resource_group_id", "nodeResourceGroup"),
            ("oidc_issuer_url", "oidcIssuerProfile.issuerURL"),
            ("current_kubernetes_version", "currentKubernetesVersion"),
        ]),
        TypeSpec::new(
            "azurerm_kubernetes_cluster_node_pool",
            "Microsoft.ContainerService/managedClusters/agentPools",
            API,
            |s, o, c| place_child_of(s, o, c, &["kubernetes_cluster_id"]),
            node_pool,
        )
        // The schema names an agent pool alone, inside its cluster's `resources`.
        .nested(),
    ]
}

fn cluster(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    let p = "/properties";
    // `ManagedClusterSKUNameBase` is the only name azurerm sends.
    b.put("/sku/name", json!("Base"), None);
    b.copy_or(obj, &["sku_tier"], "/sku/tier", Kind::Str, json!("Free"));
    b.copy(obj, &["dns_prefix"], &format!("{p}/dnsPrefix"), Kind::Str);
    b.copy(obj, &["dns_prefix_private_cluster"], &format!("{p}/fqdnSubdomain"), Kind::Str);
    b.copy(obj, &["kubernetes_version"], &format!("{p}/kubernetesVersion"), Kind::Str);
    b.copy(obj, &["node_resource_group"], &format!("{p}/nodeResourceGroup"), Kind::Str);
    b.copy(obj, &["disk_encryption_set_id"], &format!("{p}/diskEncryptionSetID"), Kind::Str);
    b.copy_or(obj, &["support_plan"], &format!("{p}/supportPlan"), Kind::Str, json!("KubernetesOfficial"));
    b.copy_or(obj, &["role_based_access_control_enabled"], &format!("{p}/enableRBAC"), Kind::Bool, json!(true));
    b.copy_or(obj, &["local_account_disabled"], &format!("{p}/disableLocalAccounts"), Kind::Bool, json!(false));
    b.copy_or(
        obj,
        &["cost_analysis_enabled"],
        &format!("{p}/metricsProfile/costAnalysis/enabled"),
        Kind::Bool,
        json!(false),
    );
    // 4.x sends the OIDC issuer profile only when the configuration sets it (Azure decides otherwise).
    b.copy(obj, &["oidc_issuer_enabled"], &format!("{p}/oidcIssuerProfile/enabled"), Kind::Bool);
    if let Some(pool) = obj.block("default_node_pool") {
        let at = format!("{p}/agentPoolProfiles/0");
        b.mark(&at, &pool.path);
        b.copy(&pool, &["name"], &format!("{at}/name"), Kind::Str);
        // The default pool is the cluster's system pool and Linux (azurerm says why).
        b.put(&format!("{at}/mode"), json!("System"), None);
        b.put(&format!("{at}/osType"), json!("Linux"), None);
        b.copy_or(&pool, &["type"], &format!("{at}/type"), Kind::Str, json!("VirtualMachineScaleSets"));
        if pool.bool(&["only_critical_addons_enabled"]) == Some(true) {
            let taints = json!(["CriticalAddonsOnly=true:NoSchedule"]);
            let from = pool.get(&["only_critical_addons_enabled"]).map(|a| a.path);
            b.put(&format!("{at}/nodeTaints"), taints, from.as_deref());
        }
        b.copy(&pool, &["node_labels"], &format!("{at}/nodeLabels"), Kind::Any);
        b.copy(&pool, &["kubelet_disk_type"], &format!("{at}/kubeletDiskType"), Kind::Str);
        pool_properties(b, &pool, &at);
    }
    linux_profile(b, obj);
    windows_profile(b, obj);
    service_principal(b, obj);
    if let Some(kubelet) = obj.block("kubelet_identity") {
        let at = format!("{p}/identityProfile/kubeletidentity");
        b.mark(&at, &kubelet.path);
        b.copy(&kubelet, &["user_assigned_identity_id"], &format!("{at}/resourceId"), Kind::Str);
        b.copy(&kubelet, &["client_id"], &format!("{at}/clientId"), Kind::Str);
        b.copy(&kubelet, &["object_id"], &format!("{at}/objectId"), Kind::Str);
    }
    aad_profile(b, obj);
    api_server_access(b, obj);
    network_profile(b, obj);
    addons(b, obj);
    auto_upgrade(b, obj);
    security_profile(b, obj);
    if b.copy(obj, &["edge_zone"], "/extendedLocation/name", Kind::Str) {
        b.put("/extendedLocation/type", json!("EdgeZone"), None);
    }
    if obj.bool(&["ai_toolchain_operator_enabled"]) == Some(true) {
        b.copy(obj, &["ai_toolchain_operator_enabled"], &format!("{p}/aiToolchainOperatorProfile/enabled"), Kind::Bool);
    }
    // Blocks whose ARM form is not built yet: said, never silently dropped.
    for block in [
        "auto_scaler_profile",
        "bootstrap_profile",
        "http_proxy_config",
        "maintenance_window",
        "maintenance_window_auto_upgrade",
        "maintenance_window_node_os",
        "monitor_metrics",
        "node_provisioning_profile",
        "service_mesh_profile",
        "storage_profile",
        "upgrade_override",
        "web_app_routing",
        "workload_autoscaler_profile",
    ] {
        if let Some(unmapped) = obj.block(block) {
            let site = b.site(&unmapped.path);
            b.notes
                .push((format!("{block} is not in the ARM model yet; the exported template leaves it to Azure"), site));
        }
    }
}

/// Agent pool properties shared by the default node pool (`at` = its profile) and a node pool
/// resource (`at` = `/properties`), after `ExpandDefaultNodePool` and the node pool's create.
fn pool_properties(b: &mut Builder, obj: &Obj, at: &str) {
    b.copy(obj, &["vm_size"], &format!("{at}/vmSize"), Kind::Str);
    let autoscaling = ["auto_scaling_enabled", "enable_auto_scaling"];
    b.copy_or(obj, &autoscaling, &format!("{at}/enableAutoScaling"), Kind::Bool, json!(false));
    b.copy_or(obj, &["fips_enabled"], &format!("{at}/enableFIPS"), Kind::Bool, json!(false));
    b.copy_or(
        obj,
        &["node_public_ip_enabled", "enable_node_public_ip"],
        &format!("{at}/enableNodePublicIP"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(
        obj,
        &["host_encryption_enabled", "enable_host_encryption"],
        &format!("{at}/enableEncryptionAtHost"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(obj, &["ultra_ssd_enabled"], &format!("{at}/enableUltraSSD"), Kind::Bool, json!(false));
    b.copy_or(obj, &["os_disk_type"], &format!("{at}/osDiskType"), Kind::Str, json!("Managed"));
    b.copy_or(obj, &["scale_down_mode"], &format!("{at}/scaleDownMode"), Kind::Str, json!("Delete"));
    b.copy(obj, &["os_disk_size_gb"], &format!("{at}/osDiskSizeGB"), Kind::Int);
    b.copy(obj, &["os_sku"], &format!("{at}/osSKU"), Kind::Str);
    b.copy(obj, &["max_pods"], &format!("{at}/maxPods"), Kind::Int);
    b.copy(obj, &["zones"], &format!("{at}/availabilityZones"), Kind::Strs);
    b.copy(obj, &["vnet_subnet_id"], &format!("{at}/vnetSubnetID"), Kind::Str);
    b.copy(obj, &["pod_subnet_id"], &format!("{at}/podSubnetID"), Kind::Str);
    b.copy(obj, &["node_public_ip_prefix_id"], &format!("{at}/nodePublicIPPrefixID"), Kind::Str);
    b.copy(obj, &["orchestrator_version"], &format!("{at}/orchestratorVersion"), Kind::Str);
    b.copy(obj, &["host_group_id"], &format!("{at}/hostGroupID"), Kind::Str);
    b.copy(obj, &["proximity_placement_group_id"], &format!("{at}/proximityPlacementGroupID"), Kind::Str);
    b.copy(obj, &["capacity_reservation_group_id"], &format!("{at}/capacityReservationGroupID"), Kind::Str);
    b.copy(obj, &["workload_runtime"], &format!("{at}/workloadRuntime"), Kind::Str);
    b.copy(obj, &["gpu_instance"], &format!("{at}/gpuInstanceProfile"), Kind::Str);
    b.copy(obj, &["gpu_driver"], &format!("{at}/gpuProfile/driver"), Kind::Str);
    b.copy(obj, &["snapshot_id"], &format!("{at}/creationData/sourceResourceId"), Kind::Str);
    b.copy(obj, &["tags"], &format!("{at}/tags"), Kind::Any);
    // Count is always sent: node_count, else min_count with autoscaling, else 0 (azurerm reads
    // the unset attribute as 0; only a value known after apply leaves it to Azure).
    let count = format!("{at}/count");
    if !b.copy(obj, &["node_count"], &count, Kind::Int) {
        match (obj.get(&autoscaling), obj.bool(&autoscaling)) {
            (_, Some(true)) => {
                b.copy(obj, &["min_count"], &count, Kind::Int);
            }
            (None, _) | (_, Some(false)) => b.put(&count, json!(0), None),
            (Some(_), None) => {}
        }
    }
    if obj.bool(&autoscaling) == Some(true) {
        b.copy(obj, &["min_count"], &format!("{at}/minCount"), Kind::Int);
        b.copy(obj, &["max_count"], &format!("{at}/maxCount"), Kind::Int);
    }
    if let Some(upgrade) = obj.block("upgrade_settings") {
        let u = format!("{at}/upgradeSettings");
        b.mark(&u, &upgrade.path);
        b.copy(&upgrade, &["max_surge"], &format!("{u}/maxSurge"), Kind::Str);
        b.copy(&upgrade, &["max_unavailable"], &format!("{u}/maxUnavailable"), Kind::Str);
        b.copy(&upgrade, &["drain_timeout_in_minutes"], &format!("{u}/drainTimeoutInMinutes"), Kind::Int);
        b.copy(&upgrade, &["node_soak_duration_in_minutes"], &format!("{u}/nodeSoakDurationInMinutes"), Kind::Int);
    }
    for block in ["kubelet_config", "linux_os_config", "node_network_profile"] {
        if let Some(unmapped) = obj.block(block) {
            let site = b.site(&unmapped.path);
            b.notes
                .push((format!("{block} is not in the ARM model yet; the exported template leaves it to Azure"), site));
        }
    }
}

/// An `azurerm_kubernetes_cluster_node_pool`: a user pool unless `mode` says otherwise.
fn node_pool(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    b.copy_or(obj, &["mode"], &format!("{p}/mode"), Kind::Str, json!("User"));
    b.copy_or(obj, &["os_type"], &format!("{p}/osType"), Kind::Str, json!("Linux"));
    b.put(&format!("{p}/type"), json!("VirtualMachineScaleSets"), None);
    b.copy_or(obj, &["priority"], &format!("{p}/scaleSetPriority"), Kind::Str, json!("Regular"));
    if obj.str(&["priority"]) == Some("Spot") {
        // Unset, azurerm sends an empty policy and ARM applies Delete.
        b.copy(obj, &["eviction_policy"], &format!("{p}/scaleSetEvictionPolicy"), Kind::Str);
        b.copy_or(obj, &["spot_max_price"], &format!("{p}/spotMaxPrice"), Kind::Num, json!(-1));
    }
    b.copy(obj, &["node_labels"], &format!("{p}/nodeLabels"), Kind::Any);
    b.copy(obj, &["node_taints"], &format!("{p}/nodeTaints"), Kind::Strs);
    b.copy(obj, &["kubelet_disk_type"], &format!("{p}/kubeletDiskType"), Kind::Str);
    pool_properties(b, obj, p);
    if let Some(windows) = obj.block("windows_profile") {
        let at = format!("{p}/windowsProfile");
        b.mark(&at, &windows.path);
        b.negated(&windows, &["outbound_nat_enabled"], &format!("{at}/disableOutboundNat"), Some(false));
    }
}

/// Copies a secret attribute as a secure parameter, marked or not.
fn secret(b: &mut Builder, obj: &Obj, names: &[&str], pointer: &str) {
    let Some(attr) = obj.get(names) else { return };
    let value = b.value(&attr.value.clone().sensitive(), pointer, Kind::Str, &attr.path);
    b.put(pointer, value, Some(&attr.path));
}

fn linux_profile(b: &mut Builder, obj: &Obj) {
    let Some(linux) = obj.block("linux_profile") else { return };
    let at = "/properties/linuxProfile";
    b.mark(at, &linux.path);
    b.copy(&linux, &["admin_username"], &format!("{at}/adminUsername"), Kind::Str);
    // azurerm sends the first `ssh_key` block only.
    if let Some(key) = linux.block("ssh_key") {
        b.mark(&format!("{at}/ssh/publicKeys/0"), &key.path);
        b.copy(&key, &["key_data"], &format!("{at}/ssh/publicKeys/0/keyData"), Kind::Str);
    }
}

fn windows_profile(b: &mut Builder, obj: &Obj) {
    let Some(windows) = obj.block("windows_profile") else { return };
    let at = "/properties/windowsProfile";
    b.mark(at, &windows.path);
    b.copy(&windows, &["admin_username"], &format!("{at}/adminUsername"), Kind::Str);
    secret(b, &windows, &["admin_password"], &format!("{at}/adminPassword"));
    b.copy_or(&windows, &["license"], &format!("{at}/licenseType"), Kind::Str, json!("None"));
    if let Some(gmsa) = windows.block("gmsa") {
        b.mark(&format!("{at}/gmsaProfile"), &gmsa.path);
        b.put(&format!("{at}/gmsaProfile/enabled"), json!(true), Some(&gmsa.path));
        b.copy(&gmsa, &["dns_server"], &format!("{at}/gmsaProfile/dnsServer"), Kind::Str);
        b.copy(&gmsa, &["root_domain"], &format!("{at}/gmsaProfile/rootDomainName"), Kind::Str);
    }
}

/// A managed identity makes the service principal `msi`; a `service_principal` block sends its
/// client id and secret (the secret a secure parameter).
fn service_principal(b: &mut Builder, obj: &Obj) {
    let at = "/properties/servicePrincipalProfile";
    if let Some(sp) = obj.block("service_principal") {
        b.mark(at, &sp.path);
        b.copy(&sp, &["client_id"], &format!("{at}/clientId"), Kind::Str);
        secret(b, &sp, &["client_secret"], &format!("{at}/secret"));
    } else if obj.block("identity").is_some() {
        b.put(&format!("{at}/clientId"), json!("msi"), None);
    }
}

/// `azure_active_directory_role_based_access_control`: always AKS-managed Entra ID in 4.x; 3.x
/// sent the legacy app registrations when `managed` was false.
fn aad_profile(b: &mut Builder, obj: &Obj) {
    let Some(aad) = obj.block("azure_active_directory_role_based_access_control") else { return };
    let at = "/properties/aadProfile";
    b.mark(at, &aad.path);
    b.copy(&aad, &["tenant_id"], &format!("{at}/tenantID"), Kind::Str);
    if aad.bool(&["managed"]) == Some(false) {
        b.copy(&aad, &["managed"], &format!("{at}/managed"), Kind::Bool);
        b.copy(&aad, &["client_app_id"], &format!("{at}/clientAppID"), Kind::Str);
        b.copy(&aad, &["server_app_id"], &format!("{at}/serverAppID"), Kind::Str);
        secret(b, &aad, &["server_app_secret"], &format!("{at}/serverAppSecret"));
        return;
    }
    match aad.get(&["managed"]) {
        Some(managed) => {
            let value = b.conv(&managed, &format!("{at}/managed"), Kind::Bool);
            b.put(&format!("{at}/managed"), value, Some(&managed.path));
        }
        None => b.put(&format!("{at}/managed"), json!(true), None),
    }
    b.copy(&aad, &["admin_group_object_ids"], &format!("{at}/adminGroupObjectIDs"), Kind::Strs);
    b.copy_or(&aad, &["azure_rbac_enabled"], &format!("{at}/enableAzureRBAC"), Kind::Bool, json!(false));
}

/// `apiServerAccessProfile`: always sent (private cluster, public FQDN, run command); the
/// authorized ranges from `api_server_access_profile` (3.x also the top-level
/// `api_server_authorized_ip_ranges`) only when non-empty.
fn api_server_access(b: &mut Builder, obj: &Obj) {
    let at = "/properties/apiServerAccessProfile";
    b.copy_or(obj, &["private_cluster_enabled"], &format!("{at}/enablePrivateCluster"), Kind::Bool, json!(false));
    b.copy_or(
        obj,
        &["private_cluster_public_fqdn_enabled"],
        &format!("{at}/enablePrivateClusterPublicFQDN"),
        Kind::Bool,
        json!(false),
    );
    b.negated(obj, &["run_command_enabled"], &format!("{at}/disableRunCommand"), Some(false));
    b.copy(obj, &["private_dns_zone_id"], &format!("{at}/privateDNSZone"), Kind::Str);
    let ranges = format!("{at}/authorizedIPRanges");
    let profile = obj.block("api_server_access_profile");
    let written = match &profile {
        Some(profile) => non_empty_list(b, profile, "authorized_ip_ranges", &ranges),
        None => false,
    };
    if !written {
        non_empty_list(b, obj, "api_server_authorized_ip_ranges", &ranges);
    }
    let Some(profile) = profile else { return };
    b.copy_or(
        &profile,
        &["virtual_network_integration_enabled", "vnet_integration_enabled"],
        &format!("{at}/enableVnetIntegration"),
        Kind::Bool,
        json!(false),
    );
    b.copy(&profile, &["subnet_id"], &format!("{at}/subnetId"), Kind::Str);
}

/// Copies a list attribute unless it is known to be empty (azurerm drops empty sets).
fn non_empty_list(b: &mut Builder, obj: &Obj, name: &str, pointer: &str) -> bool {
    let Some(attr) = obj.get(&[name]) else { return false };
    if attr.value.as_seq().is_some_and(<[_]>::is_empty) {
        return false;
    }
    let value = b.conv(&attr, pointer, Kind::Strs);
    b.put(pointer, value, Some(&attr.path));
    true
}

fn network_profile(b: &mut Builder, obj: &Obj) {
    let Some(net) = obj.block("network_profile") else { return };
    let at = "/properties/networkProfile";
    b.mark(at, &net.path);
    b.copy(&net, &["network_plugin"], &format!("{at}/networkPlugin"), Kind::Str);
    b.copy(&net, &["network_mode"], &format!("{at}/networkMode"), Kind::Str);
    b.copy(&net, &["network_policy"], &format!("{at}/networkPolicy"), Kind::Str);
    b.copy(&net, &["network_plugin_mode"], &format!("{at}/networkPluginMode"), Kind::Str);
    b.copy(&net, &["network_data_plane", "ebpf_data_plane"], &format!("{at}/networkDataplane"), Kind::Str);
    b.copy_or(&net, &["load_balancer_sku"], &format!("{at}/loadBalancerSku"), Kind::Str, json!("standard"));
    b.copy_or(&net, &["outbound_type"], &format!("{at}/outboundType"), Kind::Str, json!("loadBalancer"));
    b.copy(&net, &["ip_versions"], &format!("{at}/ipFamilies"), Kind::Strs);
    b.copy(&net, &["dns_service_ip"], &format!("{at}/dnsServiceIP"), Kind::Str);
    b.copy(&net, &["pod_cidr"], &format!("{at}/podCidr"), Kind::Str);
    b.copy(&net, &["pod_cidrs"], &format!("{at}/podCidrs"), Kind::Strs);
    b.copy(&net, &["service_cidr"], &format!("{at}/serviceCidr"), Kind::Str);
    b.copy(&net, &["service_cidrs"], &format!("{at}/serviceCidrs"), Kind::Strs);
    if let Some(lb) = net.block("load_balancer_profile") {
        let l = format!("{at}/loadBalancerProfile");
        b.mark(&l, &lb.path);
        b.copy(&lb, &["idle_timeout_in_minutes"], &format!("{l}/idleTimeoutInMinutes"), Kind::Int);
        b.copy_or(&lb, &["outbound_ports_allocated"], &format!("{l}/allocatedOutboundPorts"), Kind::Int, json!(0));
        b.copy(&lb, &["managed_outbound_ip_count"], &format!("{l}/managedOutboundIPs/count"), Kind::Int);
        b.copy(&lb, &["managed_outbound_ipv6_count"], &format!("{l}/managedOutboundIPs/countIPv6"), Kind::Int);
        id_list(b, &lb, "outbound_ip_prefix_ids", &format!("{l}/outboundIPPrefixes/publicIPPrefixes"));
        id_list(b, &lb, "outbound_ip_address_ids", &format!("{l}/outboundIPs/publicIPs"));
        b.copy_or(
            &lb,
            &["backend_pool_type"],
            &format!("{l}/backendPoolType"),
            Kind::Str,
            json!("NodeIPConfiguration"),
        );
    }
    if let Some(nat) = net.block("nat_gateway_profile") {
        let n = format!("{at}/natGatewayProfile");
        b.mark(&n, &nat.path);
        b.copy(&nat, &["idle_timeout_in_minutes"], &format!("{n}/idleTimeoutInMinutes"), Kind::Int);
        b.copy(&nat, &["managed_outbound_ip_count"], &format!("{n}/managedOutboundIPProfile/count"), Kind::Int);
    }
}

/// A list of ids as `[{ "id": ... }]`.
fn id_list(b: &mut Builder, obj: &Obj, name: &str, pointer: &str) {
    let Some(attr) = obj.get(&[name]) else { return };
    let ids = b.conv(&attr, pointer, Kind::Strs);
    let Json::Array(ids) = ids else { return };
    if ids.is_empty() {
        return;
    }
    let refs: Vec<Json> = ids.into_iter().map(|id| json!({ "id": id })).collect();
    b.put(pointer, Json::Array(refs), Some(&attr.path));
}

/// `addonProfiles`, as `expandKubernetesAddOns` builds them on create: Azure Policy always
/// (enabled or not), the block-valued add-ons when their block is written, the boolean ones
/// when set to true (on create azurerm sends those only when they differ from false).
fn addons(b: &mut Builder, obj: &Obj) {
    let at = "/properties/addonProfiles";
    b.copy_or(obj, &["azure_policy_enabled"], &format!("{at}/azurepolicy/enabled"), Kind::Bool, json!(false));
    b.put(&format!("{at}/azurepolicy/config/version"), json!("v2"), None);
    if let Some(oms) = obj.block("oms_agent") {
        let a = format!("{at}/omsagent");
        b.mark(&a, &oms.path);
        b.put(&format!("{a}/enabled"), json!(true), Some(&oms.path));
        b.copy(
            &oms,
            &["log_analytics_workspace_id"],
            &format!("{a}/config/logAnalyticsWorkspaceResourceID"),
            Kind::Str,
        );
        b.copy_or(
            &oms,
            &["msi_auth_for_monitoring_enabled"],
            &format!("{a}/config/useAADAuth"),
            Kind::Str,
            json!("false"),
        );
    }
    if let Some(kv) = obj.block("key_vault_secrets_provider") {
        let a = format!("{at}/azureKeyvaultSecretsProvider");
        b.mark(&a, &kv.path);
        b.put(&format!("{a}/enabled"), json!(true), Some(&kv.path));
        b.copy_or(
            &kv,
            &["secret_rotation_enabled"],
            &format!("{a}/config/enableSecretRotation"),
            Kind::Str,
            json!("false"),
        );
        b.copy_or(
            &kv,
            &["secret_rotation_interval"],
            &format!("{a}/config/rotationPollInterval"),
            Kind::Str,
            json!("2m"),
        );
    }
    if let Some(agw) = obj.block("ingress_application_gateway") {
        let a = format!("{at}/ingressApplicationGateway");
        b.mark(&a, &agw.path);
        b.put(&format!("{a}/enabled"), json!(true), Some(&agw.path));
        b.copy(&agw, &["gateway_id"], &format!("{a}/config/applicationGatewayId"), Kind::Str);
        b.copy(&agw, &["gateway_name"], &format!("{a}/config/applicationGatewayName"), Kind::Str);
        b.copy(&agw, &["subnet_cidr"], &format!("{a}/config/subnetCIDR"), Kind::Str);
        b.copy(&agw, &["subnet_id"], &format!("{a}/config/subnetId"), Kind::Str);
    }
    if let Some(aci) = obj.block("aci_connector_linux") {
        let a = format!("{at}/aciConnectorLinux");
        b.mark(&a, &aci.path);
        b.put(&format!("{a}/enabled"), json!(true), Some(&aci.path));
        b.copy(&aci, &["subnet_name"], &format!("{a}/config/SubnetName"), Kind::Str);
    }
    if let Some(cc) = obj.block("confidential_computing") {
        let a = format!("{at}/ACCSGXDevicePlugin");
        b.mark(&a, &cc.path);
        b.put(&format!("{a}/enabled"), json!(true), Some(&cc.path));
        b.copy_or(
            &cc,
            &["sgx_quote_helper_enabled"],
            &format!("{a}/config/ACCSGXQuoteHelperEnabled"),
            Kind::Str,
            json!("false"),
        );
    }
    for (name, key) in [
        ("http_application_routing_enabled", "httpApplicationRouting"),
        ("open_service_mesh_enabled", "openServiceMesh"),
    ] {
        let Some(attr) = obj.get(&[name]) else { continue };
        if attr.value.as_bool() == Some(false) {
            continue;
        }
        let value = b.conv(&attr, &format!("{at}/{key}/enabled"), Kind::Bool);
        b.put(&format!("{at}/{key}/enabled"), value, Some(&attr.path));
    }
}

/// `autoUpgradeProfile`: the cluster channel (`none` when unset) and the node OS channel
/// (4.x default `NodeImage`).
fn auto_upgrade(b: &mut Builder, obj: &Obj) {
    let at = "/properties/autoUpgradeProfile";
    b.copy_or(
        obj,
        &["automatic_upgrade_channel", "automatic_channel_upgrade"],
        &format!("{at}/upgradeChannel"),
        Kind::Str,
        json!("none"),
    );
    b.copy_or(
        obj,
        &["node_os_upgrade_channel", "node_os_channel_upgrade"],
        &format!("{at}/nodeOSUpgradeChannel"),
        Kind::Str,
        json!("NodeImage"),
    );
}

/// `securityProfile`: Defender, workload identity, image cleaner and the Key Vault KMS.
fn security_profile(b: &mut Builder, obj: &Obj) {
    let at = "/properties/securityProfile";
    if let Some(defender) = obj.block("microsoft_defender") {
        let d = format!("{at}/defender");
        b.mark(&d, &defender.path);
        b.put(&format!("{d}/securityMonitoring/enabled"), json!(true), Some(&defender.path));
        b.copy(&defender, &["log_analytics_workspace_id"], &format!("{d}/logAnalyticsWorkspaceResourceId"), Kind::Str);
    }
    if obj.bool(&["workload_identity_enabled"]) != Some(false) {
        b.copy(obj, &["workload_identity_enabled"], &format!("{at}/workloadIdentity/enabled"), Kind::Bool);
    }
    if obj.bool(&["image_cleaner_enabled"]) == Some(true) {
        b.copy(obj, &["image_cleaner_enabled"], &format!("{at}/imageCleaner/enabled"), Kind::Bool);
        b.copy(obj, &["image_cleaner_interval_hours"], &format!("{at}/imageCleaner/intervalHours"), Kind::Int);
    }
    if let Some(kms) = obj.block("key_management_service") {
        let k = format!("{at}/azureKeyVaultKms");
        b.mark(&k, &kms.path);
        b.put(&format!("{k}/enabled"), json!(true), Some(&kms.path));
        b.copy(&kms, &["key_vault_key_id"], &format!("{k}/keyId"), Kind::Str);
        b.copy_or(
            &kms,
            &["key_vault_network_access"],
            &format!("{k}/keyVaultNetworkAccess"),
            Kind::Str,
            json!("Public"),
        );
    }
    b.copy(obj, &["custom_ca_trust_certificates_base64"], &format!("{at}/customCATrustCertificates"), Kind::Strs);
}
