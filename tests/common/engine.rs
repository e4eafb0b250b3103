//! Which engine the contract tests run on: `COMUNIQ_TEST_ENGINE=postgres` or SQLite (the
//! default). Part of `common` (`common::db` builds on it); the tests about the SQLite file
//! itself include it alone (`#[path = "common/engine.rs"] mod engine;`) to say they are
//! skipped on PostgreSQL.
#![allow(dead_code)] // Each test file uses a different part of the harness.

use std::io::Write;
use std::sync::OnceLock;

/// The variable that picks the engine: `postgres`, or `sqlite` (the default).
pub const ENGINE_VAR: &str = "COMUNIQ_TEST_ENGINE";

/// Whether this run is on PostgreSQL (`COMUNIQ_TEST_ENGINE=postgres`).
pub fn is_postgres() -> bool {
    static ENGINE: OnceLock<bool> = OnceLock::new();
    *ENGINE.get_or_init(|| match std::env::var(ENGINE_VAR).as_deref() {
        Ok("postgres" | "postgresql") => true,
        Ok("" | "sqlite") | Err(_) => false,
        Ok(other) => panic!("{ENGINE_VAR}={other}: use postgres or sqlite"),
    })
}

/// For a test about the SQLite file itself (its bytes, mode, journal, lock, path): on
/// PostgreSQL it says in one line that it was skipped, and returns `true` (the test then
/// returns at once). `what` says what the test is about.
pub fn sqlite_only(what: &str) -> bool {
    if !is_postgres() {
        return false;
    }
    // Straight to stderr: the test harness captures eprintln! of passing tests.
    let _ = writeln!(std::io::stderr(), "skipped on PostgreSQL (SQLite only: {what})");
    true
}
