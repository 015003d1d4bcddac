//! Module-level `depends_on`: everything inside the call waits for what the call depends on,
//! and nothing else is added.

use std::path::Path;

use tfharden::Strictness;
use tfharden::{compile_evaluation, evaluate_for_arm};

#[test]
fn resources_inside_a_module_call_wait_for_the_calls_dependencies() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/arm/module_depends_on");
    let root = evaluate_for_arm(&dir, &[], &[], Strictness::Environment);
    assert!(!root.failed(), "{:?}", root.diagnostics);
    let model = compile_evaluation(&root).expect("compiles");
    let second = model.by_address("module.b.azurerm_user_assigned_identity.second").expect("compiled");
    assert!(second.depends_on.contains("module.a.azurerm_user_assigned_identity.first"), "{:?}", second.depends_on);
    assert!(!second.depends_on.contains("azurerm_log_analytics_workspace.unrelated"), "{:?}", second.depends_on);
    let first = model.by_address("module.a.azurerm_user_assigned_identity.first").expect("compiled");
    assert!(!first.depends_on.iter().any(|d| d.starts_with("module.b")), "{:?}", first.depends_on);
}
