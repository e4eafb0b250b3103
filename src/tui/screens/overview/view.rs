//! Drawing the overview: filter line, table, and the detail, actions, SIM and cancel views.

use super::{Mode, Overview};
use crate::domain::Field;
use crate::domain::catalog::Catalog;
use crate::domain::lifecycle::{self, Action, CancelReason, HistoryEvent, OrderState};
use crate::domain::orders::{OrderDetail, OrderRow};
use crate::domain::rules::phone;
use crate::i18n::{Lang, fill};
use crate::tui::theme::Theme;
use crate::tui::widgets::text;
use crate::tui::widgets::{MarkedList, Popup, TextField};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};

/// What the overview's drawing needs besides its own state.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub catalog: &'a Catalog,
    pub theme: &'a Theme,
}

impl Overview {
    /// Draws the overview into `area` (everything but the title bar).
    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.lang.texts();
        let [filter, table, message, keys] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
        frame.render_widget(Paragraph::new(self.filter_line(ctx)), filter);
        match &self.mode {
            Mode::Detail { detail, scroll } => draw_detail(frame, table, detail, *scroll, ctx),
            _ => self.draw_table(frame, table, ctx),
        }
        if let Some(m) = &self.message {
            let style = if m.error { ctx.theme.error } else { ctx.theme.notice };
            let mark = if m.error { "✗ " } else { "✓ " };
            frame.render_widget(Paragraph::new(Line::styled(format!("{mark}{}", m.text), style)), message);
        }
        let key_help = match &self.mode {
            _ if self.text.is_some() => t.keys_overview_text,
            Mode::Table => t.keys_overview,
            Mode::Detail { .. } => t.keys_detail,
            Mode::Actions { .. } => t.keys_actions,
            Mode::LinkSim { .. } => t.keys_link_sim,
            Mode::ConfirmCancel { .. } => t.keys_confirm_cancel,
        };
        // Only the keys that apply to the order at hand: no "s SIM verbinden" for one that
        // waits for no SIM, no "a Aktionen" for one that allows none (cancelled).
        let status = match &self.mode {
            Mode::Detail { detail, .. } => Some(detail.row.status),
            Mode::Table if self.text.is_none() => self.selected_row().map(|r| r.status),
            _ => None,
        };
        let key_help: String = match status {
            Some(status) => key_help
                .split(" · ")
                .filter(|e| {
                    let no_sim = e.starts_with("s ") && lifecycle::check(Action::LinkSim, status).is_err();
                    let no_actions = e.starts_with("a ") && lifecycle::allowed(status).is_empty();
                    !no_sim && !no_actions
                })
                .collect::<Vec<_>>()
                .join(" · "),
            // Nothing listed: nothing to move to, open or act on.
            None if matches!(self.mode, Mode::Table) && self.text.is_none() && self.page.total == 0 => key_help
                .split(" · ")
                .filter(|e| !["↑↓", "Enter", "a ", "s "].iter().any(|k| e.starts_with(k)))
                .collect::<Vec<_>>()
                .join(" · "),
            None => key_help.to_string(),
        };
        frame.render_widget(
            Paragraph::new(crate::tui::screens::fit_keys(&key_help, keys.width as usize)).style(ctx.theme.keys),
            keys,
        );
        match &self.mode {
            Mode::Actions { row, actions, highlight } => {
                let items: Vec<String> = actions.iter().map(|a| (t.action_name)(*a).to_string()).collect();
                draw_actions(frame, area, row, &items, *highlight, ctx);
            }
            Mode::LinkSim { row, input, candidates, highlight, error } => {
                draw_link(frame, area, row, input, candidates, *highlight, error.as_deref(), ctx)
            }
            Mode::ConfirmCancel { row, chosen } => draw_cancel(frame, area, row, *chosen, ctx),
            _ => {}
        }
        if let Some(input) = &self.text {
            let x = (self.text_column(ctx) + text::width(&format!("{}: ", t.ov_text))) as u16;
            input
                .place_cursor(frame, Rect { x: area.x + x, y: area.y, width: area.width.saturating_sub(x), height: 1 });
        }
    }

    /// Where the text filter starts on the filter line.
    fn text_column(&self, ctx: &Ctx) -> usize {
        let (head, _) = self.filter_parts(ctx);
        text::width(&head)
    }

    /// "Filter: Status alle · Kunde — · " and the text part.
    fn filter_parts(&self, ctx: &Ctx) -> (String, String) {
        let t = ctx.lang.texts();
        let state = self.query.state.map(|s| (t.state_filter)(s)).unwrap_or(t.ov_all);
        let customer = self
            .query
            .customer
            // The rows shown are the customer's: one of them names him.
            .and_then(|id| self.page.rows.iter().find(|r| r.customer_id == id))
            // The number is what identifies; the name, clipped, is for the eye.
            .map(|r| format!("{} {}", r.customer_number, text::take(&r.customer_name, 18)))
            // Filtered to a customer whose orders the text filter hides all: never "alle".
            .unwrap_or_else(|| if self.query.customer.is_some() { "…".to_string() } else { t.ov_all.to_string() });
        let head = format!(" {}: {} {state} · {} {customer} · ", t.ov_filter, t.ov_columns[6], t.ov_customer);
        (head, self.query.text.clone())
    }

    /// "n Bestellungen" for the query shown; "…" while its count is on the way (never the
    /// previous filter's total, which `page.total` may still hold for paging).
    pub(super) fn count_text(&self, lang: crate::i18n::Lang) -> String {
        let t = lang.texts();
        match self.page.total {
            _ if !self.total_known => "…".to_string(),
            1 => t.ov_count_one.to_string(),
            n => fill(t.ov_count, &[&n.to_string()]),
        }
    }

    fn filter_line(&self, ctx: &Ctx) -> Line<'static> {
        let t = ctx.lang.texts();
        let (head, text) = self.filter_parts(ctx);
        let count = self.count_text(ctx.lang);
        let style = if self.text.is_some() { ctx.theme.value_focus } else { ctx.theme.label_focus };
        Line::from(vec![
            Span::styled(head, ctx.theme.label_focus),
            Span::styled(format!("{}: {text}", t.ov_text), style),
            Span::styled(format!("  {count}"), ctx.theme.help),
        ])
    }

    fn draw_table(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.lang.texts();
        let height = area.height.saturating_sub(1) as usize;
        self.page_rows.set(height.max(1));
        if self.page.total == 0 {
            let q = &self.query;
            let text = if q.state.is_none() && q.customer.is_none() && q.text.is_empty() {
                let keys = match ctx.catalog.voices.len() {
                    0 | 1 => "1".to_string(),
                    n => format!("1–{n}"),
                };
                fill(t.ov_none_yet, &[&keys])
            } else {
                t.ov_empty.to_string()
            };
            let lines: Vec<Line> = text::wrap(&text, area.width.saturating_sub(3) as usize)
                .into_iter()
                .map(|l| Line::styled(format!("  {l}"), ctx.theme.placeholder))
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        let cols = columns(area.width, ctx);
        // Page-wise scrolling: the frame only changes when the selection leaves the page.
        let first = (self.selected / height.max(1)) * height.max(1);
        let rows: Vec<Row> = (first..(first + height).min(self.page.total))
            .filter_map(|i| i.checked_sub(self.page.offset).and_then(|j| self.page.rows.get(j)).map(|r| (i, r)))
            .map(|(i, r)| {
                let selected = i == self.selected;
                let style = if selected { ctx.theme.highlight } else { ctx.theme.label };
                let marker = if selected { "▸" } else { " " };
                let cells = cols.iter().map(|&(col, w)| cell(r, col, w as usize, ctx));
                Row::new(std::iter::once(marker.to_string()).chain(cells)).style(style)
            })
            .collect();
        let widths: Vec<Constraint> =
            std::iter::once(Constraint::Length(1)).chain(cols.iter().map(|&(_, w)| Constraint::Length(w))).collect();
        let header = Row::new(
            std::iter::once(String::new())
                .chain(cols.iter().map(|&(col, w)| text::clip(t.ov_columns[col as usize], w as usize))),
        )
        .style(ctx.theme.panel_title);
        frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
    }
}

