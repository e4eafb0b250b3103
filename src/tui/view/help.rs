//! F1: the keys, over whatever screen is up.

use super::super::theme::Theme;
use crate::i18n::Lang;
use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub(super) fn draw(frame: &mut Frame, lang: Lang, theme: &Theme) {
    let t = lang.texts();
    let lines: Vec<Line> = t
        .help_keys
        .iter()
        .map(|(key, what)| Line::from(vec![Span::styled(format!(" {key:<17}"), theme.panel_title), Span::raw(*what)]))
        .collect();
    let height = lines.len() as u16 + 2;
    let area = frame.area().centered(Constraint::Max(76), Constraint::Length(height));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", t.help_title))), area);
}
