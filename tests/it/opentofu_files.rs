//! OpenTofu's file names: `.tofu` and `.tofu.json` files are configuration, and one replaces
//! the `.tf` / `.tf.json` file of the same name in its directory (fixtures/opentofu).

use crate::common;

use tfharden::Strictness;

#[test]
fn a_tofu_file_replaces_the_tf_file_of_the_same_name() {
    let dir = common::fixture("opentofu");
    let result = common::evaluate(&dir, Strictness::BareModule);
    // main.tf and main.tofu both declare the account: reading both would be a duplicate.
    assert!(!result.failed(), "{}", common::rendered(&result));
    assert_eq!(common::output(&result, "source"), common::tf("\"variables.tofu.json\""), "tofu.json replaces tf.json");

    let (code, stdout, stderr) = common::run_binary(&dir, &["check", ".", "--rule", "STG001", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let addresses: Vec<&str> = findings.iter().filter_map(|f| f["address"].as_str()).collect();
    assert_eq!(addresses, ["azurerm_storage_account.tofu_only"], "main.tf's weak account is not read: {stdout}");
    assert!(findings[0]["file"].as_str().is_some_and(|f| f.ends_with("extra.tofu")), "{stdout}");
}

#[test]
fn a_folder_with_only_tofu_files_is_a_root_module() {
    let repo = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(repo.path().join(".git")).expect("marker");
    std::fs::create_dir(repo.path().join("live")).expect("mkdir");
    std::fs::copy(common::fixture("opentofu/extra.tofu"), repo.path().join("live/main.tofu")).expect("copy");
    assert_eq!(tfharden::root_modules_under(repo.path()).len(), 1);
    let (code, stdout, stderr) =
        common::run_binary(repo.path(), &["check", "--rule", "STG001", "--changed-files", "live/main.tofu"]);
    assert_eq!(code, 1, "a changed .tofu file checks its root: {stdout}\n{stderr}");
    assert!(stdout.contains("tofu_only"), "{stdout}");
}

/// The pre-commit hooks run on what tfharden reads: OpenTofu files and custom Rego rules too,
/// never on provider and module caches under `.terraform/`.
#[test]
fn the_pre_commit_hooks_trigger_on_tofu_files_and_rego_rules() {
    let text = std::fs::read_to_string(common::repo().join(".pre-commit-hooks.yaml")).expect("hooks file");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("YAML");
    let hooks = docs[0].as_vec().expect("a list of hooks");
    assert_eq!(hooks.len(), 2);
    for hook in hooks {
        let files = regex::Regex::new(hook["files"].as_str().expect("files")).expect("files regex");
        let exclude = regex::Regex::new(hook["exclude"].as_str().expect("exclude")).expect("exclude regex");
        let runs = |path: &str| files.is_match(path) && !exclude.is_match(path);
        for path in [
            "main.tf",
            "modules/net/main.tf.json",
            "live/main.tofu",
            "live/override.tofu.json",
            "environments/production/terraform.tfvars",
            "environments/production/backend.hcl",
            "policies/production.toml",
            "policies/custom/container_images.rego",
        ] {
            assert!(runs(path), "{}: {path}", hook["id"].as_str().unwrap_or("?"));
        }
        for path in ["README.md", "src/main.rs", "live/.terraform/modules/x/main.tf", ".terraform/providers/p.tofu"] {
            assert!(!runs(path), "{}: {path}", hook["id"].as_str().unwrap_or("?"));
        }
    }
}
