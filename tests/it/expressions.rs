//! Every expression form, with results taken from `terraform console` (Terraform 1.11) for the
//! same input.

use crate::common;

use common::tf;

/// (expression, jsonencode of Terraform's result)
const CASES: &[(&str, &str)] = &[
    (r#""a ${"b"} c""#, r#""a b c""#),
    (r#""%{ for x in ["a","b"] }<${x}>%{ endfor }""#, r#""<a><b>""#),
    (r#""%{ for x in ["a","b"] ~} <${x}> %{~ endfor }""#, r#""<a><b>""#),
    (r#""%{ if true }yes%{ else }no%{ endif }""#, r#""yes""#),
    (r#""%{ if false }yes%{ else }no%{ endif }""#, r#""no""#),
    (r#""x  ${~ "y" ~}  z""#, r#""xyz""#),
    (r#"[for i, v in ["a","b","c"] : "${i}${v}" if v != "b"]"#, r#"["0a","2c"]"#),
    (r#"{for k, v in {a=1, b=2, c=1} : v => k...}"#, r#"{"1":["a","c"],"2":["b"]}"#),
    (r#"[{a=1},{a=2}][*].a"#, "[1,2]"),
    (r#"[{a={b=1}},{a={b=2}}].*.a.b"#, "[1,2]"),
    (r#"[[1,2],[3,4]][*][0]"#, "[1,3]"),
    ("-7 % 3", "-1"),
    ("7 % -3", "1"),
    ("5.5 % 2", "1.5"),
    ("5 % 0", "5"),
    ("1 == 1.0", "true"),
    (r#""1" == 1"#, "false"),
    ("[] == []", "true"),
    ("{a=1} == {a=1}", "true"),
    ("2 * 3 + 4 / 2 - 1", "7"),
    ("!true || false && true", "false"),
    (r#"true ? "a" : "b""#, r#""a""#),
    ("null == null", "true"),
    (r#"{a = 1}["a"]"#, "1"),
    (r#"["a","b"][1]"#, r#""b""#),
    (r#"{ "x-y" = 1 }"#, r#"{"x-y":1}"#),
    (r#""1" + 2"#, "3"),
    (r#"[1, "a", true]"#, r#"[1,"a",true]"#),
    ("[for x in [] : x]", "[]"),
    ("{for k, v in {} : k => v}", "{}"),
    (r#"null[*]"#, "[]"),
    (r#""a"[*]"#, r#"["a"]"#),
    ("<<EOT\n  indented\nEOT\n", r#""  indented\n""#),
    ("<<-EOT\n    strip\n      keep\n    EOT\n", r#""strip\n  keep\n""#),
    (r#""$${not} %%{not}""#, r#""${not} %{not}""#),
    ("(1 + 2) * 3", "9"),
    ("-(2)", "-2"),
    ("3 > 2 && 2 >= 2 && 1 < 2 && 2 <= 2", "true"),
    (r#"{a = {b = [10, 20]}}.a.b[1]"#, "20"),
    (r#"[{n="x"}, {n="y"}][1].n"#, r#""y""#),
    (r#"false ? null.attr : "safe""#, r#""safe""#),
];

#[test]
fn expressions_evaluate_as_terraform_does() {
    let mut failures = Vec::new();
    for (expr, expected) in CASES {
        let value = tf(expr);
        let expected: serde_json::Value = serde_json::from_str(expected).expect("valid expected JSON");
        if value.to_json() != expected {
            failures.push(format!("{expr}\n  got      {}\n  expected {expected}", value.to_json()));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn tolist_of_empty_is_not_equal_to_an_empty_tuple() {
    assert_eq!(tf("tolist([]) == []").to_json(), serde_json::json!(false));
}

#[test]
fn a_single_interpolation_keeps_its_type() {
    assert_eq!(tf(r#""${[1, 2]}""#).to_json(), serde_json::json!([1, 2]));
}
