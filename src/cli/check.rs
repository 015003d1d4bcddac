//! `tfharden check`: evaluate root modules, run the hardening rules, report, and exit 0 (clean),
//! 1 (blocking findings) or 2 (the run failed).

use std::io::IsTerminal;
use std::path::PathBuf;

use super::skip_paths::SkipPaths;
use super::target::{all_environments, environment, report};
use crate::diagnostic::codes;
use crate::diagnostic::render_human;
use crate::eval::{CliVar, Strictness};
use crate::load::environments;
use crate::policy::custom::CustomRules;
use crate::policy::finding::{Severity, Status};
use crate::policy::profile::{self, Profile, ProfileError};
use crate::policy::report::{self, Format};
use crate::policy::runner::{check_plan, check_root_modules, CheckRun, Options, Target, Verdict};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit codes:\n  0  no blocking finding\n  1  blocking findings (at or above --fail-on / the profile's threshold)\n  2  the run failed: bad input, evaluation errors, an invalid profile or bad arguments"
)]
pub(crate) struct CheckArgs {
    /// Root module directories (default: the current directory). A directory without .tf files
    /// of its own is searched for root modules, as with --recursive.
    pub paths: Vec<PathBuf>,
    /// Check the environment NAME (environments/NAME, environments/NAME.tfvars or tfharden.toml).
    #[arg(long, conflicts_with_all = ["paths", "all_envs"])]
    pub env: Option<String>,
    /// Check every environment (see --env).
    #[arg(long)]
    pub all_envs: bool,
    /// Report format, and the FILE to write it to (repeatable): human, json, sarif, junit or
    /// github; `--format sarif=tfharden.sarif --format junit=tfharden.xml --format human`. At
    /// most one format without FILE, which goes to standard output (or --output); when none
    /// does, standard output gets a one-line summary.
    #[arg(long = "format", value_name = "FMT[=FILE]", value_parser = parse_format, default_value = "human")]
    pub formats: Vec<(Format, Option<PathBuf>)>,
    /// Write the report of the --format without FILE to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Check every root module below each PATH.
    #[arg(long)]
    pub recursive: bool,
    /// Lowest severity that blocks (exit 1): low, medium, high, critical. Default: the
    /// profile's threshold (high).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Report what inline suppressions and profile exemptions would have hidden.
    #[arg(long)]
    pub no_suppressions: bool,
    /// Use this profile for every environment instead of the policies/ folder.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// PATHs are changed files: check only the root modules whose configuration includes them
    /// (for pre-commit).
    #[arg(long)]
    pub changed_files: bool,
    /// Report blocking findings but exit 0 (the run still exits 2 when it fails).
    #[arg(long)]
    pub soft_fail: bool,
    /// Run only these rules (repeatable, or comma-separated; `*` is a wildcard): `--rule STG001,NET*`.
    #[arg(long = "rule", value_name = "ID", value_delimiter = ',')]
    pub rules: Vec<String>,
    /// Do not run these rules (repeatable, or comma-separated; `*` is a wildcard).
    #[arg(long = "skip-rule", value_name = "ID", value_delimiter = ',')]
    pub skip_rules: Vec<String>,
    /// Also write the report in FORMAT to FILE (repeatable): `--report sarif=tfharden.sarif
    /// --report junit=tfharden.xml`. The --format report still goes to standard output (or
    /// --output).
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<(Format, PathBuf)>,
    /// Print no warnings on standard error (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Leave out paths matching GLOB (repeatable): root modules found below a PATH, changed
    /// files, and the files SEC001 scans. Matched relative to the repository root and to each
    /// PATH; a GLOB without / matches a name at any depth (`examples`); `**` crosses folders.
    #[arg(long = "skip-path", value_name = "GLOB")]
    pub skip_paths: Vec<String>,
    /// Report the findings FILE lists as baseline: shown, never blocking. An entry no finding
    /// matches any more is said in a notice. FILE is written by --create-baseline.
    #[arg(long, value_name = "FILE", conflicts_with = "create_baseline")]
    pub baseline: Option<PathBuf>,
    /// Write the findings of this run (failed and unknown, not suppressed) to FILE as a
    /// baseline; the run reports and exits as usual.
    #[arg(long, value_name = "FILE")]
    pub create_baseline: Option<PathBuf>,
    /// Colour: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR colours a pipe too),
    /// always or never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Check the Terraform JSON plan FILE (`terraform show -json tfplan > FILE`) instead of
    /// configuration: its planned values, with what is known only after apply as unknown.
    /// --env NAME names the environment (and so its profile); default "plan".
    /// With one PATH (the root module the plan was made from), findings point at its .tf files.
    /// The plan already fixed its variables: not with --var or --var-file.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["recursive", "changed_files", "all_envs", "vars", "var_files"])]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub variables: super::VarArgs,
}

