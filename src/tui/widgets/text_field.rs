//! The one text field: over tui-input, with the field's input limits from the domain's
//! field table, a value that the first typed character replaces, and a paste taken as one
//! edit. The wizard's text fields, a dropdown's filter and the overview's inputs use it.

use crate::domain::rules::Input as Limits;
use crate::domain::rules::RuleError;
use crate::domain::rules::text::is_unsafe_for_terminal;
use ratatui::Frame;
use ratatui::crossterm::event::{Event as TermEvent, KeyEvent};
use ratatui::layout::{Position, Rect};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// A line of text being edited.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
    /// The field just got the focus with a value: the first character typed (or a paste)
    /// replaces it, as in a form whose field selects its text on focus; any other editing
    /// key keeps it.
    replace: bool,
    /// What the field's rule can ever accept; `None` takes any text (a filter).
    limits: Option<Limits>,
}

impl TextField {
    /// An empty field that takes any text.
    pub fn new() -> Self {
        TextField::default()
    }

    /// A field holding `value`, cursor at the end, taking only what `limits` allow.
    pub fn with_value(value: &str, limits: Option<Limits>) -> Self {
        TextField { input: Input::new(value.to_string()), replace: false, limits }
    }

    /// Like [`TextField::with_value`], with the value selected: typing replaces it.
    pub fn selected(value: &str, limits: Option<Limits>) -> Self {
        TextField { replace: !value.is_empty(), ..TextField::with_value(value, limits) }
    }

    /// The text.
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Whether the next typed character replaces the value (it is shown selected).
    pub fn is_selected(&self) -> bool {
        self.replace
    }

    /// Whether the limits allow `value` (always, without limits).
    fn fits(&self, value: &str) -> bool {
        self.limits.is_none_or(|l| value.chars().count() <= l.max_len && value.chars().all(l.allows))
    }

    /// An editing key (Backspace, Delete, ←/→, Home/End, Ctrl+U, Ctrl+W, Ctrl+K, a
    /// character). Returns whether the value changed; an edit that gives a value the limits
    /// can never accept (a character they don't allow, longer than their maximum) is dropped.
    pub fn on_key(&mut self, key: KeyEvent) -> bool {
        let Some(request) = to_input_request(&TermEvent::Key(key)) else { return false };
        let (before, replace) = (self.input.clone(), self.replace);
        if replace && matches!(request, InputRequest::InsertChar(_)) {
            self.input = Input::default();
        }
        self.replace = false;
        self.input.handle(request);
        if !self.fits(self.input.value()) {
            self.input = before;
            self.replace = replace;
            return false;
        }
        self.input.value() != before.value()
    }

    /// A pasted text, as one edit at the cursor (replacing a selected value). Line breaks
    /// and tabs become spaces where the field takes spaces; characters the field never
    /// takes are left out (an ICCID pasted with dashes); a line break at the end goes. Past
    /// the field's maximum length nothing more is taken, as when typing: the first
    /// characters that fit go in. Returns whether the value changed.
    ///
    /// Any other control character (an ESC and what follows it, C0, DEL, C1) or a
    /// bidirectional override refuses the whole paste, value unchanged, with
    /// [`RuleError::NotPrintable`] for the field to show: such a paste is not the text it
    /// looks like, and dropping the character or turning it into a space would change it
    /// unseen ("Mül\x1bler" stored as "Mül ler").
    pub fn paste(&mut self, pasted: &str) -> Result<bool, RuleError> {
        let layout = |c: char| matches!(c, '\n' | '\r' | '\t');
        if pasted.chars().any(|c| is_unsafe_for_terminal(c) && !layout(c)) {
            return Err(RuleError::NotPrintable);
        }
        let allows = |c: char| self.limits.is_none_or(|l| (l.allows)(c));
        let inner = pasted.trim_matches(layout).replace("\r\n", "\n");
        let spaced = inner.chars().map(|c| if layout(c) { ' ' } else { c });
        let clean: String = spaced.filter(|c| allows(*c)).collect();
        if clean.is_empty() {
            return Ok(false);
        }
        let (before, cursor) = (self.input.value().to_string(), self.input.cursor());
        // What stays of the value beside the paste, and so the room left for it.
        let kept = if self.replace { 0 } else { before.chars().count() };
        let room = self.limits.map_or(usize::MAX, |l| l.max_len.saturating_sub(kept));
        let clean: String = clean.chars().take(room).collect();
        if clean.is_empty() {
            return Ok(false);
        }
        let value = if self.replace {
            clean.clone()
        } else {
            let at = before.char_indices().nth(cursor).map_or(before.len(), |(i, _)| i);
            format!("{}{clean}{}", &before[..at], &before[at..])
        };
        if !self.fits(&value) {
            return Ok(false);
        }
        let cursor = if self.replace { clean.chars().count() } else { cursor + clean.chars().count() };
        self.input = Input::new(value).with_cursor(cursor);
        self.replace = false;
        Ok(self.input.value() != before)
    }

    /// The first character shown when `columns` are visible (the text scrolls with the
    /// cursor).
    pub fn scroll(&self, columns: usize) -> usize {
        self.input.visual_scroll(columns.saturating_sub(1))
    }

    /// The part of the value shown in `columns`.
    pub fn visible(&self, columns: usize) -> String {
        self.value().chars().skip(self.scroll(columns)).collect()
    }

