//! F1: the focused field's whole *Erläuterung* (as the portal's help page gives it), then
//! the keys, over whatever screen is up.

use crate::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::Popup;
use crate::tui::widgets::text::wrap;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};

/// Whether F1's help is open. It is drawn over whichever screen is on top (the screen stays
/// what it was), so it is a layer of the router rather than a screen of its own.
#[derive(Debug, Default)]
pub struct Help {
    open: bool,
}

impl Help {
    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Its keys: F1 opens it, and while it is open any key closes it. Returns whether the
    /// key was its own (then nothing else happens).
    pub fn on_key(&mut self, key: &KeyEvent) -> bool {
        let own = self.open || key.code == KeyCode::F(1);
        self.open = !self.open && own;
        own
    }
}

/// `field` is the focused field's label and help text, when a wizard page has the focus.
pub fn draw(frame: &mut Frame, lang: Lang, field: Option<(&str, &str)>, theme: &Theme) {
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
    lines.extend(
        t.help_keys.iter().map(|(key, what)| {
            Line::from(vec![Span::styled(format!(" {key:<17}"), theme.panel_title), Span::raw(*what)])
        }),
    );
    // On a short terminal the field's text comes first; the keys that do not fit are cut,
    // and the last row says so.
    let room = screen.height.saturating_sub(2) as usize;
    if lines.len() > room && room > 0 {
        lines.truncate(room - 1);
        lines.push(Line::styled(" …", theme.help));
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
    fn f1_opens_the_help_and_any_key_closes_it() {
        let mut help = Help::default();
        assert!(!help.on_key(&KeyEvent::from(KeyCode::Tab)), "not its key while closed");
        assert!(help.on_key(&KeyEvent::from(KeyCode::F(1))));
        assert!(help.is_open());
        assert!(help.on_key(&KeyEvent::from(KeyCode::Char('x'))), "taken, so it changes nothing else");
        assert!(!help.is_open());
    }
}