/// When reports and diagnostics are coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that `is_terminal` or not. Under `auto`, NO_COLOR (set and not
    /// empty: https://no-color.org) turns colour off, else FORCE_COLOR (set, not empty and not
    /// `0`: https://force-color.org) turns it on even into a pipe or file; the flag's `always`
    /// and `never` beat both, as both conventions ask of a command-line argument.
    pub(crate) fn enabled(self, is_terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR").is_some() => false,
            ColorChoice::Auto => set("FORCE_COLOR").is_some_and(|v| v != "0") || is_terminal,
        }
    }
}

/// `--format FMT` or `--format FMT=FILE`.
fn parse_format(text: &str) -> Result<(Format, Option<PathBuf>), String> {
    let (format, file) = match text.split_once('=') {
        Some((format, file)) => (format, Some(file)),
        None => (text, None),
    };
    let format = <Format as clap::ValueEnum>::from_str(format, true)
        .map_err(|_| format!("{format:?} is not a format [possible values: human, json, sarif, junit, github]"))?;
    match file {
        Some("") => Err(format!("{text:?} names no file (FMT=FILE)")),
        Some(file) => Ok((format, Some(PathBuf::from(file)))),
        None => Ok((format, None)),
    }
}

fn parse_report(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) =
        text.split_once('=').ok_or_else(|| format!("{text:?} is not FORMAT=FILE (sarif=tfharden.sarif)"))?;
    let format = <Format as clap::ValueEnum>::from_str(format, true)
        .map_err(|_| format!("{format:?} is not a format: human, json, sarif, junit or github"))?;
    if file.is_empty() {
        return Err(format!("{text:?} names no file"));
    }
    Ok((format, PathBuf::from(file)))
}

/// Checks `--rule`/`--skip-rule` ids against the registry (custom `custom.*` rules pass).
fn known_rule_ids(ids: &[String]) -> Result<(), u8> {
    for id in ids {
        if id.starts_with("custom.") || crate::policy::registry::find_rule(id).is_some() {
            continue;
        }
        if id.contains('*') {
            if crate::policy::registry::all_rules().iter().any(|r| names_rule(id, r.id)) {
                continue;
            }
            return Err(fail(format!("no rule matches {id:?}"), "`tfharden rules` lists every rule id"));
        }
        let close = crate::policy::registry::close_ids(id);
        let hint = if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) };
        return Err(fail(format!("no rule {id:?}{hint}"), "`tfharden rules` lists every rule id"));
    }
    Ok(())
}

/// Whether a `--rule` / `--skip-rule` entry names `rule`: an id, or a glob where `*` stands
/// for any run of characters (`NET*`, `*001`), compared without regard to case.
fn names_rule(pattern: &str, rule: &str) -> bool {
    crate::policy::profile::wildcard_match(&pattern.to_ascii_uppercase(), &rule.to_ascii_uppercase())
}

/// Whether the command line selects `rule` (`--rule`, `--skip-rule`).
fn selected(rule: &str, only: &[String], skip: &[String]) -> bool {
    (only.is_empty() || only.iter().any(|id| names_rule(id, rule))) && !skip.iter().any(|id| names_rule(id, rule))
}

/// Keeps the findings of the rules the command line selects (`--rule`, `--skip-rule`).
fn select_rules(run: &mut CheckRun, only: &[String], skip: &[String]) {
    if only.is_empty() && skip.is_empty() {
        return;
    }
    let wanted = |rule: &str| selected(rule, only, skip);
    for report in &mut run.reports {
        report.findings.retain(|f| wanted(&f.rule));
        report.severities.retain(|id, _| wanted(id));
    }
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text).ok_or_else(|| format!("{text:?} is not a severity: low, medium, high or critical"))
}

fn fail(message: String, help: &str) -> u8 {
    let d = crate::diagnostic::Diagnostic::error(codes::Cli::Check, message).help(help);
    eprintln!("{}", render_human(&d, &crate::source::SourceMap::new(), std::io::stderr().is_terminal()));
    2
}

fn report_profile_error(e: &ProfileError) -> u8 {
    let (d, sources) = e.to_diagnostic();
    eprintln!("{}", render_human(&d, &sources, std::io::stderr().is_terminal()));
    2
}

