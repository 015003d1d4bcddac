//! Deploying what passed the policies, as a library that returns values: the gate and the
//! compiled deployment (`prepare`), a login as the azurerm provider would do it (OIDC first),
//! Azure Resource Manager through azure_core's pipeline with retries and long-running operation
//! polling, what-if plans, the deployment's steps and doctor's checks. The `plan`, `apply` and
//! `doctor` commands in `cli::deploy` print and choose exit codes; nothing here does.

pub mod assertion;
pub mod auth;
pub mod client;
pub mod cloud;
pub mod decision;
pub mod deployment;
pub mod doctor;
pub mod env;
pub mod error;
pub mod ids;
pub mod interrupt;
pub mod lro;
pub mod metrics;
pub mod operations;
pub mod outputs;
pub mod prepare;
pub mod records;
pub mod redact;
pub mod retry;
pub mod secrets;
pub mod session;
pub mod stop;
pub mod transport;
pub mod whatif;
