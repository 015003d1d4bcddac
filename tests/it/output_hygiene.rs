//! Output hygiene: control characters from input never reach a terminal or CI log, and SARIF
//! artifact URIs are percent-encoded URI references (RFC 3986) that decode back to the path.

use crate::common;

use std::path::Path;

/// A root module in `dir` whose resource is in a disallowed region (so GEN001 reports it) and
/// whose value holds ESC and BEL.
fn write_root(dir: &Path) {
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(
        dir.join("main.tf"),
        "resource \"azurerm_resource_group\" \"rg\" {\n  name     = \"rg-\u{1b}]0;pwned\u{7}\u{1b}[2J\"\n  location = \"eastus\"\n}\n",
    )
    .expect("main.tf");
}

#[test]
fn control_characters_from_input_are_not_echoed_in_any_format() {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(work.path().join(".git")).expect(".git");
    write_root(&work.path().join("env"));
    for format in ["human", "github", "junit"] {
        let (code, stdout, stderr) = common::run_binary(work.path(), &["check", "env", "--format", format]);
        assert_eq!(code, 1, "{format}: {stdout}{stderr}");
        for text in [&stdout, &stderr] {
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{format} echoes a control character");
        }
    }
    let (_, inspect, _) = common::run_binary(work.path(), &["inspect", "env"]);
    assert!(!inspect.contains('\u{1b}'), "inspect echoes a control character");
}

#[test]
fn sarif_uris_are_percent_encoded_and_decode_back_to_the_path() {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(work.path().join(".git")).expect(".git");
    let name = "env #1 ?%ü\n::error x";
    write_root(&work.path().join(name));
    let (code, sarif, _) = common::run_binary(work.path(), &["check", name, "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(uri, "env%20%231%20%3F%25%C3%BC%0A%3A%3Aerror%20x/main.tf");
    let decoded = percent_encoding::percent_decode_str(&uri).decode_utf8().expect("UTF-8");
    assert_eq!(decoded, format!("{name}/main.tf"));
}
