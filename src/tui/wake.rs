//! Wakes the terminal loop when background work has a result (a list filter, the customer
//! list), so the loop can sleep until something happens instead of asking every few
//! milliseconds.
//!
//! The loop installs the waker once; without one (tests, benchmarks) waking does nothing and
//! the results are taken with the explicit `finish_*`/`poll` calls.

use std::sync::OnceLock;

/// The function that wakes the loop; set by the terminal loop.
static WAKER: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();

/// Installs the waker. Only the first call counts: one terminal loop per process.
pub(super) fn install(waker: Box<dyn Fn() + Send + Sync>) {
    let _ = WAKER.set(waker);
}

/// Called by a background thread after it handed its result over.
pub(super) fn notify() {
    if let Some(wake) = WAKER.get() {
        wake();
    }
}
