//! The ARM model: evaluated azurerm/azapi resource instances compiled into Azure Resource
//! Manager resources (with references, defaults made explicit and a source map), and their
//! export as one deployment template.

mod compile;
pub(crate) mod emit;
pub(crate) mod model;
mod pipeline;
pub(crate) mod reference;
mod sourcemap;
pub(crate) mod template;
mod types;

pub(crate) use compile::is_azure_type;
pub use model::{ArmModel, Scope};
pub(crate) use model::{ArmResource, ExtensionTarget, Placement};
pub use pipeline::{compile_evaluation, evaluate_for_arm, ArmEvaluation};
pub use template::to_string as template_string;
pub(crate) use template::to_template;
pub use types::role_definition_guid;
pub(crate) use types::BUILT_IN_ROLES;
