//! Export behaviour: deterministic bytes, and every resource of the reference environments
//! compiled (nothing unsupported, nothing silently dropped).

use crate::arm_support;

use arm_support::{compile, export, fixture, repo};

#[test]
fn exporting_twice_gives_identical_bytes() {
    for name in ["platform", "v3", "azapi"] {
        let first = export(&fixture(name));
        let second = export(&fixture(name));
        assert_eq!(first, second, "{name}");
    }
    let production = repo().join("environments/production");
    assert_eq!(export(&production), export(&production));
}

#[test]
fn reference_environments_compile_every_resource() {
    for env in ["production", "staging", "development"] {
        let (root, model) = compile(&repo().join("environments").join(env));
        assert!(model.unsupported.is_empty(), "{env}: {:?}", model.unsupported);
        assert!(
            model.diagnostics.is_empty(),
            "{env}: {:?}",
            model.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        let managed = root
            .evaluation
            .as_ref()
            .map_or(0, |e| e.resources.iter().filter(|r| r.address.mode == tfharden::ResourceMode::Managed).count());
        let associations = root
            .evaluation
            .as_ref()
            .map_or(0, |e| e.resources.iter().filter(|r| r.address.kind.ends_with("_association")).count());
        let primary = model.resources.iter().filter(|r| r.primary).count();
        assert_eq!(primary + associations, managed, "{env}: every managed instance is a resource or folded into one");
    }
}
