//! Stage timings: with `COURSEPACK_TIMINGS=1` in the environment, every stage
//! prints how long it took and when it ended (milliseconds since the process
//! started its `main`) to standard error, so start-up, template registration,
//! rendering, compression and packaging can be measured one by one. Off, it
//! costs one environment lookup.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

/// Call first thing in `main`: fixes the origin of the times printed.
pub fn init() {
    start();
}

fn start() -> Option<Instant> {
    *START.get_or_init(|| std::env::var_os("COURSEPACK_TIMINGS").map(|_| Instant::now()))
}

/// A stage that started at `since` has ended: prints `timing: <label> ...`.
pub fn stage(label: &str, since: Instant) {
    if let Some(origin) = start() {
        let now = Instant::now();
        eprintln!(
            "timing: {label:<36} {:>9.2} ms  (at {:>9.2} ms)",
            (now - since).as_secs_f64() * 1e3,
            (now - origin).as_secs_f64() * 1e3
        );
    }
}

/// A point in time worth noting (e.g. "arguments parsed").
pub fn mark(label: &str) {
    if let Some(origin) = start() {
        eprintln!(
            "timing: {label:<36} {:>12}  (at {:>9.2} ms)",
            "",
            origin.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Runs `f` as a stage named `label`.
pub fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let since = Instant::now();
    let out = f();
    stage(label, since);
    out
}
