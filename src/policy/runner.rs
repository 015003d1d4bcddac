//! Runs the rules over root modules: evaluate, compile to ARM, choose the profile, run every
//! enabled rule, place the outcomes (trace to tfvars), apply suppressions and exemptions, and
//! decide what blocks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::context::{Checks, Context};
use super::coverage::{coverage, Coverage};
use super::finding::{module_chain, Finding, Note, Outcome, Severity, Status};
use super::profile::Profile;
use super::registry::all_rules;
use super::suppress;
use super::trace::{trace, Tfvars};
use crate::arm::{compile_evaluation, evaluate_for_arm, ArmModel};
use crate::config::Config;
use crate::diagnostic::codes;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::{CliVar, Evaluation, Strictness};
use crate::load::environments::{Environment, NamedProfile};
use crate::source::{FileId, Site, SourceMap};

/// Id of the finding for a malformed inline suppression.
pub(crate) const MALFORMED_SUPPRESSION: &str = "TFH001";
/// Id of the finding for an expired inline suppression or profile exemption.
pub(crate) const EXPIRED_EXEMPTION: &str = "TFH002";

/// One root module to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub dir: PathBuf,
    /// The environment name: `--env NAME`, else the directory's name.
    pub environment: String,
    pub strictness: Strictness,
    /// The environment was named (`--env`, `environments/NAME`), not taken from any directory.
    pub declared: bool,
    /// The environment's variable files, applied before the command line's (`-var-file`).
    pub var_files: Vec<PathBuf>,
    /// The environment's backend configuration files, besides the root module's own.
    pub backend_files: Vec<PathBuf>,
    /// The profile `tfharden.toml` names for the environment.
    pub profile: Option<NamedProfile>,
}

impl Target {
    /// The root module of `environment`, strict about missing variables as Terraform's plan is.
    pub fn environment(environment: &Environment) -> Target {
        Target {
            dir: environment.root.clone(),
            environment: environment.name.clone(),
            strictness: Strictness::Environment,
            declared: true,
            var_files: environment.var_files.clone(),
            backend_files: environment.backend_files.clone(),
            profile: environment.profile.clone(),
        }
    }

    /// A root module directory checked as it is, named `environment`.
    pub fn directory(dir: PathBuf, environment: String, strictness: Strictness, declared: bool) -> Target {
        Target {
            dir,
            environment,
            strictness,
            declared,
            var_files: Vec::new(),
            backend_files: Vec::new(),
            profile: None,
        }
    }

    /// The variables of the run: the environment's files, then the command line's.
    pub fn variables(&self, cli: &[CliVar]) -> Vec<CliVar> {
        CliVar::after_files(&self.var_files, cli)
    }
}

/// How a check runs.
pub struct Options<'a> {
    pub vars: &'a [CliVar],
    pub env_vars: &'a [(String, String)],
    /// `--fail-on`: overrides the profile's threshold.
    pub fail_on: Option<Severity>,
    pub no_suppressions: bool,
    /// `--profile FILE`: used for every environment.
    pub profile: Option<&'a Profile>,
    /// The profiles of the `policies/` folder.
    pub profiles: &'a [Profile],
    pub custom: &'a super::custom::CustomRules,
}

/// The result of checking one root module.
#[derive(Debug)]
pub struct EnvironmentReport {
    pub environment: String,
    pub dir: PathBuf,
    pub profile: String,
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
    /// Failed and unknown evaluations, suppressed ones included (marked).
    pub findings: Vec<Finding>,
    /// Rule evaluations (pass, fail and unknown): the risk score's denominator.
    pub evaluated: usize,
    /// The run failed for this root module (exit 2): it could not be loaded, or its
    /// evaluation had errors.
    pub failed: bool,
    /// The rules ran. A root whose evaluation had errors is still checked where the errors do
    /// not reach (the values they break are Unknown); one that could not be loaded, or whose
    /// profile is missing, is not.
    pub checked: bool,
    pub repo_root: PathBuf,
    /// Every managed resource instance: modelled or not, and how many rules looked at it.
    pub resources: Vec<Coverage>,
    /// The profile's `not_modelled = "block"`.
    pub not_modelled_blocks: bool,
    /// The severity of every built-in rule the profile runs, after its overrides (what SARIF
    /// rates this environment's alerts by).
    pub severities: BTreeMap<String, Severity>,
    /// The findings (indices) a `--baseline` file lists: shown, never blocking.
    pub baseline: std::collections::BTreeSet<usize>,
}

