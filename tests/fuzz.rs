//! The fuzz target: mutated real configurations through the whole check (load, evaluate,
//! compile to ARM, every rule), on every core, each input under a watchdog. A panic, an abort
//! or an input that runs past the time limit fails the run and leaves the input in
//! `target/fuzz-failures/`.
//!
//! CI runs a short smoke pass. The long run is behind `--ignored`:
//!
//! ```text
//! TFHARDEN_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! `TFHARDEN_FUZZ_SEED` picks another sequence (each case is reproducible from the seed and its
//! number); `TFHARDEN_FUZZ_CORPUS=dir1:dir2` adds real Terraform (cloned public modules) to the
//! corpus of this repository's modules, environments and fixtures.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::mutation::{self, apply, CorpusModule, Mutation};
use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckTarget as Target};
use tfharden::{configure_budget, BudgetLimits as Limits};

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, case: u64) -> Rng {
        Rng((seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15)).max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One input: the files of a real module directory, one of them mutated.
struct Case {
    files: Vec<(String, String)>,
    strictness: Strictness,
}

/// Half the cases only replace attribute values (the input stays parseable and reaches
/// evaluation and the rules); the other half also cut, insert and duplicate raw bytes.
fn mutations(rng: &mut Rng) -> Vec<Mutation> {
    let kinds = if rng.below(2) == 0 { 5 } else { 3 };
    (0..1 + rng.below(3))
        .map(|_| match if kinds == 5 { 3 } else { rng.below(5) } {
            0 => Mutation::Delete { at: rng.next() as usize, len: rng.below(40) },
            3 | 4 => Mutation::ReplaceValue {
                at: rng.next() as usize,
                text: mutation::EXPRESSIONS[rng.below(mutation::EXPRESSIONS.len())].to_string(),
            },
            1 => {
                let text = if rng.below(4) == 0 {
                    (0..rng.below(12)).map(|_| (b' ' + rng.below(95) as u8) as char).collect()
                } else {
                    mutation::FRAGMENTS[rng.below(mutation::FRAGMENTS.len())].to_string()
                };
                Mutation::Insert { at: rng.next() as usize, text }
            }
            _ => Mutation::Duplicate { at: rng.next() as usize, len: rng.below(200) },
        })
        .collect()
}

fn case(corpus: &[CorpusModule], seed: u64, number: u64) -> Case {
    let mut rng = Rng::new(seed, number);
    let mut files = corpus[rng.below(corpus.len())].clone();
    let victim = rng.below(files.len());
    files[victim].1 = apply(&files[victim].1, &mutations(&mut rng));
    let strictness = if rng.below(4) == 0 { Strictness::Environment } else { Strictness::BareModule };
    Case { files, strictness }
}

fn corpus() -> Vec<CorpusModule> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = ["modules", "environments", "fixtures"].iter().map(|d| root.join(d)).collect();
    if let Ok(extra) = std::env::var("TFHARDEN_FUZZ_CORPUS") {
        dirs.extend(extra.split(':').filter(|d| !d.is_empty()).map(PathBuf::from));
    }
    mutation::corpus_modules(&dirs)
}

/// Checks one input in `dir` (the worker's own repository), as `check` does; whether the
/// root module was checked (not refused with an error).
fn check(dir: &Path, case: &Case) -> bool {
    for entry in std::fs::read_dir(dir).expect("worker dir").flatten() {
        if entry.path().is_file() {
            std::fs::remove_file(entry.path()).expect("clear the worker dir");
        }
    }
    for (name, text) in &case.files {
        std::fs::write(dir.join(name), text).expect("write an input file");
    }
    let target = Target::directory(dir.to_path_buf(), "fuzz".into(), case.strictness, false);
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let report = check_root_module(&target, &options);
    if report.failed && std::env::var_os("TFHARDEN_FUZZ_DEBUG").is_some() {
        let codes: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.code, d.message.chars().take(80).collect::<String>()))
            .collect();
        eprintln!("fuzz: refused with {codes:?}");
    }
    !report.failed
}

/// What one worker is doing, for the watchdog: the case number and when it started.
type Current = Arc<Mutex<Option<(u64, Instant)>>>;

struct Summary {
    cases: u64,
    /// Cases whose root module was checked rather than refused with a diagnostic.
    checked: u64,
    panics: Vec<u64>,
    slowest: (Duration, u64),
    elapsed: Duration,
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures")
}

fn keep(kind: &str, corpus: &[CorpusModule], seed: u64, number: u64) {
    let dir = failures_dir().join(format!("{kind}-{seed}-{number}"));
    let _ = std::fs::create_dir_all(&dir);
    for (name, text) in case(corpus, seed, number).files {
        let _ = std::fs::write(dir.join(name), text);
    }
    eprintln!("fuzz: {kind} at case {number} (TFHARDEN_FUZZ_SEED={seed}); input kept in {}", dir.display());
}

