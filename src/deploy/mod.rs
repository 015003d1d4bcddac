//! Deploying what passed the policies: log in as the azurerm provider would (OIDC first), talk
//! to Azure Resource Manager through azure_core's pipeline with retries and long-running
//! operation polling, and run `plan` (what-if), `apply` (one deployment, followed to the end)
//! and `doctor` (what apply needs).

pub mod apply;
pub mod assertion;
pub mod auth;
pub mod client;
pub mod cloud;
pub mod decision;
pub mod doctor;
pub mod env;
pub mod error;
pub mod ids;
pub mod interrupt;
pub mod lro;
pub mod metrics;
pub mod operations;
pub mod outputs;
pub mod plan;
pub mod prepare;
pub mod progress;
pub mod records;
pub mod redact;
pub mod retry;
pub mod secrets;
pub mod session;
pub mod transport;
pub mod whatif;
