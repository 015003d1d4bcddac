//! Nothing outside the repository is read: a `.tf`, tfvars, profile or Rego file that is a
//! symlink to a file outside is refused (exit 2) and nothing of the target reaches any output; a
//! `policies/` folder above the repository does not apply; `file()` refuses FIFOs; without a
//! `.git`, the filesystem root is never the boundary.

use crate::common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

const CANARY: &str = "root:x:0:0:CANARY-OUTSIDE-THE-REPOSITORY";

/// Runs the real binary: `(exit code, stdout and stderr)`.
fn tfharden(dir: &Path, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = common::run_binary(dir, args);
    (code, stdout + &stderr)
}

/// `work/outside.txt` (the secret) and `work/repo` (a git repository with one root module).
fn layout() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("outside.txt"), format!("{CANARY}\n")).expect("outside file");
    let root = work.path().join("repo/env");
    std::fs::create_dir_all(&root).expect("dirs");
    std::fs::create_dir_all(work.path().join("repo/.git")).expect(".git");
    std::fs::write(
        root.join("main.tf"),
        "resource \"azurerm_resource_group\" \"rg\" {\n  name     = \"rg\"\n  location = \"eastus\"\n}\n",
    )
    .expect("main.tf");
    work
}

fn refused_in_every_format(repo: &Path) {
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (code, out) = tfharden(repo, &["check", "env", "--format", format]);
        assert_eq!(code, 2, "{format}: {out}");
        assert!(!out.contains("CANARY"), "{format} shows the outside file:\n{out}");
        assert!(out.contains("outside the repository"), "{format}: {out}");
    }
}

#[test]
fn a_symlinked_tf_file_pointing_outside_is_refused() {
    let work = layout();
    let repo = work.path().join("repo");
    symlink(work.path().join("outside.txt"), repo.join("env/extra.tf")).expect("symlink");
    refused_in_every_format(&repo);
}

#[test]
fn a_symlinked_tfvars_file_pointing_outside_is_refused() {
    let work = layout();
    let repo = work.path().join("repo");
    for name in ["terraform.tfvars", "x.auto.tfvars"] {
        let link = repo.join("env").join(name);
        symlink(work.path().join("outside.txt"), &link).expect("symlink");
        refused_in_every_format(&repo);
        std::fs::remove_file(link).expect("unlink");
    }
}

#[test]
fn a_symlinked_profile_or_rego_file_pointing_outside_is_refused() {
    let work = layout();
    let repo = work.path().join("repo");
    std::fs::create_dir_all(repo.join("policies/custom")).expect("policies");
    let profile = repo.join("policies/default.toml");
    symlink(work.path().join("outside.txt"), &profile).expect("symlink");
    refused_in_every_format(&repo);
    std::fs::remove_file(profile).expect("unlink");
    symlink(work.path().join("outside.txt"), repo.join("policies/custom/x.rego")).expect("symlink");
    refused_in_every_format(&repo);
}

#[test]
fn a_policies_folder_above_the_repository_does_not_apply() {
    let work = layout();
    let repo = work.path().join("repo");
    // Above the repository: a profile that would allow every region and turn every rule off.
    std::fs::create_dir_all(work.path().join("policies")).expect("policies");
    std::fs::write(
        work.path().join("policies/default.toml"),
        "[profile]\nname = \"default\"\ndescription = \"outside\"\n[parameters]\nallowed_regions = [\"eastus\"]\n",
    )
    .expect("profile");
    let (code, out) = tfharden(&repo, &["check", "env", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\"GEN001\""), "the profile above the repository changed the verdict: {out}");
}

#[test]
fn file_refuses_a_fifo_instead_of_hanging() {
    let work = layout();
    let env = work.path().join("repo/env");
    let fifo = env.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    std::fs::write(env.join("read.tf"), "output \"x\" {\n  value = file(\"${path.module}/pipe\")\n}\n")
        .expect("read.tf");
    let (code, out) = tfharden(&work.path().join("repo"), &["inspect", "env", "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not a regular file"), "{out}");
}

#[test]
fn without_a_git_folder_the_filesystem_root_is_no_boundary() {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("main.tf"), "output \"x\" {\n  value = file(\"/etc/passwd\")\n}\n")
        .expect("main.tf");
    let dir = work.path().to_str().unwrap_or_default().to_string();
    let (code, out) = tfharden(Path::new("/"), &["inspect", &dir, "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("outside the repository") && !out.contains("root:x:0:0"), "{out}");
}

#[test]
fn an_unpacked_archive_without_git_reaches_the_modules_its_examples_call() {
    let work = tempfile::tempdir().expect("temp dir");
    let archive = work.path().join("archive");
    std::fs::create_dir_all(archive.join("examples/default")).expect("dirs");
    std::fs::write(
        archive.join("main.tf"),
        "variable \"name\" {\n  type = string\n}\n\noutput \"name\" {\n  value = var.name\n}\n",
    )
    .expect("module");
    std::fs::write(
        archive.join("examples/default/main.tf"),
        "module \"this\" {\n  source = \"../../\"\n  name   = \"x\"\n}\n\noutput \"name\" {\n  value = module.this.name\n}\n",
    )
    .expect("example");
    // From the filesystem root, with an absolute path: the boundary is what the sources need.
    let path = archive.join("examples/default");
    let (code, out) = tfharden(Path::new("/"), &["inspect", path.to_str().unwrap_or_default(), "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"value\": \"x\""), "{out}");
    // A symlinked .tf in such an archive is still refused.
    std::fs::write(work.path().join("secret.tf"), format!("# {CANARY}\n")).expect("outside");
    symlink(work.path().join("secret.tf"), archive.join("examples/default/extra.tf")).expect("symlink");
    let (code, out) = tfharden(Path::new("/"), &["inspect", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("CANARY"), "{out}");
}
