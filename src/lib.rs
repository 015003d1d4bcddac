//! tfharden: evaluate Terraform for Azure as Terraform would, then check and deploy it.
//!
//! Only `cli` prints and chooses exit codes; every other stage returns values (clippy denies
//! printing outside `cli`).

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod arm;
#[allow(clippy::print_stdout, clippy::print_stderr)]
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
