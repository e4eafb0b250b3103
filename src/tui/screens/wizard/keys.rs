//! The wizard's keys: what each key means on a page, an open list or a text field. The
//! bindings are the ones in the key bar and the README.

use super::lists::OpenList;
use super::{WizardKey, WizardScreen};
use crate::domain::rules::{RuleError, date};
use crate::domain::{Field, Step};
use crate::tui::widgets::{Checkbox, SelectKey};
use crate::wizard::{Effect, Event, FieldKind, OptValue, Value};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Ctrl + a letter.
pub(in crate::tui) fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

impl WizardScreen {
    /// Handles a key on the wizard.
    pub fn on_key(&mut self, key: KeyEvent) -> WizardKey {
        if self.list.is_some() {
            return WizardKey::Effects(self.list_key(key));
        }
        let w = &self.wizard;
        let step = w.step();
        if ctrl(&key, 'n') {
            return self.event(Event::Next);
        }
        if ctrl(&key, 's') && step == Step::Confirm {
            return self.event(Event::SaveAnswers);
        }
        match key.code {
            KeyCode::Esc if step == Step::Customer => return WizardKey::ToMenu,
            KeyCode::Esc => return self.event(Event::Back),
            KeyCode::Tab | KeyCode::Down => return self.event(Event::FocusNext),
            KeyCode::BackTab | KeyCode::Up => return self.event(Event::FocusPrev),
            KeyCode::PageDown if step == Step::Confirm => {
                self.confirm_scroll = self.confirm_scroll.saturating_add(5);
                return WizardKey::Effects(Vec::new());
            }
            KeyCode::PageUp if step == Step::Confirm => {
                self.confirm_scroll = self.confirm_scroll.saturating_sub(5);
                return WizardKey::Effects(Vec::new());
            }
            KeyCode::Char(c @ '1'..='7') if step == Step::Confirm => {
                let target = Step::ALL[(c as usize) - ('1' as usize)];
                return self.event(Event::Edit(target));
            }
            _ => {}
        }
        WizardKey::Effects(self.field_key(key))
    }

    fn event(&mut self, event: Event) -> WizardKey {
        WizardKey::Effects(self.on_event(event))
    }

