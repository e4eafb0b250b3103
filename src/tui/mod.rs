//! The terminal: a thin shell over the wizard, drawn with ratatui.
//!
//! [`App`] is a router: [`Screen`] says which screen is on top, and the screen (in
//! `screens/`, one module each: menu, wizard, placed, overview, help) owns its state, its keys
//! and its drawing. Screens ask for work as data ([`Job`]: the wizard's effects, the menu's,
//! the overview's); [`App::settle`] carries it out with a [`Backend`] (the runner) and hands
//! the answers back to the screen that asked. Screens draw with the widgets in `widgets/`
//! (select with type-ahead, the one text field, checkbox, marked list, popup, clipping and
//! wrapping by display width). Rules and flow are not decided here: they are the wizard's and
//! the domain's; SQL never happens here.
//!
//! **Where things are**, for step 5 (*SIM*) as an example. It is drawn in
//! `screens/wizard/form.rs` like every page of fields (one row per field of
//! `Wizard::fields`, the page's notes from `Wizard::page_notes`), inside the chrome of
//! `screens/wizard/frame.rs`; the list of matching SIMs is `widgets/select.rs`. Its keys are
//! in `screens/wizard/keys.rs` (`field_key`: the SIM search is a text field, and Enter opens
//! the list when `Wizard::offers_sim_list` says so). Its words are in `src/i18n/de.rs` and
//! `en.rs` (`field_label`, `field_help` for `Field::SimOption` and `Field::Sim`, `sim_chosen`,
//! `page_note(Warning::SimNotLinked)`). What it takes and checks is not here: the field
//! table `src/domain/field.rs` (input limits from `domain/rules/iccid.rs`) and the SIM rules
//! in `domain/validate.rs`.

mod app;
mod backend;
mod filter;
mod mouse;
mod run;
mod screens;
pub mod theme;
mod tty;
mod wake;
pub mod widgets;
mod wire;

pub use app::{App, Hit, Job, Screen};
pub use backend::{Backend, CountNews, CountReport, PlaceNews, PlaceReport};
pub use filter::{Filter, Haystack, haystack};
pub use run::{Interrupted, NoDraft, mark_no_draft, run, set_crash_log};
pub use screens::overview::{OverviewEffect, OverviewEvent};
pub use theme::Theme;
pub use wire::WireBackend;
