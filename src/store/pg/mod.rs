//! Groundwork for the PostgreSQL engine (issue 13): what does not depend on the store's
//! Rust API, which is being sealed behind a contract at the same time.
//!
//! - [`target`]: what `--db` names, a SQLite file or a PostgreSQL database, read the way
//!   libpq reads it (URL, key=value, `PG*` variables); a password there is refused.
//! - [`connect`]: the connection, with the password from `PGPASSWORD` or the password
//!   file and TLS when the server offers it.
//! - [`schema`]: SQLite's migrations in PostgreSQL's words, applied once however many
//!   programs start together.
//! - [`retry`]: running a transaction again after a serialization failure or a deadlock.
//! - [`open`]: connect and migrate, for the store ([`crate::store::Store::open_target`]);
//!   the client's errors as [`crate::store::StoreError`]s.
//! - [`copy`]: `db copy`, a SQLite file into an empty PostgreSQL database.
//!
//! It sits under `store` because its engine types must not leave it (architecture.md); it
//! is public (hidden from the docs) only for the PostgreSQL tests.

pub mod connect;
pub mod copy;
pub mod open;
pub mod retry;
pub mod schema;
pub mod target;
pub mod tls;

pub use connect::{ConnectError, connect, connect_target};
pub use retry::{Retryable, with_retry};
pub use schema::{SchemaError, migrate};
pub use target::{DbTarget, PgTarget, TargetError};
