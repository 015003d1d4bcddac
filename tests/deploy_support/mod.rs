//! Running the real `tfharden` binary against the local fake Azure: a throwaway copy of the
//! repository (so `.tfharden/` records land there), a clean environment with only the
//! variables a pipeline would set, and helpers to read what came out.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::fake_azure::{
    FakeAzure, ADO_ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, GITHUB_REQUEST_TOKEN, SERVICE_CONNECTION_ID, SUBSCRIPTION,
    TENANT,
};

/// A sensitive value that must never appear in any output, log or record.
pub const CANARY: &str = "CANARY-7f3e9b1c5d2a4e6f";

/// A copy of the repository's environments, modules and policies in a temp dir.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

impl Repo {
    /// The repository, with a sensitive variable `canary` written into a Key Vault secret of
    /// the development environment.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
        for part in ["environments", "modules", "policies"] {
            copy_dir(&source.join(part), &dir.path().join(part));
        }
        std::fs::write(
            dir.path().join("environments/development/canary.tf"),
            r#"variable "canary" {
  type      = string
  sensitive = true
}

resource "azurerm_key_vault_secret" "canary" {
  name            = "canary"
  value           = var.canary
  key_vault_id    = module.platform.key_vault_id
  content_type    = "text/plain"
  expiration_date = "2027-12-31T00:00:00Z"
}
"#,
        )
        .expect("canary.tf");
        Repo { dir }
    }

    /// A copy of one fixture folder (with a `.git`, so it is its own repository).
    pub fn from_fixture(fixture: &str) -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
        copy_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture), dir.path());
        Repo { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn tfvars(&self) -> PathBuf {
        self.path().join("environments/development/terraform.tfvars")
    }

    /// Replaces `from` by `to` in the development tfvars.
    pub fn edit_tfvars(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.tfvars()).expect("tfvars");
        assert!(text.contains(from), "tfvars has no {from:?}");
        std::fs::write(self.tfvars(), text.replacen(from, to, 1)).expect("write tfvars");
    }

    /// Everything tfharden wrote under `.tfharden/`, gzipped snapshots unpacked.
    pub fn records(&self) -> String {
        let mut out = String::new();
        let root = self.path().join(".tfharden");
        for entry in walk(&root) {
            let bytes = std::fs::read(&entry).expect("record");
            if entry.extension().is_some_and(|e| e == "gz") {
                use std::io::Read;
                let mut text = String::new();
                flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).expect("gunzip");
                out.push_str(&text);
            } else {
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        out
    }

    pub fn audit_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.path().join(".tfharden/audit.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
            .collect()
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// How the child logs in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Login {
    ClientSecret,
    GitHub,
    Ado,
    OidcToken,
    OidcFile,
    Msi,
    Cli,
}

/// Environment variables for `login` against `fake` (plus the common ones).
pub fn login_env(fake: &FakeAzure, login: Login, scratch: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("ARM_SUBSCRIPTION_ID".into(), SUBSCRIPTION.into()),
        ("ARM_TENANT_ID".into(), TENANT.into()),
        ("ARM_CLIENT_ID".into(), CLIENT_ID.into()),
        ("ARM_USE_CLI".into(), "false".into()),
    ];
    let oidc = ("ARM_USE_OIDC".to_string(), "true".to_string());
    match login {
        Login::ClientSecret => env.push(("ARM_CLIENT_SECRET".into(), CLIENT_SECRET.into())),
        Login::GitHub => {
            env.push(oidc);
            env.push(("ACTIONS_ID_TOKEN_REQUEST_URL".into(), fake.github_request_url()));
            env.push(("ACTIONS_ID_TOKEN_REQUEST_TOKEN".into(), GITHUB_REQUEST_TOKEN.into()));
        }
        Login::Ado => {
            env.push(oidc);
            env.push(("ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID".into(), SERVICE_CONNECTION_ID.into()));
            env.push(("SYSTEM_ACCESSTOKEN".into(), ADO_ACCESS_TOKEN.into()));
            env.push(("SYSTEM_OIDCREQUESTURI".into(), fake.ado_request_url()));
        }
        Login::OidcToken | Login::OidcFile => {
            let assertion = fetch_github_assertion(fake);
            env.push(oidc);
            if login == Login::OidcToken {
                env.push(("ARM_OIDC_TOKEN".into(), assertion));
            } else {
                let file = scratch.join("oidc-token");
                std::fs::write(&file, assertion).expect("token file");
                env.push(("ARM_OIDC_TOKEN_FILE_PATH".into(), file.display().to_string()));
            }
        }
        Login::Msi => {
            env.retain(|(k, _)| k != "ARM_CLIENT_ID");
            env.push(("ARM_USE_MSI".into(), "true".into()));
            env.push(("IDENTITY_ENDPOINT".into(), fake.msi_endpoint()));
            env.push(("IDENTITY_HEADER".into(), FakeAzure::MSI_HEADER.into()));
        }
        Login::Cli => {
            env.retain(|(k, _)| k != "ARM_USE_CLI");
            // A stand-in `az` that gets its token from the fake with the client secret, as
            // `az account get-access-token` would from its own login.
            let bin = scratch.join("bin");
            std::fs::create_dir_all(&bin).expect("bin");
            let token = fetch_access_token(fake);
            let script = format!(
                "#!/bin/sh\necho '{{\"accessToken\": \"{token}\", \"expires_on\": {}, \"tokenType\": \"Bearer\", \"subscription\": \"{SUBSCRIPTION}\", \"tenant\": \"{TENANT}\"}}'\n",
                now_secs() + 3600
            );
            let az = bin.join("az");
            std::fs::write(&az, script).expect("az");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            env.push(("PATH".into(), format!("{}:/usr/bin:/bin", bin.display())));
        }
    }
    env
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs()
}

