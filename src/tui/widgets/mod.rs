//! The widgets every screen draws with. Each draws itself and handles its own keys; a
//! screen puts them together and says what a change means (a wizard event, an overview
//! effect). No screen draws its own popup, clips its own text or marks its own list.
//!
//! - [`select`]: a dropdown with type-ahead (the wizard's lists).
//! - [`text_field`]: the one text field, over tui-input, with the field table's limits and
//!   paste as one edit (the wizard, a dropdown's filter, the overview's filter and SIM).
//! - [`checkbox`]: `▸ [x] label`, a price at the right.
//! - [`list`]: a short list with a marker (the menu, the actions, the SIMs, the reasons).
//! - [`popup`]: a bordered box over the screen.
//! - [`text`]: clipping, padding and wrapping by display width.

pub mod checkbox;
pub mod list;
pub mod popup;
pub mod select;
pub mod text;
pub mod text_field;

pub use checkbox::Checkbox;
pub use list::MarkedList;
pub use popup::Popup;
pub use select::{Options, Select, SelectKey};
pub use text_field::TextField;
