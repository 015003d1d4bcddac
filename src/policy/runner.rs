//! Runs the rules over root modules: evaluate, compile to ARM, choose the profile, run every
//! enabled rule, place the outcomes (trace to tfvars), apply suppressions and exemptions, and
//! decide what blocks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::context::{Checks, Context};
use super::coverage::{coverage, Coverage};
use super::finding::{Finding, Note, Outcome, Severity, Status};
use super::profile::Profile;
use super::registry::all_rules;
use super::suppress;
use super::trace::trace;
use crate::arm::{compile_evaluation, evaluate_for_arm, ArmModel};
use crate::config::{Config, ModulePath, ResourceAddress, Subject};
use crate::diagnostic::codes;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::{CliVar, Evaluation, Strictness};
use crate::load::environments::{Environment, NamedProfile};
use crate::run::RootEvaluation;
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

impl<'a> Options<'a> {
    /// A plain check: no variables from the command line or the environment, no profile but
    /// the policies folder's, no threshold or suppression overrides; `custom` rules.
    pub fn new(custom: &'a super::custom::CustomRules) -> Options<'a> {
        Options {
            vars: &[],
            env_vars: &[],
            fail_on: None,
            no_suppressions: false,
            profile: None,
            profiles: &[],
            custom,
        }
    }
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
    /// How long each built-in rule took over this root (JUnit's `time`).
    pub rule_times: BTreeMap<String, std::time::Duration>,
    /// How long the root took: load, evaluate, compile and check.
    pub elapsed: std::time::Duration,
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

    /// Rule evaluations that passed: every evaluation less those that ended in a finding.
    pub fn passed(&self) -> usize {
        let found = self.findings.iter().filter(|f| f.rule != MALFORMED_SUPPRESSION && f.rule != EXPIRED_EXEMPTION);
        self.evaluated.saturating_sub(found.count())
    }

    pub fn blocking(&self) -> usize {
        self.findings.iter().filter(|f| f.blocking).count()
    }

    /// Azure instances the model does not compile (not those a plan deferred: see `deferred`).
    pub fn not_modelled(&self) -> impl Iterator<Item = &Coverage> + '_ {
        self.resources.iter().filter(|r| r.is_gap() && !r.deferred)
    }

    /// Instances a JSON plan deferred: not planned, so not checked.
    pub fn deferred(&self) -> impl Iterator<Item = &Coverage> + '_ {
        self.resources.iter().filter(|r| r.deferred)
    }

    /// Whether what was not modelled (or deferred by the plan) blocks (the profile's
    /// `not_modelled = "block"`).
    pub fn not_modelled_blocking(&self) -> bool {
        self.not_modelled_blocks && self.resources.iter().any(|r| r.is_gap())
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

/// How a check run ended, before the command line turns it into an exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every root was checked and nothing blocks.
    Clean,
    /// A finding (or a resource the profile requires modelled) blocks.
    Blocked,
    /// A root module could not be checked.
    Failed,
}

