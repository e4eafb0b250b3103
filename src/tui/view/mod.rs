//! Drawing: one file per screen, plain functions of the state.

mod confirm;
mod form;
mod frame;
mod help;
mod menu;
mod placed;

use super::app::{App, Screen};
use super::overview::Ctx;
use super::theme::Theme;
use super::widgets::text;
use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

/// A key line (" · " between its entries) for `width` columns, with its leading space. When
/// it is too long, entries go from the end, whole, rather than one being cut mid-word; the
/// ones that leave or move on (Esc, q, F1, Ctrl+N) stay to the last, what Enter does nearly
/// as long.
pub(in crate::tui) fn fit_keys(text: &str, width: usize) -> String {
    let mut entries: Vec<&str> = text.split(" · ").collect();
    let essential = |e: &str| {
        e.starts_with("Esc")
            || e.starts_with("q ")
            || e.starts_with("F1")
            || e.contains("Strg+N")
            || e.contains("Ctrl+N")
    };
    let len = |entries: &[&str]| 1 + entries.iter().map(|e| text::width(e) + 3).sum::<usize>() - 3;
    while entries.len() > 1 && len(&entries) > width {
        // What Enter does goes last but the essential ones.
        let i = entries
            .iter()
            .rposition(|e| !essential(e) && !e.starts_with("Enter"))
            .or_else(|| entries.iter().rposition(|e| !essential(e)))
            .unwrap_or(0);
        entries.remove(i);
    }
    format!(" {}", entries.join(" · "))
}

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

impl App {
    /// Draws the whole screen.
    pub fn draw(&self, frame: &mut Frame) {
        self.hits.borrow_mut().clear();
        let theme = self.theme;
        let area = frame.area();
        self.too_small.set(area.width < MIN_WIDTH || area.height < MIN_HEIGHT);
        if self.too_small.get() {
            // Nothing is lost: the state stays as it is until the terminal is large again.
            let t = self.lang.texts();
            let text = fill(
                t.too_small,
                &[&MIN_WIDTH.to_string(), &MIN_HEIGHT.to_string(), &area.width.to_string(), &area.height.to_string()],
            );
            frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), area);
            return;
        }
        match &self.screen {
            Screen::Menu => menu::draw(frame, self, &theme),
            Screen::Wizard => frame::draw(frame, self, &theme),
            Screen::Placed(order) => placed::draw(frame, self, order, &theme),
            Screen::Overview => self.draw_overview(frame, &theme),
        }
        if self.help {
            let t = self.lang.texts();
            let field = match (&self.screen, self.wizard.as_ref().and_then(|w| w.focus())) {
                (Screen::Wizard, Some(f)) => Some(((t.field_label)(f), (t.field_help)(f))),
                _ => None,
            };
            help::draw(frame, self.lang, field, &theme);
        }
    }
}

impl App {
    fn draw_overview(&self, frame: &mut Frame, theme: &Theme) {
        let Some(overview) = self.overview.as_ref() else { return };
        let t = self.lang.texts();
        let [title, body] = frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0)]));
        frame.render_widget(Paragraph::new(format!(" {} · {}", t.menu_section, t.ov_title)).style(theme.title), title);
        let customers = self.customers.list();
        let ctx = Ctx { lang: self.lang, catalog: &self.catalog, customers: &customers, theme };
        overview.draw(frame, body, &ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_line_loses_whole_entries_and_keeps_esc() {
        let line = "Enter/Tab Feld · Leertaste Liste · Strg+N Weiter · Esc Zurück · F1 Hilfe";
        assert_eq!(fit_keys(line, 80), format!(" {line}"));
        assert_eq!(fit_keys(line, 60), " Enter/Tab Feld · Strg+N Weiter · Esc Zurück · F1 Hilfe");
        assert_eq!(
            fit_keys("↑↓ Auswahl · Tippen filtert · Enter Übernehmen · Esc Schließen", 60).trim(),
            "↑↓ Auswahl · Enter Übernehmen · Esc Schließen"
        );
    }
}
