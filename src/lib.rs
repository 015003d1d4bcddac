//! tfharden: evaluate Terraform for Azure as Terraform would, then check and deploy it.

pub mod arm;
pub mod cli;
pub mod config;
pub mod deploy;
pub mod diagnostic;
pub mod eval;
pub mod inspect;
pub mod load;
pub mod policy;
pub mod run;
pub mod source;
