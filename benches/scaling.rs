//! Benchmark: does `check` grow linearly with the size of one root module? Generates roots
//! of N Key Vaults, each reached by its own private endpoint and guarded by `depends_on` on the
//! previous vault, plus one network security group with N `security_rule` blocks (half of them
//! from a `dynamic` block), for N = 250, 500, 1000, 2000, and prints the time of each and its
//! ratio to the previous size: about 2.0 is linear, 4.0 quadratic. The cross-resource lookups
//! (private endpoints by target, `depends_on` targets) and the span finder's block assignment
//! are what this exercises. It also times `export`'s part, the template (`template_string` of
//! the compiled model), whose `depends_on`, parent and extension-target lookups are what that
//! exercises.
//!
//! Run with `cargo bench --bench scaling` (`TFHARDEN_BENCH_RUNS` runs per size, default 3).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckTarget as Target};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn runs() -> usize {
    std::env::var("TFHARDEN_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
}

fn root(n: usize) -> String {
    let mut out = String::from(
        r#"provider "azurerm" {
  features {}
  use_oidc = true
}

variable "rules" {
  type = list(object({ name = string, port = number }))
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-scale"
  location = "australiaeast"
}

resource "azurerm_virtual_network" "vnet" {
  name                = "vnet-scale"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_network_security_group" "nsg" {
  name                = "nsg-scale"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name

  dynamic "security_rule" {
    for_each = var.rules
    content {
      name                       = security_rule.value.name
      priority                   = 100 + security_rule.key
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = tostring(security_rule.value.port)
      source_address_prefix      = "10.0.0.0/8"
      destination_address_prefix = "*"
    }
  }
"#,
    );
    for i in 0..n / 2 {
        let _ = write!(
            out,
            r#"
  security_rule {{
    name                       = "static-{i}"
    priority                   = {}
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "{}"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }}
"#,
            3000 + i,
            10000 + i
        );
    }
    out.push_str("}\n");
    for i in 0..n {
        let depends = if i == 0 { String::new() } else { format!("\n  depends_on = [azurerm_key_vault.kv{}]", i - 1) };
        let _ = write!(
            out,
            r#"
resource "azurerm_key_vault" "kv{i}" {{
  name                          = "kv-scale-{i}"
  location                      = azurerm_resource_group.rg.location
  resource_group_name           = azurerm_resource_group.rg.name
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  purge_protection_enabled      = true
  soft_delete_retention_days    = 90
  rbac_authorization_enabled    = true
  public_network_access_enabled = false{depends}

  network_acls {{
    default_action = "Deny"
    bypass         = "AzureServices"
  }}
}}

resource "azurerm_private_endpoint" "kv{i}" {{
  name                = "pe-kv-{i}"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {{
    name                           = "kv{i}"
    private_connection_resource_id = azurerm_key_vault.kv{i}.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }}
}}
"#
        );
    }
    out
}

fn tfvars(n: usize) -> String {
    let rules: Vec<String> =
        (0..n - n / 2).map(|i| format!("{{ name = \"dyn-{i}\", port = {} }}", 20000 + i)).collect();
    format!("rules = [\n  {}\n]\n", rules.join(",\n  "))
}

fn time_check(dir: &Path, options: &Options) -> (Duration, usize) {
    let target = Target::directory(dir.to_path_buf(), "bench".to_string(), Strictness::Environment, true);
    let mut times = Vec::new();
    let mut instances = 0;
    for _ in 0..runs() {
        let start = Instant::now();
        let report = check_root_module(&target, options);
        times.push(start.elapsed());
        assert!(!report.failed, "the generated root checks without errors: {:?}", report.diagnostics);
        instances = report.resources.len();
    }
    times.sort();
    (times[0], instances)
}

/// Best time of writing the template of the root in `dir` (evaluated and compiled once).
fn time_template(dir: &Path) -> Duration {
    let root = tfharden::evaluate_for_arm(dir, &[], &[], Strictness::Environment);
    assert!(!root.failed(), "the generated root evaluates");
    let model = tfharden::compile_evaluation(&root).expect("a model");
    let mut times = Vec::new();
    for _ in 0..runs() {
        let start = Instant::now();
        let text = tfharden::template_string(&model);
        times.push(start.elapsed());
        assert!(text.len() > 1000);
    }
    times.sort();
    times[0]
}

fn main() {
    let mut previous: Option<(Duration, Duration)> = None;
    for n in [250, 500, 1000, 2000] {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("main.tf"), root(n)).expect("write main.tf");
        std::fs::write(dir.path().join("terraform.tfvars"), tfvars(n)).expect("write tfvars");
        let path = dir.path().to_path_buf();
        let (best, instances, template) = tfharden::with_large_stack(move || {
            let custom = CustomRules::default();
            let options = Options::new(&custom);
            let (best, instances) = time_check(&path, &options);
            (best, instances, time_template(&path))
        })
        .expect("the check ran");
        let ratio = |now: Duration, before: Duration| format!(", {:.2}x", now.as_secs_f64() / before.as_secs_f64());
        println!(
            "N = {n:>4}: {instances:>5} instances, check best {:>8.1} ms{}; template best {:>7.1} ms{}",
            best.as_secs_f64() * 1e3,
            previous.map(|(c, _)| ratio(best, c)).unwrap_or_default(),
            template.as_secs_f64() * 1e3,
            previous.map(|(_, t)| ratio(template, t)).unwrap_or_default(),
        );
        previous = Some((best, template));
    }
}
