//! Benchmark: `check --recursive` on a repository shaped like an Azure Verified Module: one
//! shared module (with a nested module) and many example roots that call it with their own
//! inputs. Reports, for the same unique bytes:
//! - the raw hcl-edit parse of every file once (the floor: issue 18's goal is check within
//!   1.5x of it on one core);
//! - check of every root one after the other on one core (CPU time, ratio to the raw parse);
//! - check of every root on all cores (`check_root_modules`): wall time, CPU time, MB/s;
//! - `--changed-files` (`roots_for_changed_files`): finding the roots a changed file belongs to,
//!   for a file of the shared module (every root) and for one example's file (one root), beside
//!   checking that one root;
//! - the process's peak resident memory.
//!
//! Run with `cargo bench --bench repository` (`TFHARDEN_BENCH_RUNS` runs, default 3;
//! `TFHARDEN_BENCH_ROOTS` example roots, default 40). Linux: CPU time and memory are read from
//! /proc/self.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, check_root_modules, CheckOptions as Options, CheckTarget as Target};

#[path = "support/mod.rs"]
mod support;

use support::{cpu_time, peak_rss_mb};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const SHARED: &str = r#"variable "name" { type = string }
variable "location" { type = string }
variable "containers" {
  type    = map(object({ access = string }))
  default = {}
}
variable "tls" {
  type    = string
  default = "TLS1_2"
}
variable "tags" {
  type    = map(string)
  default = {}
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}"
  location = var.location
  tags     = var.tags
}

resource "azurerm_storage_account" "this" {
  name                            = "st${var.name}"
  resource_group_name             = azurerm_resource_group.this.name
  location                        = azurerm_resource_group.this.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = var.tls
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  public_network_access_enabled   = false
  tags                            = var.tags

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }

  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 14
    }
  }
}

resource "azurerm_storage_container" "this" {
  for_each              = var.containers
  name                  = each.key
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = each.value.access
}

resource "azurerm_key_vault" "this" {
  name                          = "kv-${var.name}"
  location                      = azurerm_resource_group.this.location
  resource_group_name           = azurerm_resource_group.this.name
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  purge_protection_enabled      = true
  soft_delete_retention_days    = 90
  rbac_authorization_enabled    = true
  public_network_access_enabled = false

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

module "network" {
  source   = "./modules/network"
  name     = var.name
  location = var.location
  group    = azurerm_resource_group.this.name
}

resource "azurerm_private_endpoint" "vault" {
  name                = "pe-kv-${var.name}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = module.network.subnet_id

  private_service_connection {
    name                           = "vault"
    private_connection_resource_id = azurerm_key_vault.this.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }
}

output "storage_account_id" {
  value = azurerm_storage_account.this.id
}
"#;

const NETWORK: &str = r#"variable "name" { type = string }
variable "location" { type = string }
variable "group" { type = string }

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${var.name}"
  location            = var.location
  resource_group_name = var.group
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "endpoints" {
  name                 = "snet-pe"
  resource_group_name  = var.group
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_network_security_group" "this" {
  name                = "nsg-${var.name}"
  location            = var.location
  resource_group_name = var.group

  security_rule {
    name                       = "deny-all-inbound"
    priority                   = 4096
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}

resource "azurerm_subnet_network_security_group_association" "this" {
  subnet_id                 = azurerm_subnet.endpoints.id
  network_security_group_id = azurerm_network_security_group.this.id
}

output "subnet_id" {
  value = azurerm_subnet.endpoints.id
}
"#;

fn example(i: usize) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"terraform {{
  required_providers {{
    azurerm = {{
      source  = "hashicorp/azurerm"
      version = "~> 4.31"
    }}
  }}
}}

provider "azurerm" {{
  features {{}}
  use_oidc = true
}}

module "platform" {{
  source   = "../../"
  name     = "ex{i}"
  location = "australiaeast"
  tls      = "{tls}"
  containers = {{
    logs    = {{ access = "private" }}
    uploads = {{ access = "{access}" }}
  }}
  tags = {{
    environment = "example"
    owner       = "platform"
    cost_center = "cc-{i}"
  }}
}}

output "storage_account_id" {{
  value = module.platform.storage_account_id
}}
"#,
        tls = if i.is_multiple_of(5) { "TLS1_0" } else { "TLS1_2" },
        access = if i.is_multiple_of(7) { "blob" } else { "private" },
    );
    out
}

