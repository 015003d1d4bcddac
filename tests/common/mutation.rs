//! Mutations of real configuration for the property test (`tests/no_panic.rs`) and the fuzz
//! target (`tests/fuzz.rs`): the fragments they insert and how a mutation applies.

/// Text inserted at random places: HCL structure, references, Terraform >= 1.12 syntax, and
/// the input classes of the security probes (control characters, PEM keys, doubling,
/// pathological collections, self-including templates, reads outside the repository).
pub const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "\"",
    "${",
    "%{ for x in y }",
    "%{~ endfor ~}",
    "local.a",
    "var.x",
    " = ",
    "\n",
    "count = 1e9\n",
    "for_each = toset([\"a\"])\n",
    "dynamic \"d\" { for_each = [1] content {} }\n",
    "module \"m\" { source = \"./\" }\n",
    "locals { a = local.a }\n",
    " || var.x.y == null && ",
    "[for x in var.x :\n x if\n x != null]",
    "{ for k, v in var.m : k =>\n # note\n v }",
    "{ a = 1\n a = 2 }",
    "true ? 1 : \"2\"",
    "module \"n\" {\n source = \"./\"\n for_each = var.unset\n}\n",
    "\u{1b}]0;x\u{7}",
    "\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----\"",
    "\"${local.s}${local.s}\"",
    "locals { s = \"${local.s}${local.s}\" }\n",
    "concat(local.l, local.l)",
    "setproduct(range(100), range(100), range(100))",
    "distinct(range(1000))",
    "flatten([[[[1]]], [[2]]])",
    "templatefile(\"${path.module}/main.tf\", {})",
    "file(\"/etc/passwd\")",
    "file(\"../../../../etc/passwd\")",
    "[for a in range(1000) : [for b in range(1000) : b]]",
    "variable \"pw\" {\n sensitive = true\n default = \"hunter2\"\n}\n",
    "tonumber(var.pw)",
    "precondition { condition = false error_message = \"x\" }",
    "lifecycle { ignore_changes = all }\n",
    "\u{0}",
    "\u{feff}",
    "é",
    "<<-EOT\n  a\n  EOT\n",
];

/// One edit of a text.
#[derive(Debug, Clone)]
pub enum Mutation {
    Delete {
        at: usize,
        len: usize,
    },
    Insert {
        at: usize,
        text: String,
    },
    Duplicate {
        at: usize,
        len: usize,
    },
    /// The value of the attribute on the line at `at` (after its ` = `) becomes `text`: the
    /// structure stays valid more often, so the input reaches evaluation and the rules.
    ReplaceValue {
        at: usize,
        text: String,
    },
}

/// `text` with `mutations` applied in order. Offsets wrap around the text's length; a
/// mutation may split a UTF-8 sequence, which is input worth testing too.
pub fn apply(text: &str, mutations: &[Mutation]) -> String {
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
                let at = (at % n).min(bytes.len());
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
            Mutation::ReplaceValue { at, text } => {
                // The first attribute line at or after `at`.
                let mut line_start =
                    bytes[..(at % n).min(bytes.len())].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                while line_start < bytes.len() {
                    let line_end =
                        bytes[line_start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| line_start + i);
                    let line = &bytes[line_start..line_end];
                    if let Some(eq) = line.windows(3).position(|w| w == b" = ") {
                        // A value that continues on the next lines (`{`, `[`, `(`, a heredoc)
                        // is left alone: replacing its first line would only break the syntax.
                        let value = line[eq + 3..].trim_ascii_end();
                        let opens = matches!(value.last(), Some(b'{' | b'[' | b'(' | b',')) || value.starts_with(b"<<");
                        if !opens {
                            bytes.splice(line_start + eq + 3..line_end, text.bytes());
                            break;
                        }
                    }
                    line_start = line_end + 1;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `.tf` and `.tfvars` files under `dirs`, read as text (others skipped).
pub fn corpus(dirs: &[std::path::PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let path = entry.path();
            let wanted = path.extension().is_some_and(|e| e == "tf" || e == "tfvars");
            if wanted && !path.components().any(|c| c.as_os_str() == ".terraform") {
                if let Ok(text) = std::fs::read_to_string(path) {
                    texts.push(text);
                }
            }
        }
    }
    texts
}

/// One module directory of the corpus: its `.tf` and `.tfvars` files, by name.
pub type CorpusModule = Vec<(String, String)>;

/// The module directories under `dirs` (each directory with `.tf` files, its files read whole).
pub fn corpus_modules(dirs: &[std::path::PathBuf]) -> Vec<CorpusModule> {
    let mut modules = std::collections::BTreeMap::<std::path::PathBuf, CorpusModule>::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let path = entry.path();
            let wanted = path.extension().is_some_and(|e| e == "tf" || e == "tfvars");
            if !wanted || path.components().any(|c| c.as_os_str() == ".terraform") {
                continue;
            }
            let (Some(parent), Some(name), Ok(text)) =
                (path.parent(), path.file_name().and_then(|n| n.to_str()), std::fs::read_to_string(path))
            else {
                continue;
            };
            modules.entry(parent.to_path_buf()).or_default().push((name.to_string(), text));
        }
    }
    modules.into_values().filter(|files| files.iter().any(|(n, _)| n.ends_with(".tf"))).collect()
}

