//! A checkbox line: `▸ [x] label`, with something on the right (an add-on's price).

use super::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// One checkbox, as a wizard page or the summary shows it.
pub struct Checkbox<'a> {
    /// Ticked.
    pub checked: bool,
    /// Has the focus: marked with "▸".
    pub focused: bool,
    /// What it stands for.
    pub label: &'a str,
    /// Shown at the right edge (a price), or empty.
    pub right: &'a str,
    /// The style of the whole line.
    pub style: Style,
}

impl Checkbox<'_> {
    /// Space takes and gives back the tick; the key is the checkbox's, what the tick means
    /// is the caller's (the wizard's `Toggle`).
    pub fn toggles(key: &ratatui::crossterm::event::KeyEvent) -> bool {
        key.code == ratatui::crossterm::event::KeyCode::Char(' ')
    }

    /// The line in `width` columns: the right-hand text ends a column before the edge.
    /// Width 0 gives the line as short as it is.
    pub fn line(&self, width: usize) -> Line<'static> {
        let marker = if self.focused { "▸ " } else { "  " };
        let mark = if self.checked { "[x]" } else { "[ ]" };
        let left = format!("{marker}{mark} {}", self.label);
        if self.right.is_empty() {
            return Line::styled(text::pad(&left, width.saturating_sub(1)), self.style);
        }
        if width == 0 {
            return Line::styled(format!("{left} {}", self.right), self.style);
        }
        // At least one space between the label and the price: a label too long for its room
        // is cut with "…" rather than run into the price.
        let room = width.saturating_sub(text::width(self.right) + 2);
        Line::styled(format!("{} {}", text::pad(&text::clip(&left, room), room), self.right), self.style)
    }
}

impl Widget for &Checkbox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.line(area.width as usize).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkbox_shows_its_tick_its_focus_and_its_price_at_the_edge() {
        let style = Style::new();
        let line = Checkbox { checked: true, focused: true, label: "Fax", right: "1,00 €", style }.line(20);
        assert_eq!(line.to_string(), "▸ [x] Fax    1,00 €");
        let line = Checkbox { checked: false, focused: false, label: "Fax", right: "", style }.line(0);
        assert_eq!(line.to_string(), "  [ ] Fax");
        // Defect 7: a label as long as the room still leaves a space before the price.
        let line = Checkbox { checked: false, focused: false, label: "MultiSIM (zweite)", right: "9,90 €", style };
        let shown = line.line(30).to_string();
        assert!(shown.ends_with("… 9,90 €"), "cut, then a space: {shown:?}");
        assert_eq!(text::width(&shown), 29, "{shown:?}");
        assert!(Checkbox::toggles(&ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(' ')
        )));
    }
}