/// A PATH target: named after its directory; an `environments/NAME` directory names its
/// environment, and one that holds only variable files is that environment.
fn path_target(dir: PathBuf) -> Result<Target, u8> {
    match environments::of_folder(&dir) {
        Some(Ok(environment)) => return Ok(Target::environment(&environment)),
        Some(Err(d)) => return Err(report(&d, &crate::source::SourceMap::new())),
        None => {}
    }
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    let name = canonical.file_name().and_then(|n| n.to_str()).unwrap_or("root").to_string();
    let declared = canonical
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .is_some_and(|n| environments::FOLDERS.contains(&n));
    Ok(Target::directory(dir, name, Strictness::BareModule, declared))
}

/// The root modules whose configuration includes one of `files`: a file in the root module's
/// directory or in a directory of a module it calls.
pub fn roots_for_changed_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let changed: Vec<PathBuf> = files.iter().filter_map(|f| cwd.join(f).canonicalize().ok()).collect();
    let Some(first) = changed.first() else { return Vec::new() };
    let repo = crate::load::find_repo_root(first.parent().unwrap_or(first));
    let policy_changed = changed.iter().any(|f| f.starts_with(repo.join("policies")));
    // One parse of each file for the module-call graph, not a load of every root.
    let mut graph = crate::load::ModuleGraph::under(&repo);
    let mut roots = Vec::new();
    for root in graph.roots() {
        let dirs = graph.reached_from(&root, &repo);
        if policy_changed || changed.iter().any(|f| f.parent().is_some_and(|p| dirs.contains(p))) {
            roots.push(root);
        }
    }
    roots
}

/// What `--changed-files` checks: each affected root module; where environments share the root
/// module (the single-root layout), each of those environments instead; and every environment
/// whose own variable or backend files changed.
fn changed_file_targets(files: &[PathBuf], skip: &mut SkipPaths) -> Result<Vec<Target>, u8> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let files = skip.filter_changed_files(files.to_vec());
    let changed: Vec<PathBuf> = files.iter().filter_map(|f| cwd.join(f).canonicalize().ok()).collect();
    let is_changed = |f: &PathBuf| f.canonicalize().is_ok_and(|f| changed.contains(&f));
    let shared: Vec<environments::Environment> = environments::all(&cwd, &mut crate::source::SourceMap::new())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| !e.var_files.is_empty())
        .collect();
    let mut out: Vec<Target> = Vec::new();
    let mut add = |target: Target| {
        if !out.iter().any(|t| t.environment == target.environment && t.dir == target.dir) {
            out.push(target);
        }
    };
    for root in skip.filter_roots(roots_for_changed_files(&files)) {
        let real = root.canonicalize().unwrap_or_else(|_| root.clone());
        let served: Vec<&environments::Environment> =
            shared.iter().filter(|e| e.root.canonicalize().is_ok_and(|r| r == real)).collect();
        if served.is_empty() {
            add(path_target(root)?);
        }
        served.into_iter().for_each(|e| add(Target::environment(e)));
    }
    for environment in shared.iter().filter(|e| e.var_files.iter().chain(&e.backend_files).any(is_changed)) {
        add(Target::environment(environment));
    }
    Ok(out)
}

/// The root module a `--plan FILE` stands for: PATH, else the plan's directory, named by
/// `--env` (whose profile it takes when the environment exists) or "plan".
fn plan_target(plan: &std::path::Path, path: Option<&PathBuf>, env: Option<&str>) -> Target {
    let dir = match path {
        Some(path) => path.clone(),
        None => plan.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).to_path_buf(),
    };
    let mut target = Target::directory(dir, env.unwrap_or("plan").to_string(), Strictness::Environment, env.is_some());
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(Ok(found)) = env.map(|name| environments::find(name, &cwd, &mut crate::source::SourceMap::new())) {
        target.profile = found.profile;
    }
    target
}

/// Whether [`targets`] searches for root modules (`--recursive`, `--changed-files`, a PATH
/// without configuration files of its own).
fn discovers_roots(args: &CheckArgs) -> bool {
    let bare = |p: &PathBuf| environments::of_folder(p).is_none() && !environments::has_config_files(p);
    let searched = args.recursive || args.paths.iter().any(bare) || (args.paths.is_empty() && bare(&".".into()));
    args.plan.is_none() && args.env.is_none() && !args.all_envs && (args.changed_files || searched)
}

