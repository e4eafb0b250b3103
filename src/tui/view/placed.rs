//! The message after *Bestellen*: the new order number.

use super::super::app::App;
use super::super::theme::Theme;
use crate::domain::order::PlacedOrder;
use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame, app: &App, order: &PlacedOrder, theme: &Theme) {
    let t = app.lang.texts();
    let [title, body] = frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0)]));
    frame.render_widget(Paragraph::new(format!(" {}", t.app_title)).style(theme.title), title);
    let state = crate::summary::placed_state(app.lang, order);
    let lines = vec![
        Line::raw(""),
        Line::styled(fill(t.placed_body, &[&order.order_no]), theme.panel_title),
        Line::raw(""),
        Line::raw(state),
        Line::raw(""),
        Line::styled(t.any_key, theme.help),
    ];
    let area = body.centered(Constraint::Max(60), Constraint::Length(8));
    let block = Block::bordered().title(format!(" {} ", t.placed_title));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}
