//! Evaluation: values, types, the function library, the expression evaluator, and the engine
//! that evaluates one root module (one environment) as Terraform would.

mod bigfloat;
pub(crate) mod budget;
mod conditions;
mod engine;
mod error;
mod expand;
pub(crate) mod expr;
pub(crate) mod functions;
mod hidden_spans;
mod inputs;
mod items;
pub(crate) mod map;
pub(crate) mod number;
mod ops;
mod provider_sensitive;
mod resources;
mod scope;
mod template;
pub(crate) mod types;
mod typexpr;
mod unify;
pub(crate) mod value;

pub(crate) use engine::evaluate;
pub(crate) use engine::OutputValue;
pub use engine::{Evaluation, ResourceInstance, Strictness};
pub(crate) use hidden_spans::hide_sensitive_literals;
pub(crate) use inputs::from_json;
pub(crate) use inputs::load_root_inputs;
pub use inputs::CliVar;
pub(crate) use inputs::InputOrigin;
pub(crate) use number::Number;
pub use value::Value;
pub(crate) use value::{Map, Unknown};
