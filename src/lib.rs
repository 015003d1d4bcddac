//! tfharden: evaluate Terraform for Azure as Terraform would, then check and deploy it.

pub mod config;
pub mod diagnostic;
pub mod eval;
pub mod load;
pub mod source;
pub mod cli;
pub mod inspect;
pub mod run;