/// The table's columns, in the order of `ov_columns`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Number = 0,
    Date = 1,
    Customer = 2,
    User = 3,
    Voice = 4,
    Reference = 5,
    Status = 6,
    Billing = 7,
}

/// The narrowest the customer's name gets before a less important column goes.
const CUSTOMER_MIN: u16 = 10;

/// Which columns fit into `width`, and how wide each is. The order number and the state
/// always stay, the customer gets what is left; the reference, the voice product, the user
/// and the date go first, in that order, when the name would get narrower than
/// `CUSTOMER_MIN`. Wider screens give the names room.
fn columns(width: u16, ctx: &Ctx) -> Vec<(Col, u16)> {
    let t = ctx.lang.texts();
    let header = |c: Col| text::width(t.ov_columns[c as usize]) as u16;
    let billing = [t.ov_billing_auto, t.ov_billing_manual]
        .iter()
        .map(|s| text::width(s) as u16)
        .max()
        .unwrap_or(4)
        .max(header(Col::Billing));
    let voice = header(Col::Voice).max(5);
    let mut cols = vec![
        (Col::Number, 11),
        (Col::Date, 8),
        (Col::Customer, 0),
        (Col::User, 8),
        (Col::Voice, voice),
        (Col::Reference, header(Col::Reference).max(6)),
        (Col::Status, 16),
        (Col::Billing, billing),
    ];
    // The marker column and the gaps.
    let used = |cols: &[(Col, u16)]| 1 + cols.iter().map(|&(_, w)| w + 1).sum::<u16>();
    for drop in [Col::Reference, Col::Voice, Col::User, Col::Date] {
        if width.saturating_sub(used(&cols)) >= CUSTOMER_MIN {
            break;
        }
        cols.retain(|&(c, _)| c != drop);
    }
    if width >= 120 {
        // The voice product in full, the rest shared 3 : 2 : 1 by customer, user and reference.
        for (c, w) in cols.iter_mut() {
            match c {
                Col::Voice => *w = 12,
                Col::User | Col::Reference => *w = 0,
                _ => {}
            }
        }
        let rest = width.saturating_sub(used(&cols));
        for (c, w) in cols.iter_mut() {
            match c {
                Col::Customer => *w = rest / 2,
                Col::User => *w = rest / 3,
                Col::Reference => *w = rest - rest / 2 - rest / 3,
                _ => {}
            }
        }
    } else {
        let rest = width.saturating_sub(used(&cols));
        if let Some((_, w)) = cols.iter_mut().find(|(c, _)| *c == Col::Customer) {
            *w = rest;
        }
    }
    cols
}

