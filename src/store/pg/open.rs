//! Opening a PostgreSQL database for the store: connect, then bring the schema up to date;
//! the client library's errors become [`StoreError`]s that name the host and the database
//! and never a credential.

use super::target::{PgTarget, describe};
use super::{SchemaError, connect_target, migrate};
use crate::store::{OpenMode, StoreError};
use postgres::Client;
use std::path::PathBuf;

/// Connects to `target` and applies the missing migrations (once, however many programs
/// start together).
///
/// A database without this program's tables is made one only with [`OpenMode::Create`] and
/// only when it is empty: a command that reads or changes existing orders refuses it
/// ([`StoreError::Missing`]), and a database holding another program's tables is refused
/// ([`StoreError::Foreign`]) rather than filled with ours.
pub fn open(target: &PgTarget, mode: OpenMode) -> Result<Client, StoreError> {
    let mut client = connect_target(target).map_err(StoreError::Connect)?;
    let refused = |e: postgres::Error| server_error(target, &e);
    let ours: bool = client.query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[]).map_err(refused)?.get(0);
    if !ours {
        if mode == OpenMode::MustExist {
            return Err(StoreError::Missing { path: PathBuf::from(describe(target.config())) });
        }
        let other: Option<String> = client
            .query_opt(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1 LIMIT 1",
                &[],
            )
            .map_err(refused)?
            .map(|r| r.get(0));
        if let Some(table) = other {
            return Err(StoreError::Foreign { target: describe(target.config()), table });
        }
    }
    migrate(&mut client).map_err(|e| match e {
        SchemaError::TooNew { found, known } => StoreError::TooNew { found, known },
        SchemaError::Db(e) => server_error(target, &e),
    })?;
    Ok(client)
}

/// A refused statement as a [`StoreError`] naming the database, with the server's own
/// message ([`super::connect::reason`]).
pub fn server_error(target: &PgTarget, e: &postgres::Error) -> StoreError {
    StoreError::Server { target: describe(target.config()), reason: super::connect::reason(e) }
}
