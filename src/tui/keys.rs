//! Keys to actions. The bindings are the ones in the help bar and the README.

use super::app::{App, Screen};
use super::backend::Backend;
use super::widgets::SelectKey;
use crate::domain::rules::date;
use crate::domain::{Field, Step};
use crate::wizard::{Effect, Event, FieldKind, OptValue, Value};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

impl App {
    /// Handles one key press and returns the effects for the runner.
    pub fn on_key(&mut self, key: KeyEvent, backend: &mut dyn Backend) -> Vec<Effect> {
        if ctrl(&key, 'c') {
            // Nothing asked: the terminal loop saves the draft on the way out.
            self.quit = true;
            return Vec::new();
        }
        if ctrl(&key, 'z') {
            self.suspend = true;
            return Vec::new();
        }
        if self.placing.is_some() {
            // *Bestellen* waits for the database: a key must not change the order unseen.
            // Ctrl+C and Ctrl+Z (above) still work.
            return Vec::new();
        }
        if self.too_small.get() {
            // The operator can't see the page: a key must not change the order unseen.
            // Ctrl+C and Ctrl+Z (above) still work; everything waits for a larger window.
            return Vec::new();
        }
        self.message = None;
        if self.help {
            self.help = false;
            return Vec::new();
        }
        if key.code == KeyCode::F(1) {
            self.help = true;
            return Vec::new();
        }
        match self.screen {
            Screen::Menu => self.menu_key(key, backend),
            Screen::Overview => {
                self.overview_key(key, backend);
                Vec::new()
            }
            Screen::Wizard => self.wizard_key(key),
            Screen::Placed(_) => self.back_to_menu(),
        }
    }

    /// A pasted text (bracketed paste): one edit of the text field or list filter that has
    /// the focus, filtered by that field's input limits. Returns whether the screen changed.
    pub fn paste(&mut self, text: &str, backend: &mut dyn Backend) -> bool {
        if self.placing.is_some() || self.too_small.get() || self.help {
            return false;
        }
        self.message = None;
        match self.screen {
            Screen::Wizard => {
                let (changed, effects) = self.wizard_paste(text);
                self.settle(effects, backend);
                changed
            }
            Screen::Overview => self.overview.as_mut().is_some_and(|o| o.paste(text, backend)),
            Screen::Menu | Screen::Placed(_) => false,
        }
    }

    /// Whether the paste changed anything, and the effects of the change.
    fn wizard_paste(&mut self, text: &str) -> (bool, Vec<Effect>) {
        if let Some(list) = self.list.as_mut() {
            return (list.select.paste(text), Vec::new());
        }
        let Some(editing) = self.editing.as_mut() else { return (false, Vec::new()) };
        if !editing.input.paste(text) {
            return (false, Vec::new());
        }
        let (field, value) = (editing.field, editing.input.value().to_string());
        (true, self.on_event(Event::Set(field, Value::Text(value))))
    }

    /// The menu's entries: one per voice product, "continue" while an order is paused, quit.
    pub(super) fn menu_entries(&self) -> Vec<MenuEntry> {
        let mut entries: Vec<MenuEntry> = (0..self.catalog.voices.len()).map(MenuEntry::Order).collect();
        entries.push(MenuEntry::Overview);
        if self.wizard.is_some() {
            entries.push(MenuEntry::Resume);
        }
        entries.extend((0..self.drafts.len()).map(MenuEntry::Draft));
        entries.push(MenuEntry::Quit);
        entries
    }

