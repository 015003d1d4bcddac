//! What installs tfharden outside this repository, checked for consistency offline (nothing
//! here can run GitHub): the composite action `action.yml` declares every input it uses and
//! downloads exactly the archives `.github/workflows/release.yml` publishes.

use crate::common;

use yaml_rust2::{Yaml, YamlLoader};

fn load(path: &str) -> (String, Yaml) {
    let text = std::fs::read_to_string(common::repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")).remove(0);
    (text, doc)
}

fn keys(map: &Yaml) -> Vec<String> {
    map.as_hash().map(|h| h.keys().filter_map(|k| k.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[test]
fn the_action_declares_every_input_it_uses_and_runs_check_with_sarif_upload() {
    let (text, action) = load("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let declared = keys(&action["inputs"]);
    let used = regex::Regex::new(r"inputs\.([a-z0-9-]+)").expect("regex");
    for m in used.captures_iter(&text) {
        assert!(declared.contains(&m[1].to_string()), "inputs.{} is used but not declared", &m[1]);
    }
    for name in &declared {
        assert!(text.contains(&format!("inputs.{name}")), "input {name} is declared but never used");
    }
    let steps = action["runs"]["steps"].as_vec().expect("steps");
    assert!(steps
        .iter()
        .any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))));
    assert!(text.contains("tfharden check --format \"$FORMAT\" --report \"sarif=$SARIF\""));
    assert!(text.contains("cargo install --git https://github.com/tfharden/tfharden --locked --tag"));
}

#[test]
fn the_action_downloads_what_the_release_workflow_builds() {
    let (action, _) = load("action.yml");
    let (release, workflow) = load(".github/workflows/release.yml");
    let matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_vec().expect("matrix");
    let targets: Vec<&str> = matrix.iter().filter_map(|m| m["target"].as_str()).collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    for target in &targets {
        assert!(action.contains(&format!("target={target}")), "action.yml has no binary for {target}");
    }
    // The archive and checksum names agree: tfharden-TAG-TARGET.(tar.gz|zip)(.sha256).
    assert!(release.contains("name=\"tfharden-${GITHUB_REF_NAME}-${{ matrix.target }}\""));
    assert!(action.contains("asset=\"tfharden-${version}-${target}.${ext}\""));
    assert!(release.contains("\"$archive.sha256\"") && action.contains("${url}.sha256"));
    assert!(release.contains("tags: ['v*']"));
}
