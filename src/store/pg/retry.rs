//! Running a transaction again when PostgreSQL gave it up for another one.
//!
//! Under concurrent writers PostgreSQL aborts a transaction with a serialization failure
//! (SQLSTATE 40001, under REPEATABLE READ or SERIALIZABLE) or a deadlock (40P01, when two
//! transactions wait for each other's row locks). Neither is the operator's business: the
//! transaction did nothing, and the same work run again succeeds or meets a real refusal
//! (a unique constraint). [`with_retry`] runs it again, with a short random pause, until
//! it succeeds, fails otherwise, or the time limit is spent.

use crate::store::sql::TxError;
use postgres::error::SqlState;
use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, Instant};

/// The first pause between attempts; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(2);
/// The longest pause between two attempts.
const MAX_PAUSE: Duration = Duration::from_millis(100);

/// An error that may say "run the transaction again".
pub trait Retryable {
    /// Whether the transaction was given up for a concurrent one and may simply run again.
    fn is_retryable(&self) -> bool;
}

impl Retryable for postgres::Error {
    /// A serialization failure (40001) or a deadlock (40P01).
    fn is_retryable(&self) -> bool {
        matches!(
            self.code(),
            Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
        )
    }
}

/// The store's transaction errors say it through the engine-neutral [`TxError`].
impl<E: TxError> Retryable for E {
    fn is_retryable(&self) -> bool {
        self.is_retry()
    }
}

/// Runs `attempt` until it returns anything but a retryable error, or until `limit` has
/// passed since the first attempt; then returns the last error. `attempt` must be a whole
/// transaction (begin to commit), so that running it again repeats all of its work.
pub fn with_retry<T, E: Retryable>(limit: Duration, mut attempt: impl FnMut() -> Result<T, E>) -> Result<T, E> {
    let start = Instant::now();
    let mut pause = FIRST_PAUSE;
    loop {
        match attempt() {
            Err(e) if e.is_retryable() => {
                // Random between half and the whole pause, so that two transactions that
                // collided don't collide again in step.
                let wait = jitter(pause);
                if start.elapsed() + wait >= limit {
                    return Err(e);
                }
                std::thread::sleep(wait);
                pause = (pause * 2).min(MAX_PAUSE);
            }
            other => return other,
        }
    }
}

/// A random duration between half of `pause` and `pause`.
fn jitter(pause: Duration) -> Duration {
    // std's RandomState is seeded randomly per instance: enough for spreading retries.
    let random = RandomState::new().hash_one(Instant::now());
    let half = pause / 2;
    let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX).max(1);
    half + Duration::from_nanos(random % nanos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A stand-in error: retryable or not. The real SQLSTATEs are tested against a server
    /// in tests/pg_schema.rs.
    #[derive(Debug, PartialEq)]
    struct Fake(bool);

    impl Retryable for Fake {
        fn is_retryable(&self) -> bool {
            self.0
        }
    }

    #[test]
    fn retries_until_success() {
        let calls = Cell::new(0);
        let r = with_retry(Duration::from_secs(5), || {
            calls.set(calls.get() + 1);
            if calls.get() < 4 { Err(Fake(true)) } else { Ok(calls.get()) }
        });
        assert_eq!(r, Ok(4));
    }

    #[test]
    fn other_errors_are_returned_at_once() {
        let calls = Cell::new(0);
        let r: Result<(), _> = with_retry(Duration::from_secs(5), || {
            calls.set(calls.get() + 1);
            Err(Fake(false))
        });
        assert_eq!((r, calls.get()), (Err(Fake(false)), 1));
    }

    #[test]
    fn gives_up_when_the_limit_is_spent() {
        let calls = Cell::new(0);
        let r: Result<(), _> = with_retry(Duration::from_millis(50), || {
            calls.set(calls.get() + 1);
            Err(Fake(true))
        });
        assert_eq!(r, Err(Fake(true)));
        assert!(calls.get() > 1, "tried only once");
    }

    #[test]
    fn jitter_stays_between_half_and_whole() {
        for _ in 0..100 {
            let d = jitter(Duration::from_millis(10));
            assert!(d >= Duration::from_millis(5) && d <= Duration::from_millis(10), "{d:?}");
        }
    }
}
