//! Property test: random and mutated configurations never make the loader or the evaluator
//! panic; every outcome is either values or diagnostics.

use crate::common;

use common::mutation::{self, apply, Mutation};
use proptest::prelude::*;
use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckTarget as Target};
use tfharden::{evaluate_root_module, with_large_stack};

/// Real configuration to mutate: every .tf file of the reference platform and the fixtures.
fn corpus() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    mutation::corpus(&["modules", "environments", "fixtures"].map(|d| root.join(d)))
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        proptest::sample::select(mutation::FRAGMENTS).prop_map(str::to_string),
        "[ -~]{0,12}".prop_map(|s| s),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), fragment).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn evaluates_without_panic(main: String, tfvars: Option<String>) -> bool {
    let mut files = vec![("main.tf", main)];
    files.extend(tfvars.map(|vars| ("terraform.tfvars", vars)));
    files_evaluate_without_panic(files)
}

fn files_evaluate_without_panic(files: Vec<(&'static str, String)>) -> bool {
    with_large_stack(move || {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join(".git")).expect("repo marker");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        for strictness in [Strictness::BareModule, Strictness::Environment] {
            let _ = evaluate_root_module(dir.path(), &[], &[], strictness);
            // The whole check: ARM compilation, every rule, suppressions, reports' inputs.
            let target = Target::directory(dir.path().to_path_buf(), "fuzz".to_string(), strictness, false);
            let custom = CustomRules::default();
            let options = Options::new(&custom);
            let _ = check_root_module(&target, &options);
        }
    })
    .is_some()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_configuration_never_panics(index in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..6)) {
        let texts = corpus();
        let text = &texts[index % texts.len()];
        let mutated = apply(text, &mutations);
        prop_assert!(evaluates_without_panic(mutated, None));
    }

    /// A real configuration with a mutated copy of itself as an override file: blocks that
    /// still match are merged (arguments, nested blocks, meta-arguments), the rest are errors.
    #[test]
    fn mutated_override_files_never_panic(index in any::<usize>(), mutations in proptest::collection::vec(mutation(), 0..4)) {
        let texts = corpus();
        let text = &texts[index % texts.len()];
        let files = vec![("main.tf", text.clone()), ("main_override.tf", apply(text, &mutations))];
        prop_assert!(files_evaluate_without_panic(files));
    }

    #[test]
    fn random_text_never_panics(text in "[ -~\n]{0,400}", vars in proptest::option::of("[a-z_]{1,8} = [ -~]{0,20}\n")) {
        prop_assert!(evaluates_without_panic(text, vars));
    }

    #[test]
    fn random_expressions_never_panic(expr in "[a-z0-9_.\\[\\]{}()\"+*/%<>=!&|?:, -]{0,60}") {
        let main = format!("variable \"x\" {{\n  default = {{ a = [1, 2] }}\n}}\n\nlocals {{\n  a = 1\n}}\n\noutput \"o\" {{\n  value = {expr}\n}}\n");
        prop_assert!(evaluates_without_panic(main, None));
    }
}