/// Expressions put in place of an attribute's value: Terraform >= 1.12 semantics, unknowns,
/// sensitive values, the function library at its edges, and the budgets' inputs.
pub const EXPRESSIONS: &[&str] = &[
    "null",
    "true",
    "-1",
    "1e400",
    "\"\"",
    "\"TLS1_0\"",
    "[]",
    "{}",
    "var.missing",
    "local.missing",
    "each.key",
    "count.index",
    "self.id",
    "path.module",
    "terraform.workspace",
    "azurerm_resource_group.missing.id",
    "data.azurerm_client_config.current.tenant_id",
    "module.missing.out",
    "var.x == null || var.x.y >= 1",
    "false && local.missing",
    "true ? 1 : \"2\"",
    "true ? { a = 1 } : { b = \"x\" }",
    "sensitive(\"hunter2\")",
    "nonsensitive(sensitive(1))",
    "!sensitive(true)",
    "-sensitive(1)",
    "tonumber(\"x\")",
    "tolist(toset([3, 1, 2]))",
    "lookup({}, \"k\")",
    "element([], 0)",
    "cidrsubnet(\"10.0.0.0/16\", 8, 300)",
    "regex(\"(\", \"x\")",
    "jsondecode(\"{\")",
    "yamldecode(\"a: [\")",
    "base64decode(\"!!\")",
    "templatestring(\"${x}\", {})",
    "format(\"%d\", \"x\")",
    "formatdate(\"YYYY\", \"nope\")",
    "timeadd(timestamp(), \"1h\")",
    "uuid()",
    "merge({ a = 1 }, sensitive({ b = 2 }))",
    "keys(sensitive({ a = 1 }))",
    "flatten([[[[1]]], [[2]]])",
    "distinct(range(1000))",
    "setproduct(range(100), range(100), range(100))",
    "concat(local.l, local.l)",
    "\"${local.s}${local.s}\"",
    "[for a in range(1000) : [for b in range(1000) : b]]",
    "{ for k in [\"a\", \"a\"] : k => k }",
    "{ for k in [\"a\", \"a\"] : k => k... }",
    "try(local.missing, 1)",
    "can(local.missing)",
    "file(\"/etc/passwd\")",
    "file(\"main.tf\")",
    "templatefile(\"${path.module}/main.tf\", {})",
    "fileset(path.module, \"**\")",
    "one([1, 2])",
    "sum([0.1, 0.2])",
    "12345678901234567890 + 0",
    "1 / 0",
    "\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----\"",
    "\"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Q2FuYXJ5S2V5==\"",
    "\"\u{1b}[31mred\u{7}\"",
    "<<-EOT\n  %{~ for x in [1, 2] ~}\n  ${x}\n  %{~ endfor ~}\n  EOT",
];