    fn menu_key(&mut self, key: KeyEvent, backend: &mut dyn Backend) -> Vec<Effect> {
        let entries = self.menu_entries();
        let chosen = match key.code {
            KeyCode::Up | KeyCode::BackTab => {
                self.menu = self.menu.checked_sub(1).unwrap_or(entries.len() - 1);
                None
            }
            KeyCode::Down | KeyCode::Tab => {
                self.menu = (self.menu + 1) % entries.len();
                None
            }
            KeyCode::Enter => entries.get(self.menu).copied(),
            // Esc goes back everywhere else; pressed once too often it must not end the
            // program. q (and the menu entry) quits.
            KeyCode::Char('q') => Some(MenuEntry::Quit),
            KeyCode::Delete | KeyCode::Char('d') => {
                let highlighted = entries.get(self.menu).copied();
                return match highlighted.and_then(|e| self.draft_of(e)) {
                    Some(id) => self.discard_draft(id),
                    None => Vec::new(),
                };
            }
            KeyCode::Char(c) => c.to_digit(10).and_then(|d| entries.get((d as usize).checked_sub(1)?)).copied(),
            _ => None,
        };
        match chosen {
            Some(MenuEntry::Order(i)) => {
                let voice = self.catalog.voices.get(i).map(|v| v.id.clone());
                self.start_order(voice.as_deref(), backend)
            }
            Some(MenuEntry::Overview) => {
                self.open_overview(backend);
                Vec::new()
            }
            Some(MenuEntry::Resume) => {
                self.screen = Screen::Wizard;
                Vec::new()
            }
            Some(entry @ MenuEntry::Draft(_)) => match self.draft_of(entry) {
                Some(id) => self.resume_draft(id),
                None => Vec::new(),
            },
            Some(MenuEntry::Quit) => {
                self.quit = true;
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// The saved draft a menu entry stands for.
    fn draft_of(&self, entry: MenuEntry) -> Option<crate::domain::DraftId> {
        match entry {
            MenuEntry::Draft(i) => self.drafts.get(i).map(|d| d.id),
            _ => None,
        }
    }

    fn wizard_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(w) = self.wizard.as_ref() else { return Vec::new() };
        if self.list.is_some() {
            return self.list_key(key);
        }
        let step = w.step();
        let focus = w.focus();
        if ctrl(&key, 'n') {
            return self.on_event(Event::Next);
        }
        if ctrl(&key, 's') && step == Step::Confirm {
            return self.on_event(Event::SaveAnswers);
        }
        match key.code {
            KeyCode::Esc if step == Step::Customer => {
                let effects = self.back_to_menu();
                self.menu = self.menu_entries().iter().position(|e| *e == MenuEntry::Resume).unwrap_or(0);
                return effects;
            }
            KeyCode::Esc => return self.on_event(Event::Back),
            KeyCode::Tab | KeyCode::Down => return self.on_event(Event::FocusNext),
            KeyCode::BackTab | KeyCode::Up => return self.on_event(Event::FocusPrev),
            KeyCode::PageDown if step == Step::Confirm => {
                self.confirm_scroll = self.confirm_scroll.saturating_add(5);
                return Vec::new();
            }
            KeyCode::PageUp if step == Step::Confirm => {
                self.confirm_scroll = self.confirm_scroll.saturating_sub(5);
                return Vec::new();
            }
            KeyCode::Char(c @ '1'..='7') if step == Step::Confirm => {
                let target = Step::ALL[(c as usize) - ('1' as usize)];
                return self.on_event(Event::Edit(target));
            }
            _ => {}
        }
        let Some(field) = focus else {
            return if key.code == KeyCode::Enter { self.on_event(Event::Enter) } else { Vec::new() };
        };
        match field.kind() {
            FieldKind::Select => self.select_key(field, key),
            FieldKind::Checkbox => match key.code {
                KeyCode::Char(' ') => self.on_event(Event::Toggle(field)),
                KeyCode::Enter => self.on_event(Event::Enter),
                _ => Vec::new(),
            },
            FieldKind::SimSearch => {
                if key.code == KeyCode::Enter && w.offers_sim_list() {
                    self.open_list(field);
                    return Vec::new();
                }
                self.text_key(field, key)
            }
            FieldKind::Date => match date_step(&key, w.text(field)) {
                Some(days) => {
                    // Checked by date_step: the date steps. Past the calendar's end it stays.
                    let stepped = date::stepped(w.text(field), w.today(), days);
                    stepped.map(|text| self.on_event(Event::Set(field, Value::Text(text)))).unwrap_or_default()
                }
                None => self.text_key(field, key),
            },
            FieldKind::Pin | FieldKind::Text => self.text_key(field, key),
        }
    }

    /// A closed dropdown: Enter opens it while it needs an answer and moves on once it has
    /// one; Space opens it always; typing opens it filtered.
    fn select_key(&mut self, field: Field, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter if !self.wizard.as_ref().is_some_and(|w| w.needs_answer(field)) => {
                return self.on_event(Event::Enter);
            }
            KeyCode::Enter | KeyCode::Char(' ') => {
                self.open_list(field);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if let Some(list) = self.open_list(field) {
                    list.select.type_ahead(&c.to_string());
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// An open list: move, filter, take, close.
    fn list_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(list) = self.list.as_mut() else { return Vec::new() };
        match list.select.on_key(key) {
            SelectKey::Close => self.list = None,
            SelectKey::Take(index) => {
                let field = list.field;
                let value = index.and_then(|i| list.value(i));
                self.list = None;
                let Some(value) = value else { return Vec::new() };
                // Whether taking it moves on is the wizard's to say.
                return self.on_event(Event::Pick(field, option_value(value)));
            }
            SelectKey::Changed | SelectKey::Ignored => {}
        }
        Vec::new()
    }

    /// Every text-like field (text, date, PIN, SIM) edits here, the same way: Enter moves
    /// on; the editing keys of tui-input (Backspace, Delete, ←/→, Home/End, Ctrl+U, Ctrl+W,
    /// Ctrl+K) work everywhere; the first character typed after the field got the focus
    /// replaces the value shown. An edit that would give a value the field's rule can
    /// never accept (a character it doesn't allow, longer than its maximum) is dropped.
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

/// An entry of the *Bestellen* menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MenuEntry {
    /// Order with the n-th voice product of the catalog.
    Order(usize),
    /// *Bestellübersicht*.
    Overview,
    /// Go back to the order that was left with Esc.
    Resume,
    /// Resume the n-th saved draft of the operator.
    Draft(usize),
    Quit,
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