impl CheckRun {
    pub fn verdict(&self) -> Verdict {
        if self.reports.iter().any(|r| r.failed) {
            Verdict::Failed
        } else if self.reports.iter().any(|r| r.blocking() > 0 || r.not_modelled_blocking()) {
            Verdict::Blocked
        } else {
            Verdict::Clean
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

/// Checks every target, on as many cores as there are targets (each worker with the large
/// stack the evaluator needs), and returns the reports in the order of `targets`: the same
/// reports, byte for byte, as checking them one after the other. A worker that cannot be
/// started leaves its share to the others.
pub fn check_root_modules(targets: &[Target], options: &Options) -> Vec<EnvironmentReport> {
    if targets.len() > 1 {
        // Roots of one repository call the same modules: parse each file once for all of them.
        return crate::load::share_parses_while(|| check_in_parallel(targets, options));
    }
    check_in_parallel(targets, options)
}

fn check_in_parallel(targets: &[Target], options: &Options) -> Vec<EnvironmentReport> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let workers = cores.min(targets.len());
    if workers <= 1 {
        return targets.iter().map(|t| check_root_module(t, options)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<EnvironmentReport>>> =
        targets.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(target) = targets.get(i) else { break };
        let report = check_root_module(target, options);
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(report);
        }
    };
    std::thread::scope(|scope| {
        let started = (0..workers)
            .filter(|_| {
                std::thread::Builder::new()
                    .name("tfharden-check".into())
                    .stack_size(crate::run::EVALUATION_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .is_ok()
            })
            .count();
        if started == 0 {
            work();
        }
    });
    targets
        .iter()
        .zip(slots)
        .map(|(target, slot)| slot.into_inner().ok().flatten().unwrap_or_else(|| check_root_module(target, options)))
        .collect()
}

/// Checks one root module.
pub fn check_root_module(target: &Target, options: &Options) -> EnvironmentReport {
    check_root(target, options).report
}

/// Loads, evaluates, compiles and checks one root module: the one pipeline behind `check`,
/// `plan` and `apply`.
pub(crate) fn check_root(target: &Target, options: &Options) -> CheckedRoot {
    let started = std::time::Instant::now();
    let vars = target.variables(options.vars);
    let evaluated = evaluate_for_arm(&target.dir, &vars, options.env_vars, target.strictness);
    let mut checked = check_evaluated(target, options, evaluated, false);
    checked.report.elapsed = started.elapsed();
    checked
}

/// Checks the Terraform JSON plan `plan` (`terraform show -json`) as the root module of
/// `target`: the same model, rules and reports as a configuration. With `config_dir`, the
/// root module's configuration gives the findings' sites. Returns the report and the notices
/// the run must say: what an incomplete plan left unchecked, and what rules a plan cannot feed.
pub(crate) fn check_plan(
    plan: &std::path::Path,
    config_dir: Option<&std::path::Path>,
    target: &Target,
    options: &Options,
) -> (EnvironmentReport, Vec<PlanNotice>) {
    let started = std::time::Instant::now();
    let (evaluated, facts) = crate::run::evaluate_plan(plan, config_dir);
    let mut report = check_evaluated(target, options, evaluated, true).report;
    report.elapsed = started.elapsed();
    let mut notices = Vec::new();
    if report.checked && facts.incomplete {
        notices.push(PlanNotice { rules: &[], text: incomplete_plan_notice(plan, &facts) });
    }
    if report.checked {
        notices.extend(unfed_rules(plan, config_dir.is_some()));
    }
    if report.checked {
        // Each deferred instance is listed with the resources, as not checked.
        report.resources.extend(facts.deferred.into_iter().map(|d| Coverage {
            azure: crate::arm::is_azure_type(&d.kind),
            reason: Some(format!(
                "deferred by Terraform ({}): the plan has no planned values for it, so no rule checked it",
                d.reason
            )),
            address: d.address,
            resource_type: d.kind,
            modelled: false,
            unknown_identity: Vec::new(),
            site: d.site,
            rule_evaluations: 0,
            deferred: true,
        }));
    }
    (report, notices)
}

/// A notice of a `--plan` run; said when `rules` is empty or one of them ran.
pub(crate) struct PlanNotice {
    pub rules: &'static [&'static str],
    pub text: String,
}

/// The rules a JSON plan cannot give all they read: they run on what there is, and the run
/// says what they did not see.
fn unfed_rules(plan: &std::path::Path, with_config: bool) -> Vec<PlanNotice> {
    let file = plan.display();
    let mut out = vec![PlanNotice {
        rules: &["SEC001"],
        text: format!(
            "SEC001 did not scan variables files: {file} holds the values of the root variables, not the files that set them; check the configuration with its --var-file to scan them"
        ),
    }];
    if !with_config {
        out.push(PlanNotice {
            rules: &["SEC001", "OIDC001", "OIDC002", "TFM001"],
            text: format!(
                "without the root module as PATH, the rules that read .tf files were not checked on them: SEC001 (secrets written in .tf files), OIDC001 and OIDC002 (provider and backend blocks), TFM001 (version pins); run `tfharden check DIR --plan {file}`"
            ),
        });
    }
    out
}

/// What an incomplete plan (`"complete": false`) leaves unchecked, in one notice.
fn incomplete_plan_notice(plan: &std::path::Path, facts: &crate::load::plan_json::PlanFacts) -> String {
    let file = plan.display();
    if facts.deferred.is_empty() {
        return format!(
            "{file} is an incomplete plan (\"complete\": false, as with -target): the resource instances it leaves out were not checked; check a plan made without -target"
        );
    }
    let listed: Vec<String> = facts.deferred.iter().map(|d| format!("{} ({})", d.address, d.reason)).collect();
    format!(
        "{file} is an incomplete plan (\"complete\": false): {} resource instance(s) deferred by Terraform were not checked: {}; apply this plan, then plan and check again",
        facts.deferred.len(),
        listed.join(", ")
    )
}

/// Compiles and checks an evaluated root module (`from_plan`: its values come from a JSON plan,
/// not from configuration files in its directory).
fn check_evaluated(target: &Target, options: &Options, mut evaluated: RootEvaluation, from_plan: bool) -> CheckedRoot {
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
        rule_times: BTreeMap::new(),
        elapsed: std::time::Duration::ZERO,
    };
    // Files on disk, not parsed ones: a root whose only file fails to parse is not empty.
    let empty = |c: &&Config| !from_plan && !crate::load::environments::has_config_files(&c.root_module().dir);
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
        seen_types: Default::default(),
        index: Default::default(),
    };
    let mut seen: BTreeMap<ResourceAddress, usize> = BTreeMap::new();
    let mut count_seen = |ctx: &Context, times: usize| {
        for address in ctx.take_seen() {
            *seen.entry(address).or_default() += times;
        }
    };