    /// Puts the terminal's cursor where the field's cursor is, the field's text starting at
    /// `area`'s top left corner and `area.width` columns wide.
    pub fn place_cursor(&self, frame: &mut Frame, area: Rect) {
        let x = self.input.visual_cursor().saturating_sub(self.scroll(area.width as usize)) as u16;
        frame.set_cursor_position(Position::new(area.x + x.min(area.width.saturating_sub(1)), area.y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::{iccid, text};
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::from(KeyCode::Char(c))
    }

    #[test]
    fn a_typed_character_the_limits_refuse_changes_nothing() {
        let mut f = TextField::with_value("8949", Some(iccid::QUERY_INPUT));
        assert!(!f.on_key(key('x')));
        assert!(f.on_key(key('1')));
        assert_eq!(f.value(), "89491");
        assert!(f.on_key(KeyEvent::from(KeyCode::Backspace)));
        assert!(f.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)), "Ctrl+U clears");
        assert_eq!(f.value(), "");
    }

    #[test]
    fn the_first_typed_character_replaces_a_selected_value_and_a_cursor_key_keeps_it() {
        let mut f = TextField::selected("Alt", None);
        assert!(f.is_selected());
        assert!(f.on_key(key('N')));
        assert_eq!(f.value(), "N");
        let mut f = TextField::selected("Alt", None);
        assert!(!f.on_key(KeyEvent::from(KeyCode::Left)));
        assert!(!f.is_selected());
        assert!(f.on_key(key('x')));
        assert_eq!(f.value(), "Alxt");
    }

    #[test]
    fn a_pasted_iccid_is_one_edit_without_what_the_field_never_takes() {
        let mut f = TextField::new();
        let mut f2 = TextField::with_value("", Some(iccid::QUERY_INPUT));
        assert!(f2.paste("8949-0200-0000-1234-5678\n").unwrap());
        assert_eq!(f2.value(), "89490200000012345678");
        // Without limits (a filter) the text goes in as it is, the line break gone.
        assert!(f.paste("Maier GmbH\n").unwrap());
        assert_eq!(f.value(), "Maier GmbH");
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_or_replaces_a_selected_value() {
        let mut f = TextField::with_value("Anna", Some(text::NAME_INPUT));
        assert!(!f.on_key(KeyEvent::from(KeyCode::Home)), "moving the cursor is no change");
        assert!(f.paste("Maria ").unwrap());
        assert_eq!(f.value(), "Maria Anna");
        let mut f = TextField::selected("Anna", Some(text::NAME_INPUT));
        assert!(f.paste("Jörg\r\nMüller").unwrap());
        assert_eq!(f.value(), "Jörg Müller", "the line break became a space");
        // The cursor stands after the pasted text: typing goes on from there.
        assert!(f.on_key(key('!')));
        assert_eq!(f.value(), "Jörg Müller!");
    }

    /// Defect 1: a paste past the maximum keeps what fits, as typing does (it took nothing).
    #[test]
    fn a_paste_too_long_for_the_field_keeps_the_first_characters_that_fit() {
        let max = iccid::QUERY_INPUT.max_len;
        let mut f = TextField::with_value("", Some(iccid::QUERY_INPUT));
        assert!(f.paste(&format!("{}-2", "1".repeat(max))).unwrap());
        assert_eq!(f.value(), "1".repeat(max), "the dash left out first, then cut at the maximum");
        assert!(!f.paste("3").unwrap(), "full: nothing more");
        let mut f = TextField::with_value("", Some(iccid::QUERY_INPUT));
        assert!(!f.paste("\n\t").unwrap(), "nothing but white space is no edit");
        let long = "x".repeat(text::NAME_INPUT.max_len);
        let mut f = TextField::with_value("a", Some(text::NAME_INPUT));
        assert!(f.paste(&long).unwrap());
        assert_eq!(f.value(), format!("a{}", &long[1..]), "the room left after the value");
        let mut f = TextField::selected("alt", Some(text::NAME_INPUT));
        assert!(f.paste(&format!("{long}y")).unwrap());
        assert_eq!(f.value(), long, "a selected value makes room: it is replaced");
    }

    /// Defect 9: an ESC or another control character in a paste refuses it whole, the value
    /// as it was; line breaks and tabs are layout and become spaces.
    #[test]
    fn a_paste_with_a_control_character_is_refused_whole() {
        for bad in
            ["Mül\u{1b}ler", "REF\u{1b}[31mX", "a\u{9b}b", "a\0b", "a\u{7f}", "\u{1b}", "x\u{202e}y", "Erika\u{1b}\n"]
        {
            let mut f = TextField::with_value("Anna", Some(text::NAME_INPUT));
            assert_eq!(f.paste(bad), Err(RuleError::NotPrintable), "{bad:?}");
            assert_eq!(f.value(), "Anna", "{bad:?}");
            let mut filter = TextField::new();
            assert_eq!(filter.paste(bad), Err(RuleError::NotPrintable), "a filter too: {bad:?}");
        }
        let mut f = TextField::selected("Anna", Some(text::NAME_INPUT));
        assert_eq!(f.paste("Mül\tler\n"), Ok(true));
        assert_eq!(f.value(), "Mül ler", "a tab is layout: a space");
    }

    #[test]
    fn the_visible_part_follows_the_cursor() {
        let f = TextField::with_value("0123456789", None);
        assert_eq!(f.visible(5), "6789");
        assert_eq!(TextField::with_value("abc", None).visible(10), "abc");
    }
}
