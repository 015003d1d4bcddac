//! Evaluation: values, types, the function library, the expression evaluator, and the engine
//! that evaluates one root module (one environment) as Terraform would.

mod bigfloat;
pub mod budget;
mod conditions;
mod engine;
mod error;
mod expand;
pub mod expr;
pub mod functions;
mod hidden_spans;
mod inputs;
mod items;
pub mod map;
pub mod number;
mod ops;
mod provider_sensitive;
mod resources;
mod scope;
mod template;
pub mod types;
mod typexpr;
mod unify;
pub mod value;

pub use engine::{evaluate, relative_path, Evaluation, OutputValue, ResourceInstance, Strictness};
pub use error::{EvalError, EvalResult};
pub use hidden_spans::hide_sensitive_literals;
pub use inputs::{from_json, load_root_inputs, CliVar, RootInputs};
pub use number::Number;
pub use types::{convert, Type};
pub use value::{Map, Object, Unknown, Value};
