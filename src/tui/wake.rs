//! Wakes the terminal loop when background work has a result (a list filter, the customer
//! list), so the loop can sleep until something happens instead of asking every few
//! milliseconds.
//!
//! The loop installs the waker; without one (tests, benchmarks) waking does nothing and the
//! results are taken with the explicit `finish_*`/`poll` calls.

use std::sync::Mutex;

type Waker = Box<dyn Fn() + Send + Sync>;

/// The function that wakes the loop; set by the terminal loop.
static WAKER: Mutex<Option<Waker>> = Mutex::new(None);

/// Installs the waker, in place of an earlier loop's.
pub(super) fn install(waker: Waker) {
    // A poisoned lock only means a waker panicked; the slot itself is still sound.
    *WAKER.lock().unwrap_or_else(|e| e.into_inner()) = Some(waker);
}

/// Called by a background thread after it handed its result over.
pub(super) fn notify() {
    if let Some(wake) = WAKER.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        wake();
    }
}
