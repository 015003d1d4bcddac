//! The finding trace: a finding decided by a value set in a variables file points at that entry
//! and labels the way there (each local, `for_each`, module input), on real fixtures through the
//! real binary.

use crate::common;

use common::run_binary;
use serde_json::Value as Json;

/// `(address, file:line:column, [file:line: note])` of each STG002 finding of a fixture.
fn stg002(fixture: &str) -> Vec<(String, String, Vec<String>)> {
    let repo = common::repo();
    let (code, out, err) = run_binary(&repo, &["check", fixture, "--rule", "STG002", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let text = |v: &Json| v.as_str().unwrap_or_default().to_string();
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let notes = f["notes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| format!("{}:{}: {}", text(&n["file"]), n["line"], text(&n["text"])))
                .collect();
            (text(&f["address"]), format!("{}:{}:{}", text(&f["file"]), f["line"], f["column"]), notes)
        })
        .collect()
}

#[test]
fn each_value_is_followed_to_the_map_entry_of_the_instance_directly_and_through_a_module_call() {
    let dir = "fixtures/trace/each_value";
    let tfvars = format!("{dir}/terraform.tfvars:4:5");
    let element = "each.value is the element \"weak\" of this for_each";
    assert_eq!(
        stg002(dir),
        vec![
            (
                "azurerm_storage_account.direct[\"weak\"]".to_string(),
                tfvars.clone(),
                vec![format!("{dir}/main.tf:33: used here"), format!("{dir}/main.tf:27: {element}")],
            ),
            (
                "module.account[\"weak\"].azurerm_storage_account.this".to_string(),
                tfvars,
                vec![
                    format!("{dir}/modules/account/main.tf:19: used here"),
                    format!("{dir}/main.tf:41: passed to var.tls here"),
                    format!("{dir}/main.tf:38: {element}"),
                ],
            ),
        ]
    );
}