    let mut findings = Vec::new();
    let mut rule_times = BTreeMap::new();
    let mut evaluations = 0;
    for rule in all_rules().iter().filter(|r| profile.enabled(r.id)) {
        let mut checks = Checks::default();
        let started = std::time::Instant::now();
        (rule.check)(&ctx, &mut checks);
        rule_times.insert(rule.id.to_string(), started.elapsed());
        for outcome in &checks.outcomes {
            if let Some(Subject::Resource(address)) = &outcome.address {
                ctx.saw(address);
            }
        }
        count_seen(&ctx, 1);
        evaluations += checks.outcomes.len();
        let severity = profile.severity_of(rule.id, rule.severity);
        let remediation = rule.remediation_in(Some(&profile));
        for outcome in checks.outcomes.into_iter().filter(|o| o.status != Status::Pass) {
            let mut finding = place(&ctx, outcome, rule.id, rule.title, severity, &remediation);
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
        place(&ctx, outcome, &rule, "custom rule", severity, "see the custom rule's message")
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
    // Blocking and severe first (descending), then by rule, printed address and place.
    findings.sort_by_cached_key(|f| {
        let address = f.address.as_ref().map(ToString::to_string);
        (std::cmp::Reverse((f.blocking, f.severity)), f.rule.clone(), address, f.site.map(|s| (s.file, s.start)))
    });
    report.resources = coverage(&model, evaluation, &seen);
    report.findings = findings;
    report.rule_times = rule_times;
    report.evaluated = evaluations;
    report.sources = sources;
    report.diagnostics = diagnostics;
    report.checked = true;
    report.failed = partial;
    CheckedRoot { report, model: Some(model), evaluation: evaluated.evaluation.take() }
}

/// Turns an outcome into a finding: module chain, and the tfvars line behind the value.
fn place(ctx: &Context, outcome: Outcome, rule: &str, title: &str, severity: Severity, remediation: &str) -> Finding {
    let mut site = outcome.site;
    let mut notes = outcome.notes;
    let mut message = outcome.message;
    if let Some(at) = outcome.site {
        let traced = trace(ctx.config, ctx.sources, &ctx.evaluation.inputs, at, outcome.address.as_ref());
        if let Some(set_by) = traced.set_by {
            message = format!("{message} ({set_by})");
        }
        let steps = traced.steps;
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
        module_chain: outcome.address.as_ref().and_then(Subject::module).map(ModulePath::calls).unwrap_or_default(),
        address: outcome.address,
        site,
        notes,
        message,
        remediation: remediation.to_string(),
        suppressed: None,
        blocking: false,
        block: outcome.block,
    }
}

/// The sites of the module blocks a subject is created through.
fn call_sites(config: &Config, subject: Option<&Subject>) -> Vec<Site> {
    let Some(module) = subject.and_then(Subject::module) else { return Vec::new() };
    config.call_chain(module.call_names()).into_iter().filter_map(|(_, call)| call.site).collect()
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
        sites.extend(call_sites(ctx.config, f.address.as_ref()));
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
        if let Some(e) = ctx
            .profile
            .exemptions
            .iter()
            .find(|e| e.covers(&f.rule, f.address.as_ref().map(ToString::to_string).as_deref()))
        {
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
