//! *Bestätigen*: the summary by step, prices and totals, warnings, the invoice checkbox.

use super::Page;
use crate::domain::order::warnings;
use crate::domain::pricing::{priced_answers, totals};
use crate::domain::{Field, Step};
use crate::i18n::Lang;
use crate::summary;
use crate::tui::theme::Theme;
use crate::tui::widgets::Checkbox;
use crate::tui::widgets::text::{self, wrap};
use crate::wizard::Wizard;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Width of the price column.
const PRICES_W: u16 = 31;
/// Below this width the price column gives way to a line of totals.
const NARROW: u16 = 76;
/// Width of a section's heading ("3 Add-ons").
const HEADING_W: usize = 14;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &Page, w: &Wizard, theme: &Theme) -> Option<Rect> {
    // Narrow terminals get the totals under the summary instead of a price column.
    let narrow = area.width < NARROW;
    let mut bottom = if narrow { totals_line(app, w, theme) } else { Vec::new() };
    bottom.extend(bottom_lines(app, w, area.width as usize, theme));
    let [top, bottom_area] =
        area.layout(&Layout::vertical([Constraint::Min(0), Constraint::Length(bottom.len() as u16)]));
    let price_width = if narrow { 0 } else { PRICES_W };
    let [summary, prices] = top.layout(&Layout::horizontal([Constraint::Min(0), Constraint::Length(price_width)]));
    let lines = summary_lines(app, w, summary.width.saturating_sub(1) as usize, theme);
    frame.render_widget(Paragraph::new(lines).scroll((app.confirm_scroll, 0)), summary);
    if !narrow {
        let block = Block::new().borders(Borders::LEFT);
        frame.render_widget(Paragraph::new(price_lines(app, w, PRICES_W as usize - 1, theme)).block(block), prices);
    }
    frame.render_widget(Paragraph::new(bottom), bottom_area);
    None
}

/// Warnings, the invoice checkbox and, unticked, the manual-invoice note; the texts wrapped
/// to `width`, never cut mid-word.
fn bottom_lines(app: &Page, w: &Wizard, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let mut lines: Vec<Line> = Vec::new();
    for x in warnings(w.answers(), &w.facts()) {
        for (i, part) in wrap((t.warning)(x), width.saturating_sub(2).max(10)).into_iter().enumerate() {
            let mark = if i == 0 { "! " } else { "  " };
            lines.push(Line::styled(format!("{mark}{part}"), theme.warning));
        }
    }
    let focused = w.focus() == Some(Field::AutoInvoice);
    let style = if focused { theme.label_focus } else { theme.label };
    let label = (t.field_label)(Field::AutoInvoice);
    let checked = w.answers().auto_invoice;
    lines.push(Checkbox { checked, focused, label, right: "", style }.line(0));
    if !w.answers().auto_invoice {
        for part in wrap(t.manual_invoice_note, width.saturating_sub(6).max(10)) {
            lines.push(Line::styled(format!("      {part}"), theme.notice));
        }
    }
    // *Bestellen*: the last stop of the focus, and the only place where Enter orders.
    let on_button = w.order_button_focused();
    let (marker, style) = if on_button { ("▸ ", theme.highlight) } else { ("  ", theme.label_focus) };
    lines.push(Line::from(vec![Span::raw(marker), Span::styled(format!("[ {} ]", t.place_order), style)]));
    lines
}

/// Each step as a heading followed by its answers, one per line, wrapped beside the heading.
fn summary_lines(app: &Page, w: &Wizard, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let mut lines = Vec::new();
    for step in Step::ALL.into_iter().filter(|s| *s != Step::Confirm) {
        let heading = format!("{} {}", step.index() + 1, (t.step_name)(step));
        let mut first = true;
        for item in summary::section(app.lang, w, step) {
            for part in wrap(&item, width.saturating_sub(HEADING_W).max(10)) {
                let head = if first { heading.clone() } else { String::new() };
                first = false;
                lines.push(Line::from(vec![
                    Span::styled(format!("{head:<HEADING_W$}"), theme.panel_title),
                    Span::raw(part),
                ]));
            }
        }
    }
    lines
}

/// "Summe: 9,90 € einmalig · 28,60 €/Monat", for narrow terminals.
fn totals_line(app: &Page, w: &Wizard, theme: &Theme) -> Vec<Line<'static>> {
    vec![Line::styled(summary::totals_text(app.lang, w), theme.panel_title)]
}

/// One line per priced product with its one-time and monthly amount, then the totals.
fn price_lines(app: &Page, w: &Wizard, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let lang = app.lang;
    let products = priced_answers(w.catalog(), w.answers());
    let amount_w = 7;
    let name_w = width.saturating_sub(2 * amount_w + 1);
    let row = |name: &str, one: &str, monthly: &str| {
        let name = text::pad(&text::clip(name, name_w), name_w);
        format!(" {name}{}{}", text::pad_left(one, amount_w), text::pad_left(monthly, amount_w))
    };
    let mut lines = vec![
        Line::styled(format!(" {}", t.prices), theme.panel_title),
        Line::styled(row("", t.one_time_short, t.monthly_short), theme.help),
    ];
    let cents = |c: i64| if c == 0 { String::new() } else { short_money(c, lang) };
    for (_, name, price) in products.iter().filter(|(_, _, p)| !p.is_free()) {
        lines.push(Line::raw(row(lang.name(name), &cents(price.one_time_cents), &cents(price.monthly_cents))));
    }
    let sum = totals(products.iter().map(|(_, _, p)| p));
    lines.push(Line::styled(
        row(t.total, &short_money(sum.one_time_cents, lang), &short_money(sum.monthly_cents, lang)),
        theme.panel_title,
    ));
    lines
}

/// An amount without the currency sign, for the narrow price columns ("14,90").
fn short_money(cents: i64, lang: Lang) -> String {
    lang.money(cents).replace(['€', ' '], "")
}
