//! comuniq-order: a terminal wizard that orders COMuniq ONE users with a mobile phone.
//!
//! The layers follow `../shared/docs/architecture.md`: [`domain`] (catalog, rules, pricing)
//! → [`store`] (SQLite) → [`wizard`] (pure state machine) → [`tui`] (terminal) → `main.rs`
//! (command line). [`i18n`] holds every user-facing string.

pub mod demo;
pub mod domain;
pub mod i18n;
pub mod line;
pub mod private_files;
pub mod runner;
pub mod store;
pub mod summary;
pub mod tui;
pub mod wizard;
