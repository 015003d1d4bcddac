//! Custom Rego rules (`policies/custom/*.rego`) run like built-ins: per ARM resource and once per
//! environment, in every report, with exit codes that follow their severity.

use std::path::Path;
use std::process::Command;

const CONFIG: &str = r#"resource "azurerm_resource_group" "rg" {
  name     = "rg-custom"
  location = "australiaeast"
}

resource "azurerm_container_group" "app" {
  name                = "ci-app"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "australiaeast"
  os_type             = "Linux"
  ip_address_type     = "Private"

  container {
    name   = "app"
    image  = var.image
    cpu    = 1
    memory = 2
  }
}

resource "azurerm_log_analytics_workspace" "a" {
  name                = "log-a"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "australiaeast"
  retention_in_days   = 90
}

resource "azurerm_log_analytics_workspace" "b" {
  name                = "log-b"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "australiaeast"
  retention_in_days   = 90
}

variable "image" {
  type = string
}
"#;

/// A repository with one environment, the repository's own custom rule and an empty profile.
fn repo_with(image: &str, extra_rego: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).expect("repo marker");
    std::fs::create_dir_all(root.join("environments/dev")).expect("env dir");
    std::fs::create_dir_all(root.join("policies/custom")).expect("policies dir");
    std::fs::write(root.join("environments/dev/main.tf"), CONFIG).expect("write");
    std::fs::write(root.join("environments/dev/terraform.tfvars"), format!("image = \"{image}\"\n")).expect("write");
    let rule = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/custom/container_images.rego");
    std::fs::copy(rule, root.join("policies/custom/container_images.rego")).expect("copy rule");
    if let Some(text) = extra_rego {
        std::fs::write(root.join("policies/custom/broken.rego"), text).expect("write");
    }
    dir
}

fn check(dir: &Path) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(["check", "--env", "dev", "--format", "json"])
        .current_dir(dir)
        .output()
        .expect("run tfharden");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), doc, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn custom_findings(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("custom.")))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_unpinned_image_fails_the_custom_rule_and_blocks() {
    let repo = repo_with("nginx:latest", None);
    let (code, doc, stderr) = check(repo.path());
    let found = custom_findings(&doc);
    assert!(
        found.contains(&(
            "custom.tfharden.container_images".into(),
            "high".into(),
            "container image \"nginx:latest\" is not pinned to a version or digest".into()
        )),
        "{found:?}\n{stderr}"
    );
    assert!(
        found
            .iter()
            .any(|(_, severity, message)| severity == "low" && message.contains("has 2 Log Analytics workspaces")),
        "{found:?}"
    );
    assert_eq!(code, 1, "a high custom finding blocks: {stderr}");
}

#[test]
fn a_pinned_image_passes_the_custom_rule() {
    let repo = repo_with("nginx:1.27.3", None);
    let (_, doc, stderr) = check(repo.path());
    let found = custom_findings(&doc);
    assert!(
        found.iter().all(|(_, severity, _)| severity == "low"),
        "only the workspace warning remains: {found:?}\n{stderr}"
    );
}

#[test]
fn a_custom_rule_that_does_not_compile_fails_the_run_with_its_location() {
    let repo = repo_with("nginx:1.27.3", Some("package tfharden.broken\n\ndeny contains msg if {\n  msg := \n}\n"));
    let (code, _, stderr) = check(repo.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("custom rule does not compile"), "{stderr}");
    assert!(stderr.contains("broken.rego"), "{stderr}");
}

#[test]
fn a_non_ascii_policy_that_does_not_compile_is_reported_not_a_crash() {
    let repo = repo_with(
        "nginx:1.27.3",
        Some("package tfharden.broken\n\n# Prüfung: ünïcödé 🙂\ndeny contains msg if { msg := 🙂 }\n"),
    );
    let (code, _, stderr) = check(repo.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("custom rule does not compile"), "{stderr}");
}
