//! Benchmark: `check` (load, evaluate, compile to ARM, every rule, JSON report) over a generated
//! corpus of 2,000 `.tf` files of the issue-14 types: 40 modules of 50 files, each file a
//! storage account with containers and network rules, a service plan and Linux web app, a SQL
//! server with a database, firewall rule and auditing, a PostgreSQL flexible server, a Cosmos
//! DB account, a Redis cache and a Service Bus namespace, with for_each over two zones.
//!
//! Run with `cargo bench --bench wave1`. Prints the best and median of several runs, MB/s and
//! the process's peak resident memory (and its ratio to the input). `TFHARDEN_BENCH_MODULES`
//! (default 40, about 9 MB) sizes the corpus: 4 is about 1 MB, 88 about 20 MB, for issue 18's
//! "growth linear from 1 to 20 MB" (one size per process, since peak memory is per process).
//! `TFHARDEN_BENCH_DIR=DIR` writes the corpus to DIR and keeps it, to run the command line on.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckRun, CheckTarget as Target};
use tfharden::{render_report as render, ReportFormat as Format};

#[path = "support/mod.rs"]
mod support;

use support::peak_rss_mb;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Modules in the corpus (`TFHARDEN_BENCH_MODULES`, default 40).
fn modules() -> usize {
    std::env::var("TFHARDEN_BENCH_MODULES").ok().and_then(|v| v.parse().ok()).unwrap_or(40).max(1)
}
const FILES_PER_MODULE: usize = 50;

fn runs() -> usize {
    std::env::var("TFHARDEN_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5)
}

fn module_file(m: usize, f: usize) -> String {
    let p = format!("m{m}f{f}");
    let mut out = String::new();
    let _ = write!(
        out,
        r#"resource "azurerm_storage_account" "{p}" {{
  for_each                        = var.zones
  name                            = "st{p}${{each.key}}"
  resource_group_name             = var.resource_group
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = each.key == "a" ? "ZRS" : "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  tags                            = var.tags

  network_rules {{
    default_action = "Deny"
    bypass         = ["AzureServices"]
    ip_rules       = [each.value.cidr]
  }}

  blob_properties {{
    versioning_enabled = true
    delete_retention_policy {{
      days = 14
    }}
    container_delete_retention_policy {{
      days = 14
    }}
  }}
}}

resource "azurerm_storage_container" "{p}" {{
  for_each           = var.zones
  name               = "data-${{each.key}}"
  storage_account_id = azurerm_storage_account.{p}[each.key].id
}}

resource "azurerm_service_plan" "{p}" {{
  name                = "asp-{p}"
  resource_group_name = var.resource_group
  location            = var.location
  os_type             = "Linux"
  sku_name            = "P1v3"
  tags                = var.tags
}}

resource "azurerm_linux_web_app" "{p}" {{
  name                = "app-{p}"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = azurerm_service_plan.{p}.id
  https_only          = true
  tags                = var.tags

  identity {{
    type = "SystemAssigned"
  }}

  site_config {{
    minimum_tls_version = "1.2"
    cors {{
      allowed_origins = ["https://{p}.example.com"]
    }}
  }}

  app_settings = {{
    STORAGE = azurerm_storage_account.{p}["a"].primary_blob_endpoint
  }}
}}

resource "azurerm_mssql_server" "{p}" {{
  name                          = "sql-{p}"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "12.0"
  public_network_access_enabled = false
  tags                          = var.tags

  azuread_administrator {{
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }}
}}

resource "azurerm_mssql_database" "{p}" {{
  name      = "sqldb-{p}"
  server_id = azurerm_mssql_server.{p}.id
  sku_name  = "S1"
}}

resource "azurerm_mssql_firewall_rule" "{p}" {{
  name             = "office"
  server_id        = azurerm_mssql_server.{p}.id
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}}

resource "azurerm_mssql_server_extended_auditing_policy" "{p}" {{
  server_id              = azurerm_mssql_server.{p}.id
  log_monitoring_enabled = true
}}

resource "azurerm_postgresql_flexible_server" "{p}" {{
  name                          = "psql-{p}"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "16"
  sku_name                      = "GP_Standard_D2s_v3"
  public_network_access_enabled = false
  tags                          = var.tags

  authentication {{
    active_directory_auth_enabled = true
    password_auth_enabled         = false
  }}
}}

resource "azurerm_cosmosdb_account" "{p}" {{
  name                          = "cosmos-{p}"
  resource_group_name           = var.resource_group
  location                      = var.location
  offer_type                    = "Standard"
  public_network_access_enabled = false
  local_authentication_disabled = true
  tags                          = var.tags

  consistency_policy {{
    consistency_level = "Session"
  }}

  dynamic "geo_location" {{
    for_each = var.regions
    content {{
      location          = geo_location.value
      failover_priority = geo_location.key
    }}
  }}
}}

resource "azurerm_redis_cache" "{p}" {{
  name                          = "redis-{p}"
  resource_group_name           = var.resource_group
  location                      = var.location
  sku_name                      = "Premium"
  family                        = "P"
  capacity                      = 1
  public_network_access_enabled = false
  tags                          = var.tags
}}

resource "azurerm_servicebus_namespace" "{p}" {{
  name                = "sb-{p}"
  resource_group_name = var.resource_group
  location            = var.location
  sku                 = "Premium"
  capacity            = 1
  local_auth_enabled  = false
  tags                = var.tags
}}
"#
    );
    out
}

