//! `cargo bench --bench check`: checks the repository's three environments (load, evaluate,
//! compile to ARM, every rule, JSON report) and prints the best and median of 30 runs, in
//! process and, when `target/release/tfharden` exists, end to end through the binary.

use std::path::Path;
use std::time::{Duration, Instant};

use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckRun, CheckTarget as Target};
use tfharden::{find_policies_dir, load_profiles as load_dir};
use tfharden::{render_report as render, ReportFormat as Format};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 30;

fn stats(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let envs = ["development", "production", "staging"];
    let profiles = find_policies_dir(&root.join("environments")).and_then(|d| load_dir(&d).ok()).unwrap_or_default();
    let custom = CustomRules::default();
    let options = Options { profiles: &profiles, ..Options::new(&custom) };
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut run = CheckRun::default();
        for env in envs {
            let target =
                Target::directory(root.join("environments").join(env), env.to_string(), Strictness::Environment, true);
            run.reports.push(check_root_module(&target, &options));
        }
        let text = render(&run, Format::Json, false, tfharden::check_exit_code(run.verdict(), false));
        findings = run.reports.iter().map(|r| r.findings.len()).sum::<usize>();
        std::hint::black_box(text);
        times.push(start.elapsed());
    }
    let (best, median) = stats(times);
    println!("in process, 3 environments: best {best:?}, median {median:?} ({findings} findings)");

    let binary = root.join("target/release/tfharden");
    if binary.is_file() {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            let status = std::process::Command::new(&binary)
                .args(["check", "--all-envs", "--format", "json"])
                .current_dir(root)
                .stdout(std::process::Stdio::null())
                .status();
            if status.is_err() {
                return;
            }
            times.push(start.elapsed());
        }
        let (best, median) = stats(times);
        println!("end to end (tfharden check --all-envs): best {best:?}, median {median:?}");
    }
}