impl EnvironmentReport {
    /// `(10 x failed critical/high + 5 x failed medium/low and unknown) / evaluations`, 0..10.
    pub fn risk_score(&self) -> f64 {
        if self.evaluated == 0 {
            return 0.0;
        }
        let mut weight = 0usize;
        for f in self.findings.iter().filter(|f| f.suppressed.is_none()) {
            weight += match (f.status, f.severity) {
                (Status::Fail, Severity::Critical | Severity::High) => 10,
                _ => 5,
            };
        }
        (weight as f64 / self.evaluated as f64).min(10.0)
    }

    /// The level of the score, but never below the severity of the worst failed (and not
    /// suppressed) finding: one critical failure among hundreds of passes is still CRITICAL.
    pub fn risk_level(&self) -> &'static str {
        let worst = self
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none() && f.status == Status::Fail)
            .map(|f| f.severity)
            .max();
        let floor = match worst {
            Some(Severity::Critical) => "CRITICAL",
            Some(Severity::High) => "HIGH",
            Some(Severity::Medium) => "MEDIUM",
            _ => "LOW",
        };
        let rank = |level: &str| LEVELS.iter().position(|l| *l == level).unwrap_or(0);
        let by_score = risk_level(self.risk_score());
        if rank(floor) > rank(by_score) {
            floor
        } else {
            by_score
        }
    }

    pub fn blocking(&self) -> usize {
        self.findings.iter().filter(|f| f.blocking).count()
    }

    /// Azure instances the model does not compile.
    pub fn not_modelled(&self) -> impl Iterator<Item = &Coverage> + '_ {
        self.resources.iter().filter(|r| r.is_gap())
    }

    /// Whether what was not modelled blocks (the profile's `not_modelled = "block"`).
    pub fn not_modelled_blocking(&self) -> bool {
        self.not_modelled_blocks && self.not_modelled().next().is_some()
    }
}

/// The risk levels, lowest first.
const LEVELS: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/// LOW < 2, MEDIUM 2-5, HIGH 5-8, CRITICAL >= 8.
pub(crate) fn risk_level(score: f64) -> &'static str {
    match score {
        s if s >= 8.0 => "CRITICAL",
        s if s >= 5.0 => "HIGH",
        s if s >= 2.0 => "MEDIUM",
        _ => "LOW",
    }
}

/// Every root module checked in one run.
#[derive(Debug, Default)]
pub struct CheckRun {
    pub reports: Vec<EnvironmentReport>,
    /// What the run left out or noticed on the way (`--skip-path`, a stale baseline entry),
    /// said once by every report.
    pub notices: Vec<String>,
}

impl CheckRun {
    /// 2 when a module could not be checked, 1 when a finding blocks, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.reports.iter().any(|r| r.failed) {
            2
        } else if self.reports.iter().any(|r| r.blocking() > 0 || r.not_modelled_blocking()) {
            1
        } else {
            0
        }
    }
}

/// A checked root module: the report, and the ARM model it checked with the evaluation it
/// came from (`None` when the root failed). plan and apply deploy exactly this model.
pub(crate) struct CheckedRoot {
    pub report: EnvironmentReport,
    pub model: Option<ArmModel>,
    pub evaluation: Option<Evaluation>,
}

/// Checks one root module.
pub fn check_root_module(target: &Target, options: &Options) -> EnvironmentReport {
    check_root(target, options).report
}

