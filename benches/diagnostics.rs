//! `cargo bench --bench diagnostics`: the cost of many diagnostics in one large file (N
//! duplicate `variable` blocks after a 500 KB comment, each reported with its snippet), for N
//! doubling from 1,250 to 20,000. Linear growth shows as a constant time per diagnostic.

use std::time::Instant;

use tfharden::load_config;
use tfharden::SourceMap;
use tfharden::{render_human, Diagnostics};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("{:>8} {:>12} {:>14}", "blocks", "time", "per diagnostic");
    for n in [1_250, 2_500, 5_000, 10_000, 20_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(".git")).expect(".git");
        let mut text = format!("# {}\n", "x".repeat(500_000));
        text.push_str(&"variable \"x\" {}\n".repeat(n));
        std::fs::write(dir.path().join("main.tf"), text).expect("main.tf");
        let start = Instant::now();
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::default();
        let _ = load_config(dir.path(), &mut sources, &mut diagnostics);
        let bytes: usize = diagnostics.iter().map(|d| render_human(d, &sources, false).len()).sum();
        let elapsed = start.elapsed();
        assert!(diagnostics.len() >= n - 1 && bytes > 0);
        println!("{n:>8} {:>10.1?} {:>12.1?}", elapsed, elapsed / diagnostics.len() as u32);
    }
}
