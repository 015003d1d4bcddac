//! Deploying what passed the policies, as a library that returns values: the gate and the
//! compiled deployment (`prepare`), a login as the azurerm provider would do it (OIDC first),
//! Azure Resource Manager through azure_core's pipeline with retries and long-running operation
//! polling, what-if plans, the deployment's steps and doctor's checks. The `plan`, `apply` and
//! `doctor` commands in `cli::deploy` print and choose exit codes; nothing here does.

pub(crate) mod assertion;
pub(crate) mod auth;
pub(crate) mod client;
pub(crate) mod cloud;
pub(crate) mod decision;
pub(crate) mod deployment;
pub(crate) mod doctor;
pub(crate) mod env;
pub(crate) mod error;
pub(crate) mod ids;
pub(crate) mod interrupt;
pub(crate) mod lro;
pub(crate) mod metrics;
pub(crate) mod operations;
pub(crate) mod outputs;
pub(crate) mod prepare;
pub(crate) mod records;
pub(crate) mod redact;
pub(crate) mod retry;
pub(crate) mod secrets;
pub(crate) mod session;
pub(crate) mod stop;
pub(crate) mod transport;
pub(crate) mod whatif;