/// One cell, fitted to `width`.
fn cell(r: &OrderRow, col: Col, width: usize, ctx: &Ctx) -> String {
    let t = ctx.lang.texts();
    let clip = text::clip;
    match col {
        // The year and serial are enough to tell orders apart; `sim link` takes them too.
        Col::Number => {
            let n = r.order_no.strip_prefix("CO-").unwrap_or(&r.order_no);
            // Never cut the serial at its end: that is what tells orders apart.
            text::clip_front(n, width)
        }
        // "2026-11-26 09:30:00" → "26.11.26"
        Col::Date => r
            .created_at
            .get(..10)
            .map(|d| {
                let p: Vec<&str> = d.split('-').collect();
                if p.len() == 3 { format!("{}.{}.{}", p[2], p[1], p[0].get(2..).unwrap_or("")) } else { d.to_string() }
            })
            .unwrap_or_default(),
        Col::Customer => clip(&r.customer_name, width),
        Col::User => clip(&r.user_label(), width),
        Col::Voice => {
            let voice = ctx.catalog.voice(&r.voice).map(|v| ctx.lang.name(&v.name)).unwrap_or(&r.voice);
            abbreviate(voice, width)
        }
        Col::Reference => clip(&r.reference, width),
        Col::Status => clip((t.state_label)(r.status), width),
        Col::Billing => {
            let auto = r.status.auto_invoice || r.status.invoiced;
            (if auto { t.ov_billing_auto } else { t.ov_billing_manual }).to_string()
        }
    }
}

