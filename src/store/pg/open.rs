//! Opening a PostgreSQL database for the store: connect, then bring the schema up to date;
//! the client library's errors become [`StoreError`]s that name the host and the database
//! and never a credential.

use super::target::{PgTarget, describe};
use super::{SchemaError, connect_target, migrate};
use crate::store::StoreError;
use postgres::Client;

/// Connects to `target` and applies the missing migrations (once, however many programs
/// start together).
pub fn open(target: &PgTarget) -> Result<Client, StoreError> {
    let mut client = connect_target(target).map_err(StoreError::Connect)?;
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
