//! The configuration model: Terraform's blocks with their unevaluated bodies and source sites.

mod address;
mod build;
mod overrides;
mod reference;
mod tree;

pub use address::InstanceKey;
pub(crate) use address::{ModulePath, ResourceAddress, Subject};
pub(crate) use build::{build_module, is_config_file, literal_string};
pub(crate) use overrides::{merge_override_file, overridden_parts};
pub(crate) use reference::{attribute_names, Reference};
pub(crate) use tree::{CallTarget, Config, ModuleId};

/// The literal `source` of a module block body.
pub(crate) fn literal_source(body: &Body) -> Option<String> {
    literal_string(body.get_attribute("source").map(|a| &a.value))
}

use std::collections::BTreeMap;
use std::path::PathBuf;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::Span;

use crate::source::{FileId, Site};

/// An expression together with the file it was written in.
#[derive(Clone, Debug)]
pub struct Expr {
    pub file: FileId,
    pub expr: Expression,
}

impl Expr {
    pub fn site(&self) -> Option<Site> {
        self.expr.span().map(|span| Site::new(self.file, span))
    }
}

/// A block body together with its file.
#[derive(Clone, Debug)]
pub struct FileBody {
    pub file: FileId,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: String,
    pub site: Option<Site>,
    pub type_expr: Option<Expr>,
    pub default: Option<Expr>,
    pub description: Option<String>,
    pub sensitive: bool,
    /// `ephemeral = true` (Terraform 1.10): the value is never persisted.
    pub ephemeral: bool,
    pub nullable: bool,
    pub validations: Vec<Validation>,
}

/// A condition with its message: a variable's `validation`, a `precondition` or
/// `postcondition`, a `check` block's `assert`.
#[derive(Clone, Debug)]
pub struct Validation {
    pub condition: Expr,
    pub error_message: Expr,
}

/// A `check` block: assertions that warn, never block (Terraform >= 1.5).
#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    pub site: Option<Site>,
    pub asserts: Vec<Validation>,
    /// It declares a scoped data source: its assertions read values known only after that is
    /// read, so they are not decided before apply.
    pub scoped_data: bool,
}

#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    pub expr: Expr,
}

#[derive(Clone, Debug)]
pub struct Output {
    pub name: String,
    pub site: Option<Site>,
    pub value: Option<Expr>,
    pub sensitive: bool,
    /// `ephemeral = true` (Terraform 1.10): the value is never persisted.
    pub ephemeral: bool,
    pub description: Option<String>,
    pub preconditions: Vec<Validation>,
    /// Declared in a JSON plan's `configuration` (no HCL `value`): the span of the output's
    /// `expression` there, whose `references` name what the value reads.
    pub plan_expression: Option<Site>,
}

#[derive(Clone, Debug)]
pub struct ModuleCall {
    pub name: String,
    pub site: Option<Site>,
    pub source: String,
    pub source_site: Option<Site>,
    pub version: Option<String>,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    /// `depends_on = [...]`: everything the call's resources must wait for.
    pub depends_on: Option<Expr>,
    /// Input arguments, by variable name.
    pub inputs: BTreeMap<String, Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub mode: Mode,
    pub kind: String,
    pub name: String,
    pub site: Option<Site>,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub body: FileBody,
    /// Bodies of the same block in override files, in the order they apply: each replaces the
    /// arguments and nested block types it sets ([`overridden_parts`]).
    pub overrides: Vec<FileBody>,
    /// `lifecycle { precondition { ... } }`.
    pub preconditions: Vec<Validation>,
    /// `lifecycle { postcondition { ... } }`.
    pub postconditions: Vec<Validation>,
}

impl Resource {
    /// The body and its overrides, in the order they apply.
    pub fn layers(&self) -> impl Iterator<Item = &FileBody> {
        std::iter::once(&self.body).chain(self.overrides.iter())
    }
}

#[derive(Clone, Debug)]
pub struct Provider {
    pub name: String,
    pub alias: Option<String>,
    pub site: Option<Site>,
    pub body: FileBody,
}

/// A `terraform` block: required providers, backend, version constraints.
#[derive(Clone, Debug)]
pub struct TerraformBlock {
    pub site: Option<Site>,
    pub body: FileBody,
}

/// A block tfharden keeps but does not evaluate (moved, import, check, removed, ephemeral).
#[derive(Clone, Debug)]
pub struct OtherBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub site: Option<Site>,
    pub body: FileBody,
}

/// One module: the `.tf` files of one directory.
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub dir: PathBuf,
    pub files: Vec<FileId>,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, Local>,
    pub outputs: BTreeMap<String, Output>,
    pub module_calls: BTreeMap<String, ModuleCall>,
    pub resources: BTreeMap<(Mode, String, String), Resource>,
    pub providers: Vec<Provider>,
    pub terraform: Vec<TerraformBlock>,
    pub checks: Vec<Check>,
    pub other: Vec<OtherBlock>,
    /// Secrets written as literals in its files (see `load::secret_literals`), for SEC001.
    pub secret_literals: Vec<crate::load::SecretLiteral>,
}
