//! The integration tests, in one binary: each file of this folder is a module, so the
//! library and its dependencies are linked once for all of them (twenty-odd binaries before).
//! The fuzz target (`tests/fuzz.rs`: it sets process-wide budget limits and ends the process on
//! a hang) and the timing test (`tests/deploy_timing.rs`: no other test may compete for the CPU)
//! stay binaries of their own.

#[path = "../arm_support/mod.rs"]
mod arm_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../deploy_support/mod.rs"]
mod deploy_support;
#[path = "../fake_azure/mod.rs"]
mod fake_azure;

mod arm_compile;
mod arm_depends_on;
mod arm_export;
mod arm_schema;
mod bad_input;
mod budgets;
mod check_every_resource;
mod cli_controls;
mod cli_export;
mod cli_inspect;
mod confinement;
mod deploy;
mod distribution;
mod environments;
mod evaluate;
mod expressions;
mod fake_azure_engine;
mod finding_trace;
mod layouts;
mod no_panic;
mod opentofu_files;
mod output_hygiene;
mod peer_parity;
mod plan_json;
mod policy_check;
mod policy_custom;
mod policy_fixtures;
mod policy_registry;
mod policy_reports;
mod secrets_in_errors;
mod terraform_parity;
mod terraform_plan_parity;
