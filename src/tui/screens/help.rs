//! F1: the focused field's whole *Erläuterung* (as the portal's help page gives it), then
//! the keys, over whatever screen is up.

use crate::i18n::{Lang, fill};
use crate::tui::theme::Theme;
use crate::tui::widgets::Popup;
use crate::tui::widgets::text::wrap;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use std::cell::Cell;

/// Whether F1's help is open, and how far it is scrolled. It is drawn over whichever screen
/// is on top (the screen stays what it was), so it is a layer of the router rather than a
/// screen of its own.
#[derive(Debug, Default)]
pub struct Help {
    open: bool,
    /// The first row of the text shown.
    first: usize,
    /// Rows of text the last drawing showed, and the most `first` can be then: what a
    /// drawing measured for the keys after it (the terminal's size lives there).
    page: Cell<usize>,
    last_first: Cell<usize>,
}

impl Help {
    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Its keys: F1 opens it; while it is open PgDn/PgUp (and ↓/↑) scroll a text longer than
    /// the terminal, and any other key closes it. Returns whether the key was its own (then
    /// nothing else happens).
    pub fn on_key(&mut self, key: &KeyEvent) -> bool {
        if !self.open {
            self.open = key.code == KeyCode::F(1);
            self.first = 0;
            return self.open;
        }
        let page = self.page.get().max(1);
        match key.code {
            KeyCode::PageDown => self.first = (self.first + page).min(self.last_first.get()),
            KeyCode::Down => self.first = (self.first + 1).min(self.last_first.get()),
            KeyCode::PageUp => self.first = self.first.saturating_sub(page),
            KeyCode::Up => self.first = self.first.saturating_sub(1),
            _ => self.open = false,
        }
        true
    }
}

/// `field` is the focused field's label and help text, when a wizard page has the focus.
pub fn draw(frame: &mut Frame, help: &Help, lang: Lang, field: Option<(&str, &str)>, theme: &Theme) {
    let t = lang.texts();
    let screen = frame.area();
    let width = screen.width.min(76);
    let inner = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some((label, text)) = field {
        lines.push(Line::styled(format!(" {label}"), theme.panel_title));
        lines.extend(wrap(text, inner).into_iter().map(|l| Line::raw(format!(" {l}"))));
        lines.push(Line::raw(""));
    }
    // A key's explanation wraps beside the key column (within the borders, a column kept
    // free before the right one), never cut mid-word.
    const KEY_W: usize = 18;
    let key_room = (width as usize).saturating_sub(3 + KEY_W).max(10);
    for (key, what) in t.help_keys {
        for (i, row) in wrap(what, key_room).into_iter().enumerate() {
            let key = if i == 0 { format!(" {key:<17}") } else { " ".repeat(KEY_W) };
            lines.push(Line::from(vec![Span::styled(key, theme.panel_title), Span::raw(row)]));
        }
    }
    // On a short terminal the text scrolls: the last row says where and how.
    let room = screen.height.saturating_sub(2) as usize;
    if lines.len() > room && room > 1 {
        let page = room - 1;
        let last_first = lines.len() - page;
        let first = help.first.min(last_first);
        help.page.set(page);
        help.last_first.set(last_first);
        let total = lines.len();
        lines = lines.into_iter().skip(first).take(page).collect();
        let (from, to) = ((first + 1).to_string(), (first + page).to_string());
        lines.push(Line::styled(format!(" {}", fill(t.help_scroll, &[&from, &to, &total.to_string()])), theme.help));
    } else {
        help.page.set(0);
        help.last_first.set(0);
    }
    let height = lines.len() as u16 + 2;
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    // The whole rows go blank, so no half-hidden words of the page show beside the box.
    frame.render_widget(&Popup::new(lines).title(t.help_title).whole_rows(), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_opens_the_help_pages_scroll_it_and_any_other_key_closes_it() {
        let mut help = Help::default();
        assert!(!help.on_key(&KeyEvent::from(KeyCode::Tab)), "not its key while closed");
        assert!(help.on_key(&KeyEvent::from(KeyCode::F(1))));
        assert!(help.is_open());
        assert!(help.on_key(&KeyEvent::from(KeyCode::PageDown)), "taken");
        assert!(help.is_open(), "PgDn scrolls, it does not close (defect 8)");
        assert!(help.on_key(&KeyEvent::from(KeyCode::PageUp)));
        assert!(help.is_open());
        assert!(help.on_key(&KeyEvent::from(KeyCode::Char('x'))), "taken, so it changes nothing else");
        assert!(!help.is_open());
    }
}
