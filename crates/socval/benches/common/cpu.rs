//! CPU time of the running process, for the benches that time a process's own work beside a
//! reference: `crates/socval/benches/records.rs` and `crates/socval-wasm/examples/api_calls.rs`
//! (which includes this file by path).

/// CPU seconds this process has used so far: the time its threads have run, in nanoseconds, from
/// `/proc/self/task/*/schedstat` (the kernel's own count, as precise as the scheduler's clock);
/// where there is none, user + system time from `/proc/self/stat`, in clock ticks (10 ms: too coarse
/// for a ratio of short runs, e.g. a tenth of the records reference's time at 1M families), or 0. On a machine shared
/// with other builds, CPU time moves less than wall time.
pub fn cpu_seconds() -> f64 {
    let tasks = std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten();
    let ns: Option<u64> = tasks
        .map(|t| {
            let stat = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
            stat.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum();
    if let Some(ns) = ns.filter(|&ns| ns > 0) {
        return ns as f64 / 1e9;
    }
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|t| t.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
