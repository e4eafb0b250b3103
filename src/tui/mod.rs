//! The terminal: key mapping, screens and widgets over ratatui.
//!
//! [`App`] holds the screen state and turns keys into wizard events; drawing is a plain
//! function of the state ([`App::draw`]), so tests drive both on a `TestBackend` without a
//! terminal. SQL never happens here: effects go to a handler the caller supplies.

mod app;
mod filter;
mod form_state;
mod keys;
mod run;
mod theme;
mod view;

pub use app::{App, Screen};
pub use filter::{Filter, Haystack, haystack};
pub use run::{Interrupted, run, set_crash_log};