fn targets(args: &CheckArgs, skip: &mut SkipPaths) -> Result<Vec<Target>, u8> {
    if let Some(plan) = &args.plan {
        if args.paths.len() > 1 || args.paths.first().is_some_and(|p| !p.is_dir()) {
            return Err(fail(
                "--plan takes at most one PATH: the directory of the root module the plan was made from".into(),
                "tfharden check PATH --plan tfplan.json",
            ));
        }
        return Ok(vec![plan_target(plan, args.paths.first(), args.env.as_deref())]);
    }
    if let Some(env) = &args.env {
        return Ok(vec![Target::environment(&environment(env)?)]);
    }
    if args.all_envs {
        let all = all_environments()?;
        if all.is_empty() {
            return Err(fail(
                "--all-envs: no environments here or above (environments/, envs/ or tfharden.toml)".into(),
                "run tfharden inside the repository",
            ));
        }
        return Ok(all.iter().map(Target::environment).collect());
    }
    if args.changed_files {
        return changed_file_targets(&args.paths, skip);
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            return Err(fail(
                format!("{} is not a directory", path.display()),
                "pass root module directories, or --env NAME",
            ));
        }
        let search =
            environments::of_folder(&path).is_none() && (args.recursive || !environments::has_config_files(&path));
        if !search {
            out.extend(skip.filter_roots(vec![path]).into_iter().map(path_target).collect::<Result<Vec<_>, u8>>()?);
            continue;
        }
        let found = crate::load::root_modules_under(&path);
        if found.is_empty() {
            return Err(fail(
                format!("no root module under {}", path.display()),
                "a root module is a directory with .tf files",
            ));
        }
        for root in skip.filter_roots(found) {
            out.push(path_target(root)?);
        }
    }
    if out.is_empty() && !skip.is_empty() {
        // Checking nothing is never a clean result.
        return Err(fail(
            "--skip-path left out every root module: nothing would be checked".into(),
            "narrow the --skip-path globs, or check another PATH",
        ));
    }
    Ok(out)
}

