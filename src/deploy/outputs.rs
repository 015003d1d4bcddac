//! The root module's outputs as apply prints them: known values as evaluated, computed
//! attributes by the resource and attribute they come from.

use serde_json::Value as Json;

/// A root output: its value when known, else where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RootOutput {
    pub name: String,
    pub sensitive: bool,
    pub value: OutputValue,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum OutputValue {
    Known(Json),
    /// A computed attribute of a resource (`address`, `attribute`), readable after apply.
    Attribute(String, String),
    /// Known only after apply, from something else (text: its origin).
    Unknown(String),
}

/// The outputs of an evaluated root module.
pub(crate) fn root_outputs(evaluation: &crate::eval::Evaluation) -> Vec<RootOutput> {
    evaluation
        .outputs
        .iter()
        .map(|(name, out)| {
            let sensitive = out.sensitive || out.value.has_marks();
            let value = if out.value.is_wholly_known() {
                OutputValue::Known(out.value.strip_marks().0.to_json())
            } else {
                match out.value.unmarked() {
                    crate::eval::Value::Unknown(u) => match &u.attribute {
                        Some((address, path)) if !path.is_empty() => {
                            OutputValue::Attribute(address.to_string(), path.clone())
                        }
                        _ => OutputValue::Unknown(u.describe().to_string()),
                    },
                    other => OutputValue::Unknown(
                        other
                            .find_unknown()
                            .map(|u| u.describe().to_string())
                            .unwrap_or_else(|| "known after apply".into()),
                    ),
                }
            };
            RootOutput { name: name.clone(), sensitive, value }
        })
        .collect()
}
