//! The ARM model: evaluated azurerm/azapi resource instances compiled into Azure Resource
//! Manager resources (with references, defaults made explicit and a source map), and their
//! export as one deployment template.

mod compile;
pub(crate) mod emit;
pub mod model;
mod pipeline;
pub mod reference;
mod sourcemap;
pub mod template;
mod types;

pub use compile::{compile, is_azure_type};
pub use model::{ArmModel, ArmResource, ExtensionTarget, Parameter, Placement, Reference, Scope, Skipped};
pub use pipeline::{compile_evaluation, evaluate_for_arm, ArmEvaluation};
pub use template::{to_string as template_string, to_template};
pub use types::{role_definition_guid, supported_types, BUILT_IN_ROLES};