pub(crate) fn run(args: &CheckArgs, vars: Vec<CliVar>) -> u8 {
    if let Err(code) = known_rule_ids(&args.rules).and_then(|()| known_rule_ids(&args.skip_rules)) {
        return code;
    }
    // The format shown on standard output (or written to --output), and the files to write.
    let unnamed: Vec<Format> = args.formats.iter().filter(|(_, file)| file.is_none()).map(|(f, _)| *f).collect();
    if unnamed.len() > 1 {
        return fail(
            "more than one --format without FILE: only one report can go to standard output".into(),
            "give the others a file: --format sarif=tfharden.sarif",
        );
    }
    let shown = unnamed.first().copied();
    if shown.is_none() && args.output.is_some() {
        return fail(
            "--output names the file of the --format without FILE, and every --format has one".into(),
            "write --format FMT=FILE, or --format FMT --output FILE",
        );
    }
    let files: Vec<(Format, &PathBuf)> = args
        .formats
        .iter()
        .filter_map(|(format, file)| file.as_ref().map(|file| (*format, file)))
        .chain(args.reports.iter().map(|(format, file)| (*format, file)))
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let bases = if args.changed_files || args.paths.is_empty() { vec![cwd] } else { args.paths.clone() };
    let mut skip = match SkipPaths::new(&args.skip_paths, &bases) {
        Ok(skip) => skip,
        Err(message) => return fail(message, "globs: * within a folder, ** across folders, ?, [abc], {a,b}"),
    };
    let baseline = match &args.baseline {
        Some(path) => match crate::policy::baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                let (d, sources) = *e;
                return report(&d, &sources);
            }
        },
        None => None,
    };
    // Root discovery parses every file for its module calls; where it runs, the roots it finds
    // reuse those trees (one parse per file for the whole run).
    let _shared_parses = discovers_roots(args).then(crate::load::SharedParses::begin);
    let targets = match targets(args, &mut skip) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let explicit = match &args.profile {
        Some(path) => match Profile::load(path) {
            Ok(p) => Some(p),
            Err(e) => return report_profile_error(&e),
        },
        None => None,
    };
    let profiles = match targets.first().and_then(|t| profile::find_policies_dir(&t.dir)) {
        Some(dir) if explicit.is_none() => match profile::load_dir(&dir) {
            Ok(p) => p,
            Err(e) => return report_profile_error(&e),
        },
        _ => Vec::new(),
    };
    let custom = match targets.first().and_then(|t| profile::find_policies_dir(&t.dir)) {
        Some(dir) => match CustomRules::load(&dir.join("custom")) {
            Ok(c) => c,
            Err(d) => {
                let (d, sources) = *d;
                eprintln!("{}", render_human(&d, &sources, std::io::stderr().is_terminal()));
                return 2;
            }
        },
        None => CustomRules::default(),
    };
    let environment: Vec<(String, String)> = std::env::vars().collect();
    let options = Options {
        vars: &vars,
        env_vars: &environment,
        fail_on: args.fail_on,
        no_suppressions: args.no_suppressions,
        profile: explicit.as_ref(),
        profiles: &profiles,
        custom: &custom,
    };
    let mut run = CheckRun::default();
    let color = args.color.enabled(std::io::stderr().is_terminal());
    let mut plan_notices = Vec::new();
    let reports: Vec<_> = match &args.plan {
        Some(plan) => targets
            .iter()
            .map(|t| {
                let (report, notices) = check_plan(plan, args.paths.first().map(PathBuf::as_path), t, &options);
                plan_notices.extend(notices);
                report
            })
            .collect(),
        None => check_root_modules(&targets, &options),
    };
    for report in reports {
        for d in report.diagnostics.iter().filter(|d| !args.quiet || d.is_error()) {
            eprintln!("{}", render_human(d, &report.sources, color));
        }
        run.reports.push(report);
    }
    select_rules(&mut run, &args.rules, &args.skip_rules);
    // A plan notice about rules is said when one of them ran (the profile and the selection).
    let ran = |rule: &&str| run.reports.iter().any(|r| r.severities.contains_key(*rule));
    let said: Vec<String> =
        plan_notices.into_iter().filter(|n| n.rules.is_empty() || n.rules.iter().any(ran)).map(|n| n.text).collect();
    run.notices.extend(said);
    skip.skip_secret_findings(&mut run);
    run.notices.extend(skip.notices(!args.changed_files));
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        let ran = |rule: &str| selected(rule, &args.rules, &args.skip_rules);
        let stale = crate::policy::baseline::apply(baseline, path, &mut run, ran);
        run.notices.extend(stale);
    }
    if let Some(path) = &args.create_baseline {
        if let Err(e) = std::fs::write(path, crate::policy::baseline::create(&run)) {
            return fail(format!("cannot write {}: {e}", path.display()), "check the directory exists and is writable");
        }
    }
    // The human report on standard output says them; any other report is said here too.
    let human_on_stdout = shown == Some(Format::Human) && args.output.is_none();
    if !args.quiet && !human_on_stdout {
        for notice in &run.notices {
            eprintln!("tfharden: notice: {notice}");
        }
    }
    let code = exit_code(run.verdict(), args.soft_fail);
    for (format, path) in files {
        if let Err(e) = std::fs::write(path, report::render(&run, format, false, code)) {
            return fail(format!("cannot write {}: {e}", path.display()), "check the directory exists and is writable");
        }
    }
    let color = args.output.is_none() && args.color.enabled(std::io::stdout().is_terminal());
    let text = match (shown, &args.output) {
        (Some(format), None) => report::render(&run, format, color, code),
        (Some(format), Some(path)) => {
            if let Err(e) = std::fs::write(path, report::render(&run, format, false, code)) {
                return fail(
                    format!("cannot write {}: {e}", path.display()),
                    "check the directory exists and is writable",
                );
            }
            summary(&run, code, args.soft_fail)
        }
        (None, _) => summary(&run, code, args.soft_fail),
    };
    use std::io::Write;
    // A closed pipe (`| head`) is not an error of the check.
    let _ = std::io::stdout().write_all(text.as_bytes());
    code
}

/// The one line standard output gets when every report goes to a file: the findings that
/// block, those that do not, the unknown ones (not suppressed, not blocking), and the verdict.
fn summary(run: &CheckRun, code: u8, soft_fail: bool) -> String {
    let findings = || run.reports.iter().flat_map(|r| &r.findings).filter(|f| f.suppressed.is_none());
    let blocking = findings().filter(|f| f.blocking).count();
    let failed = findings().filter(|f| !f.blocking && f.status == Status::Fail).count();
    let unknown = findings().filter(|f| !f.blocking && f.status == Status::Unknown).count();
    let verdict = match code {
        2 => "the run failed",
        1 => "blocking findings",
        _ if soft_fail && run.verdict() == Verdict::Blocked => "blocking findings, --soft-fail",
        _ => "nothing blocks",
    };
    format!(
        "tfharden: {blocking} blocking, {failed} non-blocking, {unknown} unknown finding(s) in {} environment(s): exit {code} ({verdict})\n",
        run.reports.len()
    )
}

/// The exit code of a check run: 2 when a root could not be checked, 1 when a finding blocks
/// (0 with `--soft-fail`), else 0.
pub fn exit_code(verdict: Verdict, soft_fail: bool) -> u8 {
    match verdict {
        Verdict::Failed => 2,
        Verdict::Blocked if !soft_fail => 1,
        Verdict::Blocked | Verdict::Clean => 0,
    }
}