fn fetch_github_assertion(fake: &FakeAzure) -> String {
    fake.mint_assertion()
}

fn fetch_access_token(fake: &FakeAzure) -> String {
    fake.mint_access_token()
}

/// The environment `tfharden` runs with against `fake`, and nothing else: the login's
/// variables, the fake's endpoints and CA, short retry delays, no proxy, and the canary.
pub fn environment(repo: &Repo, fake: &FakeAzure, login: Login) -> Vec<(String, String)> {
    let scratch = repo.path().join(".scratch");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let mut env: Vec<(String, String)> = [
        ("PATH", "/usr/bin:/bin".to_string()),
        ("HOME", scratch.display().to_string()),
        ("USER", "test-user".to_string()),
        ("NO_PROXY", "127.0.0.1,localhost".to_string()),
        ("TFHARDEN_ARM_ENDPOINT", fake.url()),
        ("TFHARDEN_AUTHORITY_HOST", fake.url()),
        ("TFHARDEN_CA_BUNDLE", fake.ca_pem_path().display().to_string()),
        ("TFHARDEN_RETRY_DELAY_MS", "50".to_string()),
        ("TFHARDEN_POLL_INTERVAL_MS", "200".to_string()),
        ("TF_VAR_canary", CANARY.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    env.extend(login_env(fake, login, &scratch));
    env
}

/// The `tfharden` command in `repo`, with a clean environment (see [`environment`]).
pub fn command(repo: &Repo, fake: &FakeAzure, login: Login, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tfharden"));
    cmd.current_dir(repo.path()).args(args).env_clear().envs(environment(repo, fake, login)).stdin(Stdio::null());
    cmd
}

/// Runs `tfharden ARGS` inside this test process, as the binary would run in `repo` with
/// [`environment`] plus `extra_env`, making its requests on the runtime `runtime` builds (a
/// paused clock). It sets this process's current directory and environment, so runs are
/// serialised: one at a time per test binary. Output goes to the test's own stdout and stderr.
pub fn run_in_this_process(
    repo: &Repo,
    fake: &FakeAzure,
    login: Login,
    args: &[&str],
    extra_env: &[(&str, &str)],
    runtime: tfharden::RuntimeFactory,
) -> u8 {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut env = environment(repo, fake, login);
    env.extend(extra_env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    for (name, _) in std::env::vars_os() {
        std::env::remove_var(name);
    }
    for (name, value) in env {
        std::env::set_var(name, value);
    }
    std::env::set_current_dir(repo.path()).expect("enter the repository copy");
    let argv = std::iter::once("tfharden").chain(args.iter().copied()).map(std::ffi::OsString::from);
    tfharden::cli_main_with(argv, runtime)
}

/// Runs to the end; returns (exit code, stdout, stderr).
pub fn run(repo: &Repo, fake: &FakeAzure, login: Login, args: &[&str]) -> (i32, String, String) {
    let out: Output = command(repo, fake, login, args).output().expect("tfharden runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stdout.contains(CANARY) && !stderr.contains(CANARY), "the canary leaked:\n{stdout}\n{stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Starts without waiting.
pub fn spawn(repo: &Repo, fake: &FakeAzure, login: Login, args: &[&str]) -> Child {
    command(repo, fake, login, args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("tfharden starts")
}
