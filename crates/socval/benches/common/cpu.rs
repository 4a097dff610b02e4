//! CPU time of the running process, for the benches that time a process's own work beside a
//! reference: `crates/socval/benches/records.rs` and `crates/socval-wasm/examples/api_calls.rs`
//! (which includes this file by path).

/// CPU seconds this process has used so far, all its threads: the process's CPU clock
/// (`clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`, nanoseconds); where there is none, the time its
/// threads have run from `/proc/self/task/*/schedstat` (nanoseconds, where the kernel keeps it: some
/// sandboxes report 0); else user + system time from `/proc/self/stat`, in clock ticks (10 ms: too
/// coarse for a ratio of short runs, e.g. a tenth of the records reference's time at 1M families),
/// or 0. On a machine shared with other builds, CPU time moves less than wall time.
pub fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `t` is a valid, writable timespec for the call's whole duration.
        if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0 {
            return t.tv_sec as f64 + t.tv_nsec as f64 / 1e9;
        }
    }
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