/// A product name in `width` columns: its first word ("Business User" → "Business"), and
/// if that is too long, cut after a consonant and ended with a dot, the way words are
/// abbreviated by hand: "Prof.", "Bus.", "Exp.".
fn abbreviate(name: &str, width: usize) -> String {
    let word = name.split_whitespace().next().unwrap_or(name);
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= width {
        return word.to_string();
    }
    let vowel = |c: char| "aeiouäöüyAEIOUÄÖÜY".contains(c);
    let room = width.saturating_sub(1).max(1);
    // The longest prefix that ends in a consonant followed by a vowel in the word.
    let cut = (2..=room.min(chars.len() - 1))
        .rev()
        .find(|&n| !vowel(chars[n - 1]) && chars[n - 1].is_alphabetic() && vowel(chars[n]))
        .unwrap_or(room);
    format!("{}.", chars[..cut].iter().collect::<String>())
}

fn draw_detail(frame: &mut Frame, area: Rect, d: &OrderDetail, scroll: u16, ctx: &Ctx) {
    let t = ctx.lang.texts();
    let lang = ctx.lang;
    let c = ctx.catalog;
    let label = |f: Field| (t.field_label)(f);
    let name_of = |n: Option<&crate::domain::catalog::Name>, id: &str| {
        n.map(|n| lang.name(n).to_string()).unwrap_or(id.to_string())
    };
    let heading = |s: String| Line::styled(s, ctx.theme.panel_title);
    let item = |k: &str, v: String| Line::raw(format!("  {k:<20}{v}"));
    let mut lines = vec![
        heading(fill(t.detail_title, &[&d.row.order_no])),
        Line::raw(format!("  {}", fill(t.detail_placed_by, &[&d.row.created_at, &d.operator]))),
        item(t.ov_columns[6], state_with_reason(d, ctx)),
        item(label(Field::Customer), format!("{} ({})", d.row.customer_name, d.row.customer_number)),
        item(label(Field::Portfolio), name_of(c.portfolio(&d.portfolio).map(|p| &p.name), &d.portfolio)),
    ];
    // The order texts (the reference...), each "label value", "—" when left empty.
    lines.extend(
        d.texts.iter().map(|(f, v)| item(label(f), if v.is_empty() { t.none.to_string() } else { v.to_string() })),
    );
    lines.extend([
        item(label(Field::StartDate), d.start_date.clone()),
        item(label(Field::Term), name_of(c.term(&d.term).map(|x| &x.name), &d.term)),
        item(label(Field::Voice), name_of(c.voice(&d.row.voice).map(|x| &x.name), &d.row.voice)),
        item(label(Field::Data), name_of(c.data(&d.data).map(|x| &x.name), &d.data)),
        item(label(Field::Sms), name_of(c.sms(&d.sms).map(|x| &x.name), &d.sms)),
    ]);
    let addons: Vec<String> = d.addons.iter().map(|a| name_of(c.addon(a).map(|x| &x.name), a)).collect();
    lines.push(item(label(Field::Addon(0)), if addons.is_empty() { t.none.to_string() } else { addons.join(", ") }));
    // The user himself; the order's display name only if it differs from his name.
    lines.push(item(label(Field::Username), d.row.user_label()));
    if d.display_name != d.row.user {
        lines.push(item(label(Field::DisplayName), d.display_name.clone()));
    }
    lines.push(item(label(Field::SimOption), name_of(c.sim_option(&d.sim_option).map(|x| &x.name), &d.sim_option)));
    lines.push(item(label(Field::Sim), d.iccid.clone().unwrap_or_else(|| t.none.to_string())));
    let number = phone::readable(&d.e164, Some(&d.area_code));
    let number = match (&d.donor, &d.port_date) {
        (Some(donor), date) => format!(
            "{number} ← {} ({})",
            name_of(c.donor(donor).map(|x| &x.name), donor),
            date.clone().unwrap_or_else(|| t.port_immediately.to_string())
        ),
        _ => number,
    };
    lines.push(item(label(Field::NumberType), name_of(c.number_type(&d.number_type).map(|x| &x.name), &d.number_type)));
    lines.push(item(label(Field::Number), number));
    lines.push(item(label(Field::Extension), format!("{} · {}", d.extension, d.display_name)));
    lines.push(item(label(Field::AreaCode), d.area_code.clone()));
    let pin = if d.pin_must_change { t.pin_must_change } else { t.pin_entered };
    lines.push(item(label(Field::Pin), pin.to_string()));
    lines.push(heading(t.detail_invoice_items.to_string()));
    if d.invoice_items.is_empty() {
        lines.push(Line::raw(format!("  {}", t.detail_none)));
    }
    for i in &d.invoice_items {
        let charge = if i.charge == "monthly" { t.monthly } else { t.one_time };
        let until = i.end_date.as_deref().map(|d| format!(" {}", fill(t.item_until, &[d]))).unwrap_or_default();
        lines.push(Line::raw(format!("  {:<36}{:>12} {charge}{until}", i.text, lang.money(i.amount_cents))));
    }
    lines.push(heading(t.detail_history.to_string()));
    for h in &d.history {
        let from = h.from.map(|s| (t.state_name)(s)).unwrap_or("—");
        lines.push(Line::raw(format!(
            "  {} {} {from} → {} {}",
            h.at,
            h.operator,
            (t.state_name)(h.to),
            (t.history_reason)(&h.reason)
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}

/// The order's state; for a cancelled one with the reason it was cancelled for.
fn state_with_reason(d: &OrderDetail, ctx: &Ctx) -> String {
    let t = ctx.lang.texts();
    let state = (t.state_label)(d.row.status);
    let reason = d.history.iter().rev().find_map(|h| match h.reason.event {
        HistoryEvent::Cancelled { reason: Some(r), .. } => Some(r),
        _ => None,
    });
    match reason {
        Some(r) if d.row.status.state == OrderState::Cancelled => format!("{state} ({})", (t.cancel_reason)(r)),
        _ => state.to_string(),
    }
}

/// A small box in the middle of `area`, at most `width` wide.
fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16) -> Rect {
    let popup = Popup::new(lines).title(title);
    let rect = popup.centered(area, width);
    frame.render_widget(&popup, rect);
    rect
}

fn draw_actions(frame: &mut Frame, area: Rect, row: &OrderRow, items: &[String], highlight: usize, ctx: &Ctx) {
    let t = ctx.lang.texts();
    let mut lines = MarkedList::new(items, ctx.theme.label, ctx.theme.highlight).highlight(Some(highlight)).lines();
    if lines.is_empty() {
        lines.push(Line::styled(t.actions_none, ctx.theme.placeholder));
    }
    popup(frame, area, &format!("{} · {}", t.actions_title, row.order_no), lines, 50);
}

#[allow(clippy::too_many_arguments)] // the fields of Mode::LinkSim
fn draw_link(
    frame: &mut Frame,
    area: Rect,
    row: &OrderRow,
    input: &TextField,
    candidates: &[crate::domain::model::Sim],
    highlight: usize,
    error: Option<&str>,
    ctx: &Ctx,
) {
    let t = ctx.lang.texts();
    let mut lines = vec![
        Line::raw(format!("{} · {}", row.customer_name, row.user_label())),
        Line::raw(t.link_sim_prompt),
        Line::styled(format!("> {}", input.value()), ctx.theme.value_focus),
    ];
    if let Some(e) = error {
        let style = if candidates.is_empty() { ctx.theme.error } else { ctx.theme.notice };
        lines.push(Line::styled(e.to_string(), style));
    }
    let iccids: Vec<String> = candidates.iter().map(|s| s.iccid.clone()).collect();
    lines.extend(MarkedList::new(&iccids, ctx.theme.label, ctx.theme.highlight).highlight(Some(highlight)).lines());
    let rect = popup(frame, area, &fill(t.link_sim_title, &[&row.order_no]), lines, 64);
    input.place_cursor(frame, Rect { x: rect.x + 3, y: rect.y + 3, width: rect.width.saturating_sub(4), height: 1 });
}

fn draw_cancel(frame: &mut Frame, area: Rect, row: &OrderRow, chosen: Option<usize>, ctx: &Ctx) {
    let t = ctx.lang.texts();
    let text = fill(t.cancel_question, &[&row.order_no]);
    let mut lines: Vec<Line> = text::wrap(&text, 56).into_iter().map(Line::raw).collect();
    let reasons: Vec<String> = CancelReason::ALL.iter().map(|r| (t.cancel_reason)(*r).to_string()).collect();
    lines.extend(
        MarkedList::new(&reasons, ctx.theme.label, ctx.theme.highlight).highlight(chosen).numbered(" ").lines(),
    );
    popup(frame, area, (t.action_name)(Action::Cancel), lines, 60);
}