/// Loads, evaluates, compiles and checks one root module: the one pipeline behind `check`,
/// `plan` and `apply`.
pub(crate) fn check_root(target: &Target, options: &Options) -> CheckedRoot {
    let vars = target.variables(options.vars);
    let mut evaluated = evaluate_for_arm(&target.dir, &vars, options.env_vars, target.strictness);
    let named = target.profile.as_ref().filter(|_| options.profile.is_none());
    let profile = match named {
        Some(named) => super::profile::named(options.profiles, &named.name),
        None => options.profile.or_else(|| super::profile::select(options.profiles, &target.environment)),
    };
    if let Some(named) = named.filter(|n| profile.is_none() && n.name != "default") {
        let known: Vec<&str> = options.profiles.iter().map(|p| p.name.as_str()).collect();
        let d = named.unknown(&known, &mut evaluated.sources);
        evaluated.diagnostics.push(d);
    }
    let profile = profile.cloned().unwrap_or_else(Profile::built_in);
    let mut report = EnvironmentReport {
        environment: target.environment.clone(),
        dir: target.dir.clone(),
        profile: profile.name.clone(),
        sources: SourceMap::new(),
        diagnostics: Diagnostics::default(),
        findings: Vec::new(),
        evaluated: 0,
        failed: false,
        checked: false,
        // Known before evaluation, so a root that fails still reports repository-relative paths.
        repo_root: match &evaluated.config {
            Some(config) => config.repo_root.clone(),
            None => target.dir.canonicalize().map(|d| crate::load::find_repo_root(&d)).unwrap_or_default(),
        },
        resources: Vec::new(),
        not_modelled_blocks: profile.not_modelled_blocks,
        severities: all_rules()
            .iter()
            .filter(|r| profile.enabled(r.id))
            .map(|r| (r.id.to_string(), profile.severity_of(r.id, r.severity)))
            .collect(),
        baseline: Default::default(),
    };
    // Files on disk, not parsed ones: a root whose only file fails to parse is not empty.
    let empty = |c: &&Config| !crate::load::environments::has_config_files(&c.root_module().dir);
    if let Some(config) = evaluated.config.as_ref().filter(empty) {
        // An empty folder is not a clean environment: nothing would be checked at all.
        let dir = config.root_module().dir.display().to_string();
        evaluated.diagnostics.push(
            Diagnostic::error(codes::Check::EmptyRoot, format!("{dir} holds no Terraform configuration (no .tf or .tf.json file)"))
                .help("pass the directory of a root module; where one root module serves several environments, pass it with --var-file environments/NAME/terraform.tfvars"),
        );
    }
    // What no rule can run past: nothing to check, or not the profile the user named.
    const FATAL: &[Code] = &[Code::Check(codes::Check::EmptyRoot), Code::Env(codes::Env::Profile)];
    let fatal = evaluated.diagnostics.iter().any(|d| d.is_error() && FATAL.contains(&d.code));
    let partial = evaluated.failed();
    let model = compile_evaluation(&evaluated);
    let (Some(config), Some(evaluation), Some(model), false) =
        (evaluated.config.as_ref(), evaluated.evaluation.as_ref(), model, fatal)
    else {
        report.failed = true;
        report.sources = evaluated.sources;
        report.diagnostics = evaluated.diagnostics;
        return CheckedRoot { report, model: None, evaluation: None };
    };
    let mut sources = std::mem::take(&mut evaluated.sources);
    let mut diagnostics = std::mem::take(&mut evaluated.diagnostics);
    diagnostics.extend(model.diagnostics.clone());
    let profile_file = profile.path.as_ref().map(|p| sources.add(p, profile.text.clone()));
    let backend_files =
        crate::load::backend_files(&config.root_module().dir, &target.backend_files, &mut sources, &mut diagnostics);
    let tfvars = Tfvars::load(config, &sources, &target.var_files);
    let ctx = Context {
        environment: &target.environment,
        environment_declared: target.declared,
        model: &model,
        config,
        evaluation,
        sources: &sources,
        profile: &profile,
        profile_file,
        backend_files: &backend_files,
        seen: Default::default(),
        index: Default::default(),
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut count_seen = |ctx: &Context, times: usize| {
        for address in std::mem::take(&mut *ctx.seen.borrow_mut()) {
            *seen.entry(address).or_default() += times;
        }
    };

    let mut findings = Vec::new();
    let mut evaluations = 0;
    for rule in all_rules().iter().filter(|r| profile.enabled(r.id)) {
        let mut checks = Checks::default();
        (rule.check)(&ctx, &mut checks);
        for address in checks.outcomes.iter().filter_map(|o| o.address.as_deref()) {
            ctx.saw(address);
        }
        count_seen(&ctx, 1);
        evaluations += checks.outcomes.len();
        let severity = profile.severity_of(rule.id, rule.severity);
        for outcome in checks.outcomes.into_iter().filter(|o| o.status != Status::Pass) {
            let mut finding = place(&ctx, &tfvars, outcome, rule.id, rule.title, severity, rule.remediation);
            if let Some(site) = profile
                .spans
                .get(&format!("rules.severity.{}", rule.id))
                .and_then(|s| profile_file.map(|f| Site::new(f, s.clone())))
            {
                finding.notes.push(Note { site, text: format!("severity {severity} set by profile {}", profile.name) });
            }
            findings.push(finding);
        }
    }
    let (custom_findings, custom_evaluations) = options.custom.run(&ctx);
    if !options.custom.is_empty() {
        for r in &model.resources {
            ctx.saw(&r.address);
        }
        count_seen(&ctx, options.custom.len());
    }
    evaluations += custom_evaluations;
    findings.extend(custom_findings.into_iter().map(|(rule, severity, outcome)| {
        place(&ctx, &tfvars, outcome, &rule, "custom rule", severity, "see the custom rule's message")
    }));

    apply_suppressions(&ctx, &mut findings, options.no_suppressions);
    let threshold = options.fail_on.unwrap_or(profile.fail_on);
    for f in &mut findings {
        let counts = match f.status {
            Status::Fail => true,
            Status::Unknown => profile.unknown_blocks,
            Status::Pass => false,
        };
        f.blocking = f.suppressed.is_none() && counts && f.severity >= threshold;
    }
    findings.sort_by(|a, b| {
        (b.blocking, b.severity, &a.rule, &a.address, a.site.map(|s| (s.file, s.start))).cmp(&(
            a.blocking,
            a.severity,
            &b.rule,
            &b.address,
            b.site.map(|s| (s.file, s.start)),
        ))
    });
    report.resources = coverage(&model, evaluation, &seen);
    report.findings = findings;
    report.evaluated = evaluations;
    report.sources = sources;
    report.diagnostics = diagnostics;
    report.checked = true;
    report.failed = partial;
    CheckedRoot { report, model: Some(model), evaluation: evaluated.evaluation.take() }
}

/// Turns an outcome into a finding: module chain, and the tfvars line behind the value.
fn place(
    ctx: &Context,
    tfvars: &Tfvars,
    outcome: Outcome,
    rule: &str,
    title: &str,
    severity: Severity,
    remediation: &str,
) -> Finding {
    let mut site = outcome.site;
    let mut notes = outcome.notes;
    if let Some(at) = outcome.site {
        let steps = trace(ctx.config, ctx.sources, tfvars, at);
        if let Some(last) = steps.last() {
            // The value was set in tfvars (or a caller): point there, and label where the
            // module uses it.
            site = Some(last.site);
            let mut chain: Vec<Note> = vec![Note { site: at, text: "used here".into() }];
            chain.extend(steps[..steps.len() - 1].iter().map(|s| Note { site: s.site, text: s.text.clone() }));
            chain.extend(notes);
            notes = chain;
        }
    }
    Finding {
        rule: rule.to_string(),
        title: title.to_string(),
        severity,
        status: outcome.status,
        environment: ctx.environment.to_string(),
        module_chain: outcome.address.as_deref().map(module_chain).unwrap_or_default(),
        address: outcome.address,
        site,
        notes,
        message: outcome.message,
        remediation: remediation.to_string(),
        suppressed: None,
        blocking: false,
        block: outcome.block,
    }
}

/// The sites of the module blocks a resource address is created through.
fn call_sites(config: &Config, chain: &[String]) -> Vec<Site> {
    let names = chain.iter().map(|step| {
        let name = step.trim_start_matches("module.");
        name.split('[').next().unwrap_or(name)
    });
    config.call_chain(names).into_iter().filter_map(|(_, call)| call.site).collect()
}

/// Marks findings covered by an inline suppression or a profile exemption, and reports
/// malformed and expired ones.
fn apply_suppressions(ctx: &Context, findings: &mut Vec<Finding>, no_suppressions: bool) {
    let today = suppress::today();
    let files: Vec<FileId> = ctx
        .sources
        .files()
        .filter(|(_, f)| f.path.extension().is_some_and(|e| e == "tf" || e == "tofu" || e == "tfvars"))
        .map(|(id, _)| id)
        .collect();
    let (suppressions, problems) = suppress::scan(ctx.sources, &files, today);
    for f in findings.iter_mut() {
        let mut sites: Vec<Site> = f.site.into_iter().chain(f.block).chain(f.notes.first().map(|n| n.site)).collect();
        sites.extend(call_sites(ctx.config, &f.module_chain));
        let inline = suppressions
            .iter()
            .find(|s| s.rule.eq_ignore_ascii_case(&f.rule) && sites.iter().any(|&site| s.covers_site(site)));
        if let Some(s) = inline {
            if no_suppressions {
                f.notes.push(Note {
                    site: s.comment,
                    text: format!("suppressed here ({}); reported because of --no-suppressions", s.reason),
                });
            } else {
                f.suppressed = Some(format!("{} (until {})", s.reason, s.until));
            }
            continue;
        }
        if let Some(e) = ctx.profile.exemptions.iter().find(|e| e.covers(&f.rule, f.address.as_deref())) {
            if e.expires < today {
                continue;
            }
            if no_suppressions {
                f.message.push_str(&format!(
                    " (exempted by profile {}: {}; reported because of --no-suppressions)",
                    ctx.profile.name, e.reason
                ));
            } else {
                f.suppressed =
                    Some(format!("profile {} exemption: {} (until {})", ctx.profile.name, e.reason, e.expires));
            }
        }
    }
    for p in problems {
        let (rule, title) = if p.expired {
            (EXPIRED_EXEMPTION, "expired suppression")
        } else {
            (MALFORMED_SUPPRESSION, "malformed suppression")
        };
        findings.push(meta_finding(ctx, rule, title, Some(p.site), p.message));
    }
    for e in ctx.profile.exemptions.iter().filter(|e| e.expires < today) {
        let site = ctx.profile_file.map(|f| Site::new(f, e.span.clone()));
        let message = format!(
            "the exemption of {} for {:?} in profile {} expired on {}; its findings are reported again",
            e.rule, e.address, ctx.profile.name, e.expires
        );
        findings.push(meta_finding(ctx, EXPIRED_EXEMPTION, "expired exemption", site, message));
    }
}

fn meta_finding(ctx: &Context, rule: &str, title: &str, site: Option<Site>, message: String) -> Finding {
    Finding {
        rule: rule.into(),
        title: title.into(),
        severity: Severity::Medium,
        status: Status::Fail,
        environment: ctx.environment.to_string(),
        address: None,
        module_chain: Vec::new(),
        site,
        notes: Vec::new(),
        message,
        remediation: "give the suppression a rule id, reason=\"...\" and a future until=YYYY-MM-DD, or fix the finding"
            .into(),
        suppressed: None,
        blocking: false,
        block: None,
    }
}
