//! `tfharden plan`, `apply` and `doctor`: arguments shared by the commands that talk to Azure.

mod apply;
mod doctor;
mod plan;
mod progress;
mod session;

use std::path::PathBuf;
use std::sync::Arc;

use apply::ApplyOptions;
use doctor::DoctorOptions;
use plan::{PlanFormat, PlanOptions};
pub(crate) use session::fresh_runtime;
pub use session::RuntimeFactory;

use crate::deploy::auth::AuthKind;
use crate::deploy::client::ConnectOptions;
use crate::deploy::cloud::CloudOverrides;
use crate::deploy::metrics::DebugLog;
use crate::deploy::session::Target;
use crate::eval::CliVar;

const LOGIN_HELP: &str = "Login (the azurerm provider's variables): ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID, then\n  ARM_USE_OIDC=true with ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN,\n  or ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID + SYSTEM_ACCESSTOKEN + SYSTEM_OIDCREQUESTURI;\n  AZURE_FEDERATED_TOKEN_FILE (workload identity); ARM_CLIENT_SECRET; ARM_USE_MSI=true; else the Azure CLI.\nClouds: ARM_ENVIRONMENT=public|usgovernment|china, or --arm-endpoint/--authority-host.";

/// How to reach Azure.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct ConnectArgs {
    /// Force a login method instead of choosing one from the environment.
    #[arg(long, value_enum, value_name = "KIND")]
    pub auth: Option<AuthKind>,
    /// Subscription to deploy to (default: ARM_SUBSCRIPTION_ID).
    #[arg(long, value_name = "ID")]
    pub subscription: Option<String>,
    /// Resource Manager endpoint of a private cloud (default: from ARM_ENVIRONMENT; also TFHARDEN_ARM_ENDPOINT).
    #[arg(long, value_name = "URL")]
    pub arm_endpoint: Option<String>,
    /// Entra ID authority host of a private cloud (also TFHARDEN_AUTHORITY_HOST).
    #[arg(long, value_name = "URL")]
    pub authority_host: Option<String>,
    /// Extra trusted CA certificates, PEM (also TFHARDEN_CA_BUNDLE).
    #[arg(long, value_name = "FILE")]
    pub ca_bundle: Option<PathBuf>,
    /// Log every request (method, path, status, time; never tokens or bodies) to stderr.
    #[arg(long)]
    pub debug: bool,
}

impl ConnectArgs {
    fn options(&self) -> ConnectOptions {
        ConnectOptions {
            auth: self.auth,
            cloud: CloudOverrides {
                arm_endpoint: self.arm_endpoint.clone(),
                authority_host: self.authority_host.clone(),
            },
            ca_bundle: self.ca_bundle.clone(),
            subscription: self.subscription.clone(),
            debug: (self.debug || std::env::var("TFHARDEN_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug")))
                .then(|| DebugLog(Arc::new(|line: &str| eprintln!("{line}")))),
        }
    }
}

#[derive(clap::Args, Debug)]
#[command(after_help = format!("Exit codes:\n  0  planned (no changes; or changes without --detailed-exitcode)\n  1  a blocking policy finding stops the plan\n  2  the run failed (bad input, login, ARM errors)\n  3  changes present (with --detailed-exitcode)\n\n{LOGIN_HELP}"))]
pub(crate) struct PlanArgs {
    /// The environment: environments/NAME, environments/NAME.tfvars or a tfharden.toml declaration.
    #[arg(long)]
    pub env: String,
    #[command(flatten)]
    pub variables: super::VarArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: PlanFormat,
    /// Exit 3 when the plan has changes.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Also list unchanged resources, and print request metrics.
    #[arg(short, long)]
    pub verbose: bool,
    /// Location of the deployment record (default: the first resource group's location).
    #[arg(long)]
    pub location: Option<String>,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(clap::Args, Debug)]
#[command(after_help = format!("Exit codes:\n  0  applied, or nothing to apply\n  1  refused: a blocking policy finding, or the confirmation was declined\n  2  the run or the deployment failed\n  130  interrupted: the deployment goes on in Azure; run apply again to follow it\n\n{LOGIN_HELP}"))]
pub(crate) struct ApplyArgs {
    /// The environment: environments/NAME, environments/NAME.tfvars or a tfharden.toml declaration.
    #[arg(long)]
    pub env: String,
    #[command(flatten)]
    pub variables: super::VarArgs,
    /// Apply without asking (required without a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// Let blocking findings below critical through; needs --reason, which is recorded.
    #[arg(long, requires = "reason")]
    pub allow_findings: bool,
    /// Why findings are allowed (recorded in .tfharden/audit.jsonl).
    #[arg(long, requires = "allow_findings")]
    pub reason: Option<String>,
    /// List unchanged resources too, and print request metrics.
    #[arg(short, long)]
    pub verbose: bool,
    /// Location of the deployment record (default: the first resource group's location).
    #[arg(long)]
    pub location: Option<String>,
    /// Cancel the running deployment of this configuration instead of applying.
    #[arg(long, conflicts_with_all = ["auto_approve", "allow_findings"])]
    pub cancel: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(clap::Args, Debug)]
#[command(after_help = format!("Exit codes:\n  0  every check passed\n  2  a check failed\n\n{LOGIN_HELP}"))]
pub(crate) struct DoctorArgs {
    /// The environment: environments/NAME, environments/NAME.tfvars or a tfharden.toml declaration.
    #[arg(long)]
    pub env: String,
    #[command(flatten)]
    pub variables: super::VarArgs,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub(super) fn run_plan(args: &PlanArgs, vars: Vec<CliVar>, runtime: RuntimeFactory) -> u8 {
    let options = PlanOptions {
        target: Target {
            environment: args.env.clone(),
            vars,
            connect: args.connect.options(),
            location: args.location.clone(),
        },
        format: args.format,
        detailed_exitcode: args.detailed_exitcode,
        verbose: args.verbose,
    };
    plan::run(&options, runtime)
}

pub(super) fn run_apply(args: &ApplyArgs, vars: Vec<CliVar>, runtime: RuntimeFactory) -> u8 {
    let allow = if args.allow_findings { args.reason.clone().filter(|r| !r.trim().is_empty()) } else { None };
    if args.allow_findings && allow.is_none() {
        eprintln!("tfharden: --allow-findings needs a non-empty --reason");
        return 2;
    }
    let options = ApplyOptions {
        target: Target {
            environment: args.env.clone(),
            vars,
            connect: args.connect.options(),
            location: args.location.clone(),
        },
        auto_approve: args.auto_approve,
        allow_findings: allow,
        verbose: args.verbose,
        cancel: args.cancel,
    };
    apply::run(&options, runtime)
}

pub(super) fn run_doctor(args: &DoctorArgs, vars: Vec<CliVar>, runtime: RuntimeFactory) -> u8 {
    let target = Target { environment: args.env.clone(), vars, connect: args.connect.options(), location: None };
    doctor::run(&DoctorOptions { target }, runtime)
}