    /// A key for the focused field, by its kind.
    fn field_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let w = &self.wizard;
        let Some(field) = w.focus() else {
            return if key.code == KeyCode::Enter { self.on_event(Event::Enter) } else { Vec::new() };
        };
        match field.kind() {
            FieldKind::Select => self.select_key(field, key),
            FieldKind::Checkbox if Checkbox::toggles(&key) => self.on_event(Event::Toggle(field)),
            FieldKind::Checkbox if key.code == KeyCode::Enter => self.on_event(Event::Enter),
            FieldKind::Checkbox => Vec::new(),
            FieldKind::SimSearch if key.code == KeyCode::Enter && w.offers_sim_list() => self.open_list(field),
            FieldKind::Date => match date_step(&key, w.text(field)) {
                Some(days) => {
                    // Checked by date_step: the date steps. Past the calendar's end it stays.
                    let stepped = date::stepped(w.text(field), w.today(), days);
                    stepped.map(|text| self.on_event(Event::Set(field, Value::Text(text)))).unwrap_or_default()
                }
                None => self.text_key(field, key),
            },
            FieldKind::SimSearch | FieldKind::Pin | FieldKind::Text => self.text_key(field, key),
        }
    }

    /// A closed dropdown: Enter opens it while it needs an answer and moves on once it has
    /// one; Space opens it always; typing opens it filtered.
    fn select_key(&mut self, field: Field, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter if !self.wizard.needs_answer(field) => self.on_event(Event::Enter),
            KeyCode::Enter | KeyCode::Char(' ') => self.open_list(field),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.open_list(field);
                if let Some(list) = self.list.as_mut() {
                    list.select.type_ahead(&c.to_string());
                }
                self.search_list()
            }
            _ => Vec::new(),
        }
    }

    /// Opens the dropdown of a field; a searched list asks the store for the first
    /// screenful.
    pub(in crate::tui) fn open_list(&mut self, field: Field) -> Vec<Effect> {
        self.list = Some(OpenList::open(&self.wizard, field, self.lang));
        self.search_list()
    }

    /// The open searched list's search for what was typed: the store answers with the
    /// rows ([`OpenList::refresh`]); a newer search supersedes it.
    fn search_list(&mut self) -> Vec<Effect> {
        let Some(list) = self.list.as_ref().filter(|l| l.is_searched()) else { return Vec::new() };
        let (field, query) = (list.field, list.select.query.value().to_string());
        if field == Field::Customer {
            return self.on_event(Event::FindCustomers(query));
        }
        if query == self.wizard.list_filter(field) {
            return Vec::new(); // What the list shows already.
        }
        self.on_event(Event::FindInList(field, query))
    }

    /// The next screenful of a searched list, once the highlight nears the end of those found.
    fn more_options(&mut self) -> Vec<Effect> {
        let Some(field) = self.list.as_ref().filter(|l| l.wants_more()).map(|l| l.field) else { return Vec::new() };
        match field {
            _ if !self.wizard.more_options(field) => Vec::new(),
            Field::Customer => self.on_event(Event::MoreCustomers),
            _ => self.on_event(Event::MoreInList(field)),
        }
    }

    /// An open list: move, filter, take, close.
    fn list_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(list) = self.list.as_mut() else { return Vec::new() };
        let typed = list.select.query.value().to_string();
        match list.select.on_key(key) {
            SelectKey::Close => {
                let field = list.field;
                self.list = None;
                // Closed without a choice: what was typed into it is gone with it.
                if !self.wizard.list_filter(field).is_empty() {
                    return self.on_event(Event::FindInList(field, String::new()));
                }
            }
            SelectKey::Take(index) => {
                let field = list.field;
                let value = index.and_then(|i| list.value(i));
                self.list = None;
                let Some(value) = value else { return Vec::new() };
                // Whether taking it moves on is the wizard's to say.
                return self.on_event(Event::Pick(field, option_value(value)));
            }
            SelectKey::Changed if list.select.query.value() != typed => return self.search_list(),
            SelectKey::Changed => return self.more_options(),
            SelectKey::Ignored => {}
        }
        Vec::new()
    }

    /// Every text-like field (text, date, PIN, SIM) edits here, the same way, in the one
    /// [`crate::tui::widgets::TextField`]: Enter moves on; its editing keys work
    /// everywhere; the first character typed after the field got the focus replaces the
    /// value shown; an edit the field's input limits can never accept is dropped.
    fn text_key(&mut self, field: Field, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Enter {
            return self.on_event(Event::Enter);
        }
        let Some(editing) = self.editing.as_mut().filter(|e| e.field == field) else { return Vec::new() };
        if !editing.input.on_key(key) {
            return Vec::new();
        }
        let value = editing.input.value().to_string();
        self.on_event(Event::Set(field, Value::Text(value)))
    }

    /// A pasted text: one edit of the open list's filter or the focused text field.
    /// Returns whether it changed anything, and the effects of the change. A paste refused
    /// whole (a control character in it) changes no value: a text field says why next to
    /// it; for an open list, whose popup covers that place, the refusal is returned, for
    /// the message line.
    pub fn paste(&mut self, text: &str) -> (bool, Vec<Effect>, Option<RuleError>) {
        if let Some(list) = self.list.as_mut() {
            return match list.select.paste(text) {
                Ok(changed) => {
                    let effects = if changed { self.search_list() } else { Vec::new() };
                    (changed, effects, None)
                }
                Err(error) => (true, Vec::new(), Some(error)),
            };
        }
        let Some(editing) = self.editing.as_mut() else { return (false, Vec::new(), None) };
        let field = editing.field;
        match editing.input.paste(text) {
            Ok(false) => (false, Vec::new(), None),
            Ok(true) => {
                let value = editing.input.value().to_string();
                (true, self.on_event(Event::Set(field, Value::Text(value))), None)
            }
            Err(error) => (true, self.on_event(Event::PasteRefused(field, error)), None),
        }
    }
}

/// The keys that move a date by a day, `+` and `-`, when the domain says the date steps
/// ([`date::can_step`]). Returns the days to move by.
fn date_step(key: &KeyEvent, text: &str) -> Option<i64> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    let days = match key.code {
        KeyCode::Char('+') => 1,
        KeyCode::Char('-') => -1,
        _ => return None,
    };
    date::can_step(text).then_some(days)
}

fn option_value(v: OptValue) -> Value {
    match v {
        OptValue::Choice(id) => Value::Choice(Some(id)),
        OptValue::Id(id) => Value::Id(Some(id)),
        OptValue::PortWhen(p) => Value::PortWhen(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_like_field_takes_its_input_from_its_rule() {
        for f in Field::EACH {
            let text_like =
                matches!(f.kind(), FieldKind::Text | FieldKind::Date | FieldKind::Pin | FieldKind::SimSearch);
            assert_eq!(crate::domain::validate::input(f).is_some(), text_like, "{f:?}");
        }
    }

    #[test]
    fn plus_and_minus_step_a_date_only_when_it_is_empty_or_complete() {
        let key = |c| KeyEvent::from(KeyCode::Char(c));
        assert_eq!(date_step(&key('-'), "2027"), None, "2027- is being typed");
        assert_eq!(date_step(&key('-'), "26.11.2026"), Some(-1));
        assert_eq!(date_step(&key('+'), "2026-11-26"), Some(1));
        assert_eq!(date_step(&key('+'), ""), Some(1));
        assert_eq!(date_step(&key('1'), "26.11.2026"), None);
    }
}
