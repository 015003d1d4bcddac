//! Budgets instead of aborts: each pathological input ends in an `eval::budget` (or function)
//! diagnostic naming the limit, exit 2, never a stack overflow, an out-of-memory abort or a hang.
//! The inputs are generated here, each as small as its repro allows.

use crate::common;

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap_or(dir)).expect("dirs");
    std::fs::write(path, text).expect("write");
}

/// Runs `inspect` on a root built by `build`, and returns its exit code and stderr.
fn inspect(build: impl FnOnce(&Path)) -> (i32, String) {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(work.path().join(".git")).expect(".git");
    build(work.path());
    let (code, _, stderr) = common::run_binary(work.path(), &["inspect", ".", "--format", "json"]);
    (code, stderr)
}

#[test]
fn templates_that_include_each_other_stop_at_the_nesting_limit() {
    let (code, err) = inspect(|d| {
        write(
            d,
            "main.tf",
            "output \"x\" {\n  value = templatefile(\"${path.module}/a.tftpl\", { p = path.module })\n}\n",
        );
        write(d, "a.tftpl", "${templatefile(\"${p}/b.tftpl\", { p = p })}");
        write(d, "b.tftpl", "${templatefile(\"${p}/a.tftpl\", { p = p })}");
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a template may not render itself"), "{err}");
}

#[test]
fn a_string_doubled_thirty_times_stops_at_the_string_limit() {
    let (code, err) = inspect(|d| {
        let mut text = String::from("locals {\n  s0 = \"ab\"\n");
        for i in 1..=30 {
            text.push_str(&format!("  s{i} = \"${{local.s{}}}${{local.s{}}}\"\n", i - 1, i - 1));
        }
        text.push_str("}\n\noutput \"n\" {\n  value = length(local.s30)\n}\n");
        write(d, "main.tf", &text);
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than the 16777216 tfharden evaluates"), "{err}");
}

#[test]
fn a_module_fan_out_to_a_million_instances_stops_at_the_instance_limit() {
    let (code, err) = inspect(|d| {
        write(d, "main.tf", "module \"m\" {\n  source = \"./m0\"\n}\n");
        for level in 0..20 {
            let text = format!("module \"m\" {{\n  source = \"../m{}\"\n  count  = 2\n}}\n", level + 1);
            write(d, &format!("m{level}/main.tf"), &text);
        }
        write(d, "m20/main.tf", "resource \"terraform_data\" \"x\" {}\n");
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than 10000 module instances"), "{err}");
}

#[test]
fn a_million_dynamic_blocks_stop_at_the_block_limit() {
    let (code, err) = inspect(|d| {
        write(
            d,
            "main.tf",
            "resource \"azurerm_network_security_group\" \"n\" {\n  name                = \"n\"\n  location            = \"australiaeast\"\n  resource_group_name = \"rg\"\n  dynamic \"security_rule\" {\n    for_each = flatten([for a in range(1000) : [for b in range(1000) : \"${a}-${b}\"]])\n    content {\n      name = security_rule.value\n    }\n  }\n}\n",
        );
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than 100000 dynamic blocks"), "{err}");
}

#[test]
fn a_billion_loop_iterations_stop_at_the_iteration_limit() {
    for body in [
        "length(flatten([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : 1]]]))",
        "length(join(\"\", flatten([for a in range(1024) : [for b in range(1024) : \"%{for c in range(1024)}x%{endfor}\"]])))",
    ] {
        let (code, err) = inspect(|d| write(d, "main.tf", &format!("output \"n\" {{\n  value = {body}\n}}\n")));
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("more than 10000000 for-loop iterations") || err.contains("more than the 16777216"),
            "{err}"
        );
    }
}

#[test]
fn a_multi_megabyte_line_is_named_but_not_printed() {
    let (code, err) = inspect(|d| {
        let big = "y".repeat(3_000_000);
        write(d, "main.tf", &format!("output \"n\" {{\n  value = local.{big}\n}}\n"));
    });
    assert_eq!(code, 2);
    assert!(err.len() < 20_000, "the diagnostic is {} bytes", err.len());
    assert!(err.contains("main.tf:2:11") && err.contains("more characters"), "{}", &err[..err.len().min(2000)]);
}

#[test]
fn a_list_doubled_thirty_times_stops_at_the_collection_limit() {
    let (code, err) = inspect(|d| {
        let mut text = String::from("locals {\n  l0 = [\"a\", \"b\"]\n");
        for i in 1..=30 {
            text.push_str(&format!("  l{i} = concat(local.l{}, local.l{})\n", i - 1, i - 1));
        }
        text.push_str("}\n\noutput \"n\" {\n  value = length(local.l30)\n}\n");
        write(d, "main.tf", &text);
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than the 1000000 tfharden evaluates"), "{err}");
    assert!(err.contains("collection_elements"), "{err}");
}

#[test]
fn a_set_product_too_large_to_build_is_refused_before_it_is_built() {
    let (code, err) = inspect(|d| {
        let lists = ["range(10)"; 10].join(", ");
        write(d, "main.tf", &format!("output \"n\" {{\n  value = length(setproduct({lists}))\n}}\n"));
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the result would have 10000000000 elements"), "{err}");
}

#[test]
fn limits_in_tfharden_toml_replace_the_defaults_and_are_checked() {
    let loop_of = |n: usize| format!("output \"n\" {{\n  value = length([for i in range({n}) : i])\n}}\n");
    let (code, err) = inspect(|d| {
        write(d, "main.tf", &loop_of(1000));
        write(d, "tfharden.toml", "[limits]\niterations = 100\n");
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than 100 for-loop iterations"), "{err}");
    let (code, err) = inspect(|d| {
        write(d, "main.tf", &loop_of(1000));
        write(d, "tfharden.toml", "[limits]\niterations = 5000\n");
    });
    assert_eq!(code, 0, "{err}");
    for (toml, expected) in [
        ("[limits]\niteration = 5\n", "unknown field `iteration`"),
        ("[limits]\niterations = 0\n", "a limit must be a whole number above 0, not 0"),
        ("[limits]\niterations = \"many\"\n", "invalid type"),
    ] {
        let (code, err) = inspect(|d| {
            write(d, "main.tf", &loop_of(10));
            write(d, "tfharden.toml", toml);
        });
        assert_eq!(code, 2, "{toml}: {err}");
        assert!(err.contains(expected) && err.contains("tfharden.toml:2:"), "{toml}: {err}");
    }
}

#[test]
fn many_large_collections_stop_at_the_run_wide_element_budget() {
    // Each local stays under the one-collection limit (1,000,000); together they pass the
    // 20,000,000 elements a run may build.
    let (code, err) = inspect(|d| {
        let mut text =
            String::from("locals {\n  base = range(1000)\n  block = flatten([for i in range(900) : local.base])\n");
        for i in 0..30 {
            text.push_str(&format!("  copy{i} = concat(local.block, [{i}])\n"));
        }
        let all: Vec<String> = (0..30).map(|i| format!("length(local.copy{i})")).collect();
        text.push_str(&format!("}}\n\noutput \"n\" {{\n  value = sum([{}])\n}}\n", all.join(", ")));
        write(d, "main.tf", &text);
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("elements built by functions"), "{err}");
    assert!(err.contains("[limits]"), "{err}");
}

#[test]
fn a_multi_megabyte_line_beside_a_labelled_one_is_not_printed_as_context() {
    // The label is on `type = number`; the line above it holds a 3 MB string. Snippets show a
    // line of context around a label, but never an overlong one (6 MB of output before).
    let (code, err) = inspect(|d| {
        let big = "b".repeat(3_000_000);
        write(d, "main.tf", &format!("variable \"y\" {{\n  default = \"{big}\"\n  type    = number\n}}\n\noutput \"y\" {{\n  value = var.y\n}}\n"));
    });
    assert_eq!(code, 2, "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 20_000, "the diagnostic is {} bytes", err.len());
    assert!(err.contains("a number is required"), "{}", &err[..err.len().min(2000)]);
}
