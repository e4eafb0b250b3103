//! The ordering wizard on the screen: the [`Wizard`] (the flow, pure) and what the terminal
//! keeps between keys: an open list, the text being edited, the summary's scroll.
//!
//! - keys.rs: what a key means on a page, in a list, in a text field.
//! - frame.rs: the chrome (title, step bar, help line, key bar) and the open list.
//! - form.rs: a page of fields (steps 1–7), confirm.rs: *Bestätigen* (step 8).
//! - lists.rs: what an open list offers, and the text field being edited.

mod confirm;
mod form;
mod frame;
mod keys;
mod lists;

pub(in crate::tui) use keys::ctrl;
pub(in crate::tui) use lists::{Editing, OpenList};

use super::super::app::Hit;
use crate::i18n::Lang;
use crate::tui::theme::Theme;
use crate::wizard::{Effect, Event, FieldKind, Wizard};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::cell::RefCell;

/// The wizard's screen.
pub struct WizardScreen {
    /// The flow and the answers.
    pub wizard: Wizard,
    /// The dropdown that is open, if any.
    pub list: Option<OpenList>,
    /// The text field of the focused text-like field.
    pub editing: Option<Editing>,
    /// How far *Bestätigen*'s summary is scrolled.
    pub confirm_scroll: u16,
    lang: Lang,
}

/// What a key on the wizard asks of the app.
#[derive(Debug)]
pub enum WizardKey {
    /// Carry these out.
    Effects(Vec<Effect>),
    /// Esc on step 1: back to the menu, the order kept.
    ToMenu,
}

/// What drawing the wizard's page reads: the screen's state and the app's message.
pub(super) struct Page<'a> {
    lang: Lang,
    wizard: Option<&'a Wizard>,
    list: &'a Option<OpenList>,
    editing: &'a Option<Editing>,
    confirm_scroll: u16,
    /// A message for the operator, shown in place of the help line.
    message: &'a Option<String>,
    /// Where the frame puts what a click can reach.
    hits: &'a RefCell<Vec<(Rect, Hit)>>,
}

impl WizardScreen {
    /// The wizard on the screen, its text field following the focus.
    pub fn new(wizard: Wizard, lang: Lang) -> Self {
        let mut s = WizardScreen { wizard, list: None, editing: None, confirm_scroll: 0, lang };
        s.sync_editing();
        s
    }

    /// Passes an event to the wizard; the text field follows the focus.
    pub fn on_event(&mut self, event: Event) -> Vec<Effect> {
        let effects = self.wizard.handle(event);
        self.sync_editing();
        if let Some(list) = self.list.as_mut() {
            list.refresh(&self.wizard);
        }
        effects
    }

    /// Makes the text field follow the focused field.
    pub fn sync_editing(&mut self) {
        let w = &self.wizard;
        let focus = w
            .focus()
            .filter(|f| matches!(f.kind(), FieldKind::Text | FieldKind::Date | FieldKind::Pin | FieldKind::SimSearch));
        match (focus, self.editing.as_ref()) {
            (None, _) => self.editing = None,
            (Some(f), Some(e)) if e.field == f && e.input.value() == w.text(f) => {}
            (Some(f), _) => self.editing = Some(Editing::new(f, w.text(f))),
        }
    }

    /// Draws the wizard: the chrome, the page or *Bestätigen*, an open list. `message` is
    /// shown in place of the help line; `hits` gets what a click can reach.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, message: &Option<String>, hits: &RefCell<Vec<(Rect, Hit)>>) {
        let page = Page {
            lang: self.lang,
            wizard: Some(&self.wizard),
            list: &self.list,
            editing: &self.editing,
            confirm_scroll: self.confirm_scroll,
            message,
            hits,
        };
        frame::draw(frame, &page, theme);
    }
}