const MODULE_VARIABLES: &str = r#"variable "resource_group" {
  type = string
}

variable "location" {
  type    = string
  default = "australiaeast"
}

variable "regions" {
  type    = list(string)
  default = ["australiaeast", "australiasoutheast"]
}

variable "zones" {
  type = map(object({
    cidr = string
  }))
}

variable "tags" {
  type    = map(string)
  default = {}
}
"#;

/// Writes the corpus; returns how many .tf files it has.
fn generate(root: &Path) -> usize {
    let mut files = 0;
    let mut main = String::from(
        "locals {\n  zones = {\n    a = { cidr = \"203.0.113.0/28\" }\n    b = { cidr = \"198.51.100.0/28\" }\n  }\n}\n\n",
    );
    for m in 0..modules() {
        let dir = root.join(format!("modules/m{m}"));
        std::fs::create_dir_all(&dir).expect("create module dir");
        std::fs::write(dir.join("variables.tf"), MODULE_VARIABLES).expect("write");
        files += 1;
        for f in 0..FILES_PER_MODULE - 1 {
            std::fs::write(dir.join(format!("main{f}.tf")), module_file(m, f)).expect("write");
            files += 1;
        }
        let _ = write!(
            main,
            "module \"m{m}\" {{\n  source         = \"./modules/m{m}\"\n  resource_group = \"rg-m{m}\"\n  zones          = local.zones\n  tags           = {{ environment = \"bench\", owner = \"bench\", cost_center = \"CC-1\" }}\n}}\n\n"
        );
    }
    std::fs::write(root.join("main.tf"), main).expect("write");
    files + 1
}

fn main() {
    let temporary = tempfile::tempdir().expect("tempdir");
    let kept = std::env::var_os("TFHARDEN_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temporary.path());
    std::fs::create_dir_all(dir.join(".git")).expect("repo marker");
    let files = generate(dir);
    let bytes: u64 = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "tf"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let target = Target::directory(dir.to_path_buf(), "bench".to_string(), Strictness::Environment, true);
    let mut times: Vec<Duration> = Vec::new();
    let mut summary = (0, 0, 0);
    for _ in 0..runs() {
        let start = Instant::now();
        let report = check_root_module(&target, &options);
        assert!(!report.failed, "the corpus checks without errors");
        let resources = report.resources.len();
        let unmodelled = report.resources.iter().filter(|r| !r.modelled).count();
        assert_eq!(unmodelled, 0, "every resource of the corpus is modelled");
        let run = CheckRun { reports: vec![report], ..CheckRun::default() };
        let text = render(&run, Format::Json, false, tfharden::check_exit_code(run.verdict(), false));
        times.push(start.elapsed());
        summary = (resources, run.reports[0].findings.len(), text.len());
    }
    times.sort();
    let (best, median) = (times[0], times[times.len() / 2]);
    println!(
        "wave-1 corpus: {files} files, {:.1} MB, {} resource instances, {} findings",
        bytes as f64 / 1e6,
        summary.0,
        summary.1
    );
    println!(
        "check (load, evaluate, compile, rules, JSON): best {:.0} ms, median {:.0} ms, {:.1} MB/s",
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / best.as_secs_f64()
    );
    let peak = peak_rss_mb();
    println!("peak resident memory: {peak:.0} MB, {:.0}x the input", peak / (bytes as f64 / 1e6));
}
