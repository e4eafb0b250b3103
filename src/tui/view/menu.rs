//! The start screen: the *Bestellen* menu.

use super::super::app::App;
use super::super::keys::MenuEntry;
use super::super::theme::Theme;
use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
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
    for (i, entry) in app.menu_entries().iter().enumerate() {
        let text = match entry {
            MenuEntry::Order(v) => {
                app.catalog.voices.get(*v).map(|v| app.lang.name(&v.name).to_string()).unwrap_or_default()
            }
            MenuEntry::Overview => t.menu_overview.to_string(),
            MenuEntry::Resume => resume_label(app),
            MenuEntry::Draft(i) => app.drafts.get(*i).map(|d| draft_label(app, d)).unwrap_or_default(),
            MenuEntry::Quit => t.menu_quit.to_string(),
        };
        let selected = i == app.menu;
        let marker = if selected { "▸" } else { " " };
        let item = format!("{marker} {}  {text}", i + 1);
        let style = if selected { theme.highlight } else { theme.label };
        lines.push(Line::from(vec![Span::raw("  "), Span::styled(item, style)]));
    }
    lines.push(Line::raw(""));
    let demo = if app.demo { format!("  [{}]", t.menu_demo) } else { String::new() };
    lines.push(Line::styled(format!("  {}: {}{demo}", t.menu_database, app.db_label), theme.help));
    if let Some(msg) = app.message.as_deref() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("  {msg}"), theme.error));
    }
    frame.render_widget(Paragraph::new(lines), body);
    let hint = if app.drafts.is_empty() { t.menu_hint } else { t.menu_hint_drafts };
    frame.render_widget(Paragraph::new(format!(" {hint}")).style(theme.keys), keys);
}

/// How much of a draft's customer the menu shows.
const CUSTOMER_W: usize = 26;

/// "Draft: customer, step n: name, 5 min ago".
fn draft_label(app: &App, d: &crate::domain::DraftSummary) -> String {
    let t = app.lang.texts();
    let step = fill(t.menu_step_short, &[&(d.step.index() + 1).to_string()]);
    // The customer is clipped so that the step and the age still fit 80 columns.
    let customer = d.customer.clone().unwrap_or_else(|| t.none.to_string());
    let customer: String = if customer.chars().count() > CUSTOMER_W {
        customer.chars().take(CUSTOMER_W - 1).chain(['…']).collect()
    } else {
        customer
    };
    fill(t.menu_draft, &[&customer, &step, &age(app, d.age_minutes)])
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
fn resume_label(app: &App) -> String {
    let t = app.lang.texts();
    let Some(w) = app.wizard.as_ref() else { return t.menu_resume.to_string() };
    let step = fill(t.menu_step, &[&(w.step().index() + 1).to_string(), (t.step_name)(w.step())]);
    match w.customer() {
        Some(c) => format!("{} ({}, {step})", t.menu_resume, c.name),
        None => format!("{} ({step})", t.menu_resume),
    }
}
