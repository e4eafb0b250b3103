//! The tests' PostgreSQL server (started by `.ci/pg.sh`, found through `COMUNIQ_TEST_PG`):
//! a fresh database for each test, dropped when the test ends.
//!
//! Without `COMUNIQ_TEST_PG` the PostgreSQL tests are skipped, and say so once per test
//! binary, with the command that runs them; under `CI=true` they fail instead, so CI can't
//! skip them silently. Part of `common` (`common::db` runs the contract tests on it with
//! `COMUNIQ_TEST_ENGINE=postgres`); `pg_schema.rs` and `pg_store.rs` include it alone with
//! `#[path = "common/pg.rs"] mod pg_server;`.
#![allow(dead_code)] // Each test file uses a different part of the harness.

use comuniq_order::store::pg::{DbTarget, connect};
use postgres::{Client, Config};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The variable `.ci/pg.sh` exports: a libpq key=value string for the server's socket.
pub const VAR: &str = "COMUNIQ_TEST_PG";

static SKIPPED: Once = Once::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A database of its own on the test server; dropped (with its connections) on drop.
pub struct TestDb {
    /// Connects to this database.
    pub config: Config,
    server: Config,
    name: String,
}

impl TestDb {
    /// A new connection to this database.
    pub fn client(&self) -> Client {
        connect(&self.config).expect("connect to the test database")
    }

    /// This database as `--db` takes it: libpq's key=value form (socket directory, port,
    /// user, database; no password, the socket is trusted).
    pub fn connection_string(&self) -> String {
        let mut parts = Vec::new();
        for host in self.config.get_hosts() {
            match host {
                postgres::config::Host::Unix(dir) => parts.push(format!("host={}", dir.display())),
                postgres::config::Host::Tcp(name) => parts.push(format!("host={name}")),
            }
        }
        if let Some(port) = self.config.get_ports().first() {
            parts.push(format!("port={port}"));
        }
        if let Some(user) = self.config.get_user() {
            parts.push(format!("user={user}"));
        }
        parts.push(format!("dbname={}", self.name));
        parts.join(" ")
    }

    /// This database as the store takes it.
    pub fn target(&self) -> DbTarget {
        DbTarget::parse(&self.connection_string()).expect("the test database's connection string")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = connect(&self.server) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// The test server's configuration, or `None` (after saying so once) when there is none.
pub fn server() -> Option<Config> {
    let Some(value) = std::env::var(VAR).ok().filter(|v| !v.is_empty()) else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{VAR} is not set under CI=true: .ci/run starts the server (.ci/pg.sh); it must not be skipped");
        }
        SKIPPED.call_once(|| {
            // Straight to stderr: the test harness captures eprintln! of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "PostgreSQL tests skipped: {VAR} is not set. Run them with `bash .ci/pg.sh test` \
                 (starts a throwaway server, installs PostgreSQL if missing) or `bash .ci/run`."
            );
        });
        return None;
    };
    match DbTarget::parse(&value) {
        Ok(DbTarget::Postgres(pg)) => Some(pg.config().clone()),
        other => panic!("{VAR} is no PostgreSQL connection string: {other:?}"),
    }
}

/// The test server's TLS listener (127.0.0.1, TLS and a password only) and the password
/// file that holds the password, or `None` when there is no server.
pub fn tls_server() -> Option<(Config, PathBuf)> {
    server()?;
    let value = std::env::var("COMUNIQ_TEST_PG_TLS").expect("COMUNIQ_TEST_PG_TLS beside COMUNIQ_TEST_PG (.ci/pg.sh)");
    let passfile = std::env::var("COMUNIQ_TEST_PG_PASSFILE").expect("COMUNIQ_TEST_PG_PASSFILE (.ci/pg.sh)");
    match DbTarget::parse(&value) {
        Ok(DbTarget::Postgres(pg)) => Some((pg.config().clone(), PathBuf::from(passfile))),
        other => panic!("COMUNIQ_TEST_PG_TLS is no PostgreSQL connection string: {other:?}"),
    }
}

/// A fresh, empty database on the test server, or `None` when there is no server.
pub fn fresh_db() -> Option<TestDb> {
    let server = server()?;
    let name = format!("comuniq_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let mut admin = connect(&server).expect("connect to the test server");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create a test database");
    let mut config = server.clone();
    config.dbname(&name);
    Some(TestDb { config, server, name })
}