fn generate(root: &Path, examples: usize) {
    let write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(root.join("main.tf"), SHARED);
    write(root.join("modules/network/main.tf"), NETWORK);
    for i in 0..examples {
        write(root.join(format!("examples/e{i:03}/main.tf")), &example(i));
    }
}

fn best<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let (start, start_cpu) = (Instant::now(), cpu_time());
        last = Some(work());
        wall.push(start.elapsed());
        cpu.push(cpu_time().saturating_sub(start_cpu));
    }
    wall.sort();
    cpu.sort();
    (wall[0], cpu[0], last.expect("at least one run"))
}

fn main() {
    let runs = env_number("TFHARDEN_BENCH_RUNS", 3).max(1);
    let examples = env_number("TFHARDEN_BENCH_ROOTS", 40).max(1);
    let dir = tempfile::tempdir().expect("temporary directory");
    generate(dir.path(), examples);
    std::fs::create_dir_all(dir.path().join(".git")).expect("a repository");
    let files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "tf"))
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).expect("read")))
        .collect();
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let mb = bytes as f64 / 1e6;

    let (parse_wall, _, parsed) =
        best(runs, || files.iter().filter(|(_, text)| hcl_edit::parser::parse_body(text).is_ok()).count());
    assert_eq!(parsed, files.len(), "every generated file parses");

    let roots = tfharden::root_modules_under(&dir.path().join("examples"));
    let targets: Vec<Target> = roots
        .iter()
        .map(|root| Target::directory(root.clone(), "bench".to_string(), Strictness::BareModule, false))
        .collect();
    let shared_file = dir.path().join("main.tf");
    let example_file = dir.path().join("examples/e000/main.tf");
    let (shared_wall, _, selected) =
        best(runs, || tfharden::roots_for_changed_files(std::slice::from_ref(&shared_file)).len());
    assert_eq!(selected, roots.len(), "a change to the shared module selects every root");
    let (example_wall, _, selected) =
        best(runs, || tfharden::roots_for_changed_files(std::slice::from_ref(&example_file)).len());
    assert_eq!(selected, 1, "a change to one example selects its root");
    let one_root = targets[0].clone();
    let measured = tfharden::with_large_stack(move || {
        let custom = CustomRules::default();
        let options = Options::new(&custom);
        let (one_wall, one_cpu, findings) = best(runs, || {
            let reports: Vec<_> = targets.iter().map(|t| check_root_module(t, &options)).collect();
            assert!(reports.iter().all(|r| !r.failed), "every root checks");
            reports.iter().map(|r| r.findings.len()).sum::<usize>()
        });
        let (all_wall, all_cpu, _) = best(runs, || check_root_modules(&targets, &options).len());
        let (single_wall, _, _) = best(runs, || check_root_module(&one_root, &options).findings.len());
        (one_wall, one_cpu, all_wall, all_cpu, single_wall, findings)
    })
    .expect("the check ran");
    let (one_wall, one_cpu, all_wall, all_cpu, single_wall, findings) = measured;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "repository: {} roots calling one shared module, {} files, {:.2} MB unique, {findings} findings",
        roots.len(),
        files.len(),
        mb
    );
    println!(
        "raw hcl-edit parse of the unique bytes: {:.1} ms ({:.1} MB/s)",
        ms(parse_wall),
        mb / parse_wall.as_secs_f64()
    );
    println!(
        "check, one core: wall {:.1} ms, CPU {:.0} ms, {:.1}x the raw parse",
        ms(one_wall),
        ms(one_cpu),
        one_wall.as_secs_f64() / parse_wall.as_secs_f64()
    );
    println!(
        "check, all cores: wall {:.1} ms ({:.2}x one core), CPU {:.0} ms, {:.1} MB/s of unique bytes",
        ms(all_wall),
        one_wall.as_secs_f64() / all_wall.as_secs_f64(),
        ms(all_cpu),
        mb / all_wall.as_secs_f64()
    );
    println!(
        "--changed-files, finding the roots: a shared-module file {:.1} ms, one example's file {:.1} ms; checking that one root {:.1} ms",
        ms(shared_wall),
        ms(example_wall),
        ms(single_wall)
    );
    println!("peak resident memory: {:.0} MB", peak_rss_mb());
}