/// Runs `cases` inputs on every core; an input past `timeout` ends the process (a hang).
fn fuzz(cases: u64, seed: u64, timeout: Duration) -> Summary {
    // Lower limits than a real run keeps every case short; what is fuzzed is that a limit
    // ends the evaluation cleanly, whatever it is.
    configure_budget(Limits {
        iterations: 200_000,
        dynamic_blocks: 10_000,
        module_instances: 1_000,
        instances_per_resource: 1_000,
        string_bytes: 1 << 20,
        collection_elements: 100_000,
        elements_built: 2_000_000,
        template_nesting: 16,
    });
    let corpus = Arc::new(corpus());
    assert!(corpus.len() > 100, "the corpus has {} module directories", corpus.len());
    let next = Arc::new(AtomicU64::new(0));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = Instant::now();
    let mut handles = Vec::new();
    let mut currents: Vec<Current> = Vec::new();
    for _ in 0..workers {
        let (corpus, next, current) = (corpus.clone(), next.clone(), Current::default());
        currents.push(current.clone());
        let worker = move || {
            let dir = tempfile::tempdir().expect("temp dir");
            std::fs::create_dir(dir.path().join(".git")).expect(".git");
            let (mut panics, mut slowest, mut checked) = (Vec::new(), (Duration::ZERO, 0), 0);
            loop {
                let number = next.fetch_add(1, Ordering::Relaxed);
                if number >= cases {
                    break;
                }
                let input = case(&corpus, seed, number);
                let begun = Instant::now();
                *current.lock().expect("lock") = Some((number, begun));
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(dir.path(), &input)));
                *current.lock().expect("lock") = None;
                match outcome {
                    Ok(true) => checked += 1,
                    Ok(false) => {}
                    Err(_) => {
                        keep("panic", &corpus, seed, number);
                        panics.push(number);
                    }
                }
                slowest = slowest.max((begun.elapsed(), number));
            }
            (panics, slowest, checked)
        };
        let handle = std::thread::Builder::new()
            .stack_size(tfharden::EVALUATION_STACK_BYTES)
            .spawn(worker)
            .expect("worker thread");
        handles.push(handle);
    }
    let mut reported = 0;
    while handles.iter().any(|h| !h.is_finished()) {
        std::thread::sleep(Duration::from_millis(200));
        for current in &currents {
            if let Some((number, begun)) = *current.lock().expect("lock") {
                if begun.elapsed() > timeout {
                    keep("hang", &corpus, seed, number);
                    panic!("case {number} ran past {timeout:?}");
                }
            }
        }
        let done = next.load(Ordering::Relaxed).min(cases);
        if cases >= 10_000 && done * 10 / cases > reported {
            reported = done * 10 / cases;
            eprintln!("fuzz: {done} of {cases} cases, {:.0?}", started.elapsed());
        }
    }
    let mut summary =
        Summary { cases, checked: 0, panics: Vec::new(), slowest: (Duration::ZERO, 0), elapsed: Duration::ZERO };
    for handle in handles {
        let (panics, slowest, checked) = handle.join().expect("a worker itself failed");
        summary.checked += checked;
        summary.panics.extend(panics);
        summary.slowest = summary.slowest.max(slowest);
    }
    summary.elapsed = started.elapsed();
    summary
}

fn report(summary: &Summary, seed: u64) {
    eprintln!(
        "fuzz: {} cases (seed {seed}, {} checked, the rest refused with a diagnostic) in {:.1?}, {:.0} cases/s; slowest case {} took {:.2?}; {} panic(s)",
        summary.cases,
        summary.checked,
        summary.elapsed,
        summary.cases as f64 / summary.elapsed.as_secs_f64(),
        summary.slowest.1,
        summary.slowest.0,
        summary.panics.len()
    );
    assert!(summary.panics.is_empty(), "panics at cases {:?}; inputs in {}", summary.panics, failures_dir().display());
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A short pass on every CI run: a few hundred inputs.
#[test]
fn a_short_fuzz_pass_finds_no_panic_and_no_hang() {
    let seed = env_number("TFHARDEN_FUZZ_SEED", 1);
    report(&fuzz(300, seed, Duration::from_secs(60)), seed);
}

/// The long run (see the module docs): 1,000,000 inputs unless `TFHARDEN_FUZZ_CASES` says.
#[test]
#[ignore = "long-running: TFHARDEN_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --ignored"]
fn a_long_fuzz_run_finds_no_panic_and_no_hang() {
    let seed = env_number("TFHARDEN_FUZZ_SEED", 20261202);
    let cases = env_number("TFHARDEN_FUZZ_CASES", 1_000_000);
    report(&fuzz(cases, seed, Duration::from_secs(env_number("TFHARDEN_FUZZ_TIMEOUT_S", 20))), seed);
}
