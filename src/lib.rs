//! comuniq-order: a terminal wizard that orders COMuniq ONE users with a mobile phone.
//!
//! The layers follow `../shared/docs/architecture.md`, each using only the ones before it:
//! [`domain`] (catalog, field table, rules, pricing; no I/O) → [`store`] (the database: all
//! SQL, one contract) → [`wizard`] (pure state machine: events in, effects out) → [`driver`]
//! (carries out the wizard's effects against the store, hashes the PIN) → [`tui`] (the full
//! screen) → `cli`/`main.rs` (command line, reading files, opening catalog and database).
//! [`i18n`] holds every user-facing string.

pub mod demo;
pub mod domain;
pub mod driver;
pub mod i18n;
pub mod line;
pub mod private_files;
pub mod store;
pub mod summary;
pub mod tui;
pub mod wizard;
