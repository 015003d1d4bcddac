//! Benchmark: load and evaluate a generated corpus of 2,000 .tf files (~20 MB: modules called
//! with for_each, resources with for_each and nested dynamic blocks, locals with for
//! expressions and function calls), against the raw hcl-edit parse of the same bytes.
//!
//! Run with `cargo bench --bench evaluate`. Prints the best of several runs.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use tfharden::evaluate_root_module;
use tfharden::Strictness;

// The same allocator as the binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Modules in the corpus; `TFHARDEN_BENCH_MODULES` shrinks it for profiling runs.
fn modules() -> usize {
    std::env::var("TFHARDEN_BENCH_MODULES").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
}
const FILES_PER_MODULE: usize = 50;
const RESOURCES_PER_FILE: usize = 9;
/// Runs per measurement; `TFHARDEN_BENCH_RUNS` overrides.
fn runs() -> usize {
    std::env::var("TFHARDEN_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5)
}

fn module_file(module: usize, file: usize) -> String {
    let mut out = String::new();
    let p = format!("m{module}f{file}");
    let _ = write!(
        out,
        r#"locals {{
  {p}_rules = {{
    for i in range(4) : "rule-${{i}}" => {{
      priority = 100 + i * 10
      ports    = [for p in [443, 8443] : tostring(p + i)]
      source   = i == 0 ? "Internet" : "VirtualNetwork"
    }}
  }}
  {p}_tags = merge(var.tags, {{ file = "{p}", module = var.name }})
}}

"#
    );
    for r in 0..RESOURCES_PER_FILE {
        let _ = write!(
            out,
            r#"resource "azurerm_network_security_group" "{p}_r{r}" {{
  for_each            = var.zones
  name                = format("nsg-%s-%s-{r}", var.name, each.key)
  location            = var.location
  resource_group_name = "rg-${{var.name}}"
  tags                = local.{p}_tags

  dynamic "security_rule" {{
    for_each = local.{p}_rules
    iterator = rule
    content {{
      name                       = rule.key
      priority                   = rule.value.priority + {r}
      direction                  = "Inbound"
      access                     = rule.value.source == "Internet" ? "Deny" : "Allow"
      protocol                   = "Tcp"
      source_address_prefix      = rule.value.source
      destination_port_ranges    = rule.value.ports
      description                = "rule ${{rule.key}} for ${{each.key}} in ${{var.name}} (cidr ${{each.value.cidr}})"

      dynamic "annotation" {{
        for_each = rule.value.ports
        content {{
          port  = annotation.value
          index = annotation.key
        }}
      }}
    }}
  }}
}}

"#
        );
    }
    let _ = writeln!(
        out,
        "output \"{p}_ids\" {{\n  value = [for k, v in azurerm_network_security_group.{p}_r0 : v.id]\n}}"
    );
    out
}

const MODULE_VARIABLES: &str = r#"variable "name" {
  type = string
}

variable "location" {
  type    = string
  default = "australiaeast"
}

variable "zones" {
  type = map(object({
    cidr = string
    size = optional(number, 24)
  }))
}

variable "tags" {
  type    = map(string)
  default = {}
}
"#;

/// Writes the corpus; returns the paths of every .tf file.
fn generate(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut main = String::from(
        "locals {\n  zones = {\n    a = { cidr = \"10.0.0.0/24\" }\n    b = { cidr = \"10.0.1.0/24\" }\n  }\n}\n\n",
    );
    for m in 0..modules() {
        let dir = root.join(format!("modules/m{m}"));
        std::fs::create_dir_all(&dir).expect("create module dir");
        let vars = dir.join("variables.tf");
        std::fs::write(&vars, MODULE_VARIABLES).expect("write");
        files.push(vars);
        for f in 0..FILES_PER_MODULE - 1 {
            let path = dir.join(format!("main{f}.tf"));
            std::fs::write(&path, module_file(m, f)).expect("write");
            files.push(path);
        }
        let _ = write!(
            main,
            "module \"m{m}\" {{\n  source = \"./modules/m{m}\"\n  name   = \"mod{m}\"\n  zones  = local.zones\n  tags   = {{ owner = \"bench\" }}\n}}\n\n"
        );
    }
    let root_file = root.join("main.tf");
    std::fs::write(&root_file, main).expect("write");
    files.push(root_file);
    files
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs() {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("repo marker");
    let files = generate(dir.path());
    // `TFHARDEN_BENCH_KEEP=DIR` also writes the corpus to DIR, for profiling it elsewhere.
    if let Some(keep) = std::env::var_os("TFHARDEN_BENCH_KEEP") {
        let keep = std::path::PathBuf::from(keep);
        std::fs::create_dir_all(keep.join(".git")).expect("keep dir");
        generate(&keep);
    }
    let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).expect("read")).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;

    // Two baselines: parsing each file and dropping its tree at once (the parser's own speed),
    // and parsing every file while keeping all trees, as any evaluator must, which also pays for
    // the memory the trees take.
    let (parse, parsed) = best(|| texts.iter().filter(|t| hcl_edit::parser::parse_body(t).is_ok()).count());
    assert_eq!(parsed, texts.len(), "every generated file parses");
    let (parse_kept, kept) =
        best(|| texts.iter().filter_map(|t| hcl_edit::parser::parse_body(t).ok()).collect::<Vec<_>>().len());
    assert_eq!(kept, texts.len());

    let (full, instances) = best(|| {
        let result = evaluate_root_module(dir.path(), &[], &[], Strictness::Environment);
        assert!(!result.failed(), "the corpus evaluates without errors");
        result.evaluation.map_or(0, |e| e.resources.len())
    });

    let eval_only = full.saturating_sub(parse_kept);
    println!("corpus: {} files, {:.1} MB, {instances} resource instances", files.len(), mb);
    println!(
        "hcl-edit parse, drop each tree: {:>8.1} ms  {:>6.1} MB/s",
        parse.as_secs_f64() * 1e3,
        mb / parse.as_secs_f64()
    );
    println!(
        "hcl-edit parse, keep all trees: {:>8.1} ms  {:>6.1} MB/s",
        parse_kept.as_secs_f64() * 1e3,
        mb / parse_kept.as_secs_f64()
    );
    println!(
        "load + parse + evaluate:       {:>8.1} ms  {:>6.1} MB/s  {:>9.0} instances/s",
        full.as_secs_f64() * 1e3,
        mb / full.as_secs_f64(),
        instances as f64 / full.as_secs_f64()
    );
    println!(
        "beyond the kept-trees parse:   {:>8.1} ms  ({:.2}x that parse time)",
        eval_only.as_secs_f64() * 1e3,
        eval_only.as_secs_f64() / parse_kept.as_secs_f64()
    );
}
