//! The terminal: key mapping, screens and widgets over ratatui.
//!
//! [`App`] holds the screen state and turns keys into wizard events; drawing is a plain
//! function of the state ([`App::draw`]), so tests drive both on a `TestBackend` without a
//! terminal. SQL never happens here: database work goes through a [`Backend`].

mod app;
mod backend;
mod customers;
mod filter;
mod form_state;
mod keys;
mod mouse;
mod overview;
mod run;
pub mod theme;
mod tty;
mod view;
mod wake;
pub mod widgets;
mod wire;

pub use app::{App, Screen};
pub use backend::{Backend, PlaceNews, PlaceReport};
pub use customers::Loaded;
pub use filter::{Filter, Haystack, haystack};
pub use run::{Interrupted, run, set_crash_log};
pub use theme::Theme;
pub use wire::WireBackend;
