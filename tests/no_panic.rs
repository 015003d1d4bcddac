//! Property test: random and mutated configurations never make the loader or the evaluator
//! panic; every outcome is either values or diagnostics.

use proptest::prelude::*;
use tfharden::eval::Strictness;
use tfharden::policy::custom::CustomRules;
use tfharden::policy::runner::{check_root_module, Options, Target};
use tfharden::run::{evaluate_root_module, with_large_stack};

/// Real configuration to mutate: every .tf file of the reference platform and the fixtures.
fn corpus() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["modules", "environments", "fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "tf" || e == "tfvars") {
                if let Ok(text) = std::fs::read_to_string(path) {
                    texts.push(text);
                }
            }
        }
    }
    texts
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("${".to_string()),
        Just("%{ for x in y }".to_string()),
        Just("local.a".to_string()),
        Just("var.x".to_string()),
        Just(" = ".to_string()),
        Just("\n".to_string()),
        Just("count = 1e9\n".to_string()),
        Just("for_each = toset([\"a\"])\n".to_string()),
        Just("dynamic \"d\" { for_each = [1] content {} }\n".to_string()),
        Just("module \"m\" { source = \"./\" }\n".to_string()),
        Just("locals { a = local.a }\n".to_string()),
        // Terraform >= 1.12 syntax and the input classes of the security probes.
        Just(" || var.x.y == null && ".to_string()),
        Just("[for x in var.x :\n x if\n x != null]".to_string()),
        Just("{ for k, v in var.m : k =>\n # note\n v }".to_string()),
        Just("{ a = 1\n a = 2 }".to_string()),
        Just("true ? 1 : \"2\"".to_string()),
        Just("module \"n\" {\n source = \"./\"\n for_each = var.unset\n}\n".to_string()),
        Just("\u{1b}]0;x\u{7}".to_string()),
        Just("\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----\"".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), fragment).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let n = bytes.len().max(1);
        match m {
            Mutation::Delete { at, len } => {
                let start = at % n;
                let end = (start + len).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Mutation::Insert { at, text } => {
                let at = at % n;
                let at = at.min(bytes.len());
                bytes.splice(at..at, text.bytes());
            }
            Mutation::Duplicate { at, len } => {
                let start = at % n;
                let end = (start + len).min(bytes.len());
                if start < end {
                    let copy = bytes[start..end].to_vec();
                    bytes.splice(end..end, copy);
                }
            }
        }
    }
    // Mutations may split a UTF-8 sequence; that is input worth testing too.
    String::from_utf8_lossy(&bytes).into_owned()
}

fn evaluates_without_panic(main: String, tfvars: Option<String>) -> bool {
    with_large_stack(move || {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join(".git")).expect("repo marker");
        std::fs::write(dir.path().join("main.tf"), main).expect("write");
        if let Some(vars) = tfvars {
            std::fs::write(dir.path().join("terraform.tfvars"), vars).expect("write");
        }
        for strictness in [Strictness::BareModule, Strictness::Environment] {
            let _ = evaluate_root_module(dir.path(), &[], &[], strictness);
            // The whole check: ARM compilation, every rule, suppressions, reports' inputs.
            let target = Target {
                dir: dir.path().to_path_buf(),
                environment: "fuzz".into(),
                strictness,
                declared: false,
                var_files: Vec::new(),
                backend_files: Vec::new(),
                profile: None,
            };
            let custom = CustomRules::default();
            let options = Options {
                vars: &[],
                env_vars: &[],
                fail_on: None,
                no_suppressions: false,
                profile: None,
                profiles: &[],
                custom: &custom,
            };
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
