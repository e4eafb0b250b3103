//! A box over the screen: what it covers is cleared, then its lines are drawn in a border.
//! The actions, *SIM verbinden*, *Stornieren*, F1's help and an open dropdown are popups.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// A bordered box of lines, with an optional title.
pub struct Popup<'a> {
    title: Option<String>,
    lines: Vec<Line<'a>>,
    /// Clear the whole rows the box stands on, so no half-hidden words show beside it.
    whole_rows: bool,
    /// Wrap lines longer than the box at words.
    wrap: bool,
}

impl<'a> Popup<'a> {
    /// A box holding `lines`.
    pub fn new(lines: Vec<Line<'a>>) -> Self {
        Popup { title: None, lines, whole_rows: false, wrap: false }
    }

    /// A title in the top border (" title ").
    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(format!(" {title} "));
        self
    }

    /// Clears the box's rows across the whole screen, not only under the box.
    pub fn whole_rows(mut self) -> Self {
        self.whole_rows = true;
        self
    }

    /// Wraps lines longer than the box at words, instead of cutting them.
    pub fn wrapped(mut self) -> Self {
        self.wrap = true;
        self
    }

    /// The rows it needs: its lines and the two borders.
    pub fn height(&self) -> u16 {
        self.lines.len() as u16 + 2
    }

    /// Where the box stands when centred in `area`, at most `width` wide.
    pub fn centered(&self, area: Rect, width: u16) -> Rect {
        area.centered(Constraint::Max(width), Constraint::Length(self.height()))
    }
}

impl Widget for &Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cleared = if self.whole_rows { Rect { x: buf.area.x, width: buf.area.width, ..area } } else { area };
        Clear.render(cleared.intersection(buf.area), buf);
        let block = match &self.title {
            Some(title) => Block::bordered().title(title.as_str()),
            None => Block::bordered(),
        };
        let paragraph = Paragraph::new(self.lines.clone()).block(block);
        let paragraph = if self.wrap { paragraph.wrap(Wrap { trim: true }) } else { paragraph };
        paragraph.render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn screen(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
            .collect()
    }

    #[test]
    fn a_popup_clears_what_it_covers_and_draws_its_title_and_lines() {
        let mut buf = Buffer::filled(Rect::new(0, 0, 20, 5), ratatui::buffer::Cell::new("x"));
        let popup = Popup::new(vec![Line::raw("eins")]).title("T");
        let area = popup.centered(buf.area, 10);
        assert_eq!(area, Rect::new(5, 1, 10, 3));
        popup.render(area, &mut buf);
        assert_eq!(
            screen(&buf),
            [
                "xxxxxxxxxxxxxxxxxxxx",
                "xxxxx┌ T ─────┐xxxxx",
                "xxxxx│eins    │xxxxx",
                "xxxxx└────────┘xxxxx",
                "xxxxxxxxxxxxxxxxxxxx"
            ]
        );
    }

    #[test]
    fn a_popup_on_whole_rows_clears_them_across_the_screen() {
        let mut buf = Buffer::filled(Rect::new(0, 0, 12, 3), ratatui::buffer::Cell::new("x"));
        let popup = Popup::new(vec![Line::raw("a")]).whole_rows();
        popup.render(Rect::new(4, 0, 4, 3), &mut buf);
        assert_eq!(screen(&buf), ["    ┌──┐    ", "    │a │    ", "    └──┘    "]);
    }
}
