//! A short list with a marker on the highlighted entry: the menu, the actions on an order,
//! the SIMs to pick from, the reasons to cancel for. It moves with ↑↓ (PgUp/PgDn, Home/End).

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A list of entries, one highlighted (or none yet).
pub struct MarkedList<'a> {
    items: &'a [String],
    highlight: Option<usize>,
    /// The gap after each entry's number ("1  "), or no numbers.
    numbered: Option<&'static str>,
    /// Unstyled space before each entry.
    indent: &'static str,
    style: Style,
    highlight_style: Style,
}

impl<'a> MarkedList<'a> {
    /// The entries, none highlighted, drawn in `style`; the highlighted one in `highlight`.
    pub fn new(items: &'a [String], style: Style, highlight: Style) -> Self {
        MarkedList { items, highlight: None, numbered: None, indent: "", style, highlight_style: highlight }
    }

    /// Highlights entry `i`, if any.
    pub fn highlight(mut self, i: Option<usize>) -> Self {
        self.highlight = i;
        self
    }

    /// Numbers the entries from 1 (the digit chooses them), `gap` after the number.
    pub fn numbered(mut self, gap: &'static str) -> Self {
        self.numbered = Some(gap);
        self
    }

    /// Unstyled space before each entry.
    pub fn indent(mut self, indent: &'static str) -> Self {
        self.indent = indent;
        self
    }

    /// One line per entry: "▸ 1  Eintrag" for the highlighted one.
    pub fn lines(&self) -> Vec<Line<'static>> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let on = self.highlight == Some(i);
                let marker = if on { "▸" } else { " " };
                let number = self.numbered.map(|gap| format!("{}{gap}", i + 1)).unwrap_or_default();
                let style = if on { self.highlight_style } else { self.style };
                let entry = format!("{marker} {number}{text}");
                if self.indent.is_empty() {
                    Line::styled(entry, style)
                } else {
                    Line::from(vec![Span::raw(self.indent), Span::styled(entry, style)])
                }
            })
            .collect()
    }
}

/// The highlight after a moving key in a list of `len` entries, stopping at the ends; `None`
/// for a key that does not move. Nothing highlighted yet: either arrow takes the first.
pub fn moved(highlight: Option<usize>, len: usize, key: &KeyEvent) -> Option<usize> {
    let last = len.checked_sub(1)?;
    let at = highlight.unwrap_or(0);
    let to = match key.code {
        KeyCode::Up if highlight.is_none() => 0,
        KeyCode::Down if highlight.is_none() => 0,
        KeyCode::Up => at.saturating_sub(1),
        KeyCode::Down => at + 1,
        KeyCode::PageUp => at.saturating_sub(10),
        KeyCode::PageDown => at + 10,
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => return None,
    };
    Some(to.min(last))
}

/// The entry a digit key chooses (1 the first), if there is one.
pub fn digit(len: usize, key: &KeyEvent) -> Option<usize> {
    let KeyCode::Char(c) = key.code else { return None };
    let i = (c.to_digit(10)? as usize).checked_sub(1)?;
    (i < len).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highlighted_entry_is_marked_and_numbered() {
        let items = ["Eins".to_string(), "Zwei".to_string()];
        let list = MarkedList::new(&items, Style::new(), Style::new()).highlight(Some(1)).numbered("  ").indent("  ");
        let lines: Vec<String> = list.lines().iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, ["    1  Eins", "  ▸ 2  Zwei"]);
        let plain: Vec<String> =
            MarkedList::new(&items, Style::new(), Style::new()).lines().iter().map(|l| l.to_string()).collect();
        assert_eq!(plain, ["  Eins", "  Zwei"]);
    }

    #[test]
    fn arrows_stop_at_the_ends_and_the_first_arrow_takes_the_first_entry() {
        let key = |c| KeyEvent::from(c);
        assert_eq!(moved(Some(0), 3, &key(KeyCode::Up)), Some(0));
        assert_eq!(moved(Some(2), 3, &key(KeyCode::Down)), Some(2));
        assert_eq!(moved(None, 3, &key(KeyCode::Down)), Some(0));
        assert_eq!(moved(None, 3, &key(KeyCode::Up)), Some(0));
        assert_eq!(moved(Some(1), 3, &key(KeyCode::End)), Some(2));
        assert_eq!(moved(Some(1), 0, &key(KeyCode::Down)), None, "nothing to move in");
        assert_eq!(moved(Some(1), 3, &key(KeyCode::Enter)), None);
        assert_eq!(digit(3, &key(KeyCode::Char('3'))), Some(2));
        assert_eq!(digit(3, &key(KeyCode::Char('4'))), None);
        assert_eq!(digit(3, &key(KeyCode::Char('0'))), None);
    }
}
