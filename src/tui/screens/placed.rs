//! The message after *Bestellen*: the new order number.

use crate::domain::order::PlacedOrder;
use crate::i18n::Lang;
use crate::i18n::fill;
use crate::tui::theme::Theme;
use crate::tui::widgets::Popup;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the message; any key leads back to the menu (the app's router does that).
pub fn draw(frame: &mut Frame, lang: Lang, order: &PlacedOrder, theme: &Theme) {
    let t = lang.texts();
    let [title, body] = frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0)]));
    frame.render_widget(Paragraph::new(format!(" {}", t.app_title)).style(theme.title), title);
    let state = crate::summary::placed_state(lang, order);
    let lines = vec![
        Line::raw(""),
        Line::styled(fill(t.placed_body, &[&order.order_no]), theme.panel_title),
        Line::raw(""),
        Line::raw(state),
        Line::raw(""),
        Line::styled(t.any_key, theme.help),
    ];
    let area = body.centered(Constraint::Max(60), Constraint::Length(8));
    frame.render_widget(&Popup::new(lines).title(t.placed_title).wrapped(), area);
}
