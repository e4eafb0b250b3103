//! The start screen: the *Bestellen* menu.

use super::super::app::App;
use super::super::keys::MenuEntry;
use super::super::theme::Theme;
use super::super::widgets::MarkedList;
use super::super::widgets::text;
use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let t = app.lang.texts();
    let [title, body, keys] =
        frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]));
    frame.render_widget(Paragraph::new(format!(" {}", t.app_title)).style(theme.title), title);

    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!("  {}", t.menu_title), theme.panel_title),
        Line::raw(""),
        Line::styled(format!("  {}", t.menu_section), theme.label),
    ];
    // "  ▸ 1  " before each entry, a column free at the end.
    let room = (body.width as usize).saturating_sub(8);
    let entries: Vec<String> = app
        .menu_entries()
        .iter()
        .map(|entry| match entry {
            MenuEntry::Order(v) => {
                app.catalog.voices.get(*v).map(|v| app.lang.name(&v.name).to_string()).unwrap_or_default()
            }
            MenuEntry::Overview => t.menu_overview.to_string(),
            MenuEntry::Resume => resume_label(app, room),
            MenuEntry::Draft(i) => app.drafts.get(*i).map(|d| draft_label(app, d, room)).unwrap_or_default(),
            MenuEntry::Quit => t.menu_quit.to_string(),
        })
        .collect();
    let list = MarkedList::new(&entries, theme.label, theme.highlight).highlight(Some(app.menu));
    lines.extend(list.numbered("  ").indent("  ").lines());
    lines.push(Line::raw(""));
    let demo = if app.demo { format!("  [{}]", t.menu_demo) } else { String::new() };
    lines.push(Line::styled(format!("  {}: {}{demo}", t.menu_database, app.db_label), theme.help));
    if let Some(msg) = app.message.as_deref() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("  {msg}"), theme.error));
    }
    frame.render_widget(Paragraph::new(lines), body);
    let hint = if app.drafts.is_empty() { t.menu_hint } else { t.menu_hint_drafts };
    frame.render_widget(Paragraph::new(super::fit_keys(hint, keys.width as usize)).style(theme.keys), keys);
}

/// How much of a draft's customer the menu shows at most.
const CUSTOMER_W: usize = 26;

/// `customer` clipped with "…" so that `around` (the rest of the label, `{0}` the customer)
/// fits `room`: the step and the age must stay visible.
fn with_customer(template: &str, customer: &str, args: &[&str], room: usize) -> String {
    let rest = text::width(&fill(template, &[&[""][..], args].concat()));
    let width = room.saturating_sub(rest).clamp(6, CUSTOMER_W);
    fill(template, &[&[&text::clip(customer, width)[..]][..], args].concat())
}

/// "Draft: customer, step n: name, 5 min ago".
fn draft_label(app: &App, d: &crate::domain::DraftSummary, room: usize) -> String {
    let t = app.lang.texts();
    let step = fill(t.menu_step_short, &[&(d.step.index() + 1).to_string()]);
    let customer = d.customer.clone().unwrap_or_else(|| t.none.to_string());
    with_customer(t.menu_draft, &customer, &[&step, &age(app, d.age_minutes)], room)
}

/// An age in minutes, hours or days.
fn age(app: &App, minutes: i64) -> String {
    let t = app.lang.texts();
    match minutes {
        m if m < 1 => t.age_now.to_string(),
        m if m < 60 => fill(t.age_minutes, &[&m.to_string()]),
        m if m < 48 * 60 => fill(t.age_hours, &[&(m / 60).to_string()]),
        m => fill(t.age_days, &[&(m / (24 * 60)).to_string()]),
    }
}

/// "Continue the started order (customer, step n)".
fn resume_label(app: &App, room: usize) -> String {
    let t = app.lang.texts();
    let Some(w) = app.wizard.as_ref() else { return t.menu_resume.to_string() };
    let number = (w.step().index() + 1).to_string();
    let mut step = fill(t.menu_step, &[&number, (t.step_name)(w.step())]);
    let template = format!("{} ({{0}}, {{1}})", t.menu_resume);
    // Narrow: "Schritt 1" without the name, so the customer keeps a readable part.
    if text::width(&fill(&template, &["", &step])) + 10 > room {
        step = fill(t.menu_step_short, &[&number]);
    }
    match w.customer() {
        Some(c) => with_customer(&template, &c.name, &[&step], room),
        None => format!("{} ({step})", t.menu_resume),
    }
}
