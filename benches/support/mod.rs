//! What the benchmarks read about their own process: CPU time and peak resident memory
//! (Linux, from /proc/self). Each bench pulls it in with `#[path]`.
#![allow(dead_code)]

use std::time::Duration;

/// CPU time of this process so far (user + system), from /proc/self/stat (clock ticks of 10 ms).
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    // `after` starts at field 3 (the state); utime and stime are fields 14 and 15.
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    let ticks = field(14) + field(15);
    Duration::from_millis(ticks * 10)
}

/// Peak resident memory of this process (VmHWM), in MB.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}
