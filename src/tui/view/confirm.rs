//! *Bestätigen*: the summary by step, prices and totals, warnings, the invoice checkbox.

use super::super::app::App;
use super::super::form_state::label_text;
use super::super::theme::Theme;
use super::form::price_text;
use crate::domain::catalog::{NumberKind, SimKind};
use crate::domain::order::warnings;
use crate::domain::pricing::{priced_products, totals};
use crate::domain::rules::phone;
use crate::domain::validate;
use crate::domain::{Field, PortWhen, Step};
use crate::i18n::{Lang, fill};
use crate::wizard::Wizard;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Width of the price column.
const PRICES_W: u16 = 34;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, w: &Wizard, theme: &Theme) -> Option<Rect> {
    let t = app.lang.texts();
    let invoice_rows = if w.answers().auto_invoice { 1 } else { 2 };
    let [top, bottom] = area.layout(&Layout::vertical([Constraint::Min(0), Constraint::Length(invoice_rows)]));
    let [summary, prices] = top.layout(&Layout::horizontal([Constraint::Min(0), Constraint::Length(PRICES_W)]));
    frame.render_widget(
        Paragraph::new(summary_lines(app, w, theme)).wrap(Wrap { trim: false }).scroll((app.confirm_scroll, 0)),
        summary,
    );
    let block = Block::new().borders(Borders::LEFT);
    frame.render_widget(Paragraph::new(price_lines(app, w, theme)).block(block).wrap(Wrap { trim: true }), prices);

    let focused = w.focus() == Some(Field::AutoInvoice);
    let mark = if w.answers().auto_invoice { "[x]" } else { "[ ]" };
    let marker = if focused { "▸ " } else { "  " };
    let style = if focused { theme.label_focus } else { theme.label };
    let mut lines = vec![Line::styled(format!("{marker}{mark} {}", (t.field_label)(Field::AutoInvoice)), style)];
    if !w.answers().auto_invoice {
        lines.push(Line::styled(format!("      {}", t.manual_invoice_note), theme.notice));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), bottom);
    None
}

/// A section heading: "3 Add-ons".
fn heading(step: Step, lang: Lang, theme: &Theme) -> Line<'static> {
    Line::styled(format!("{} {}", step.index() + 1, (lang.texts().step_name)(step)), theme.panel_title)
}

/// "  label: value".
fn item(label: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::raw(format!("  {label}: ")), Span::raw(value)])
}

fn chosen_label(app: &App, w: &Wizard, field: Field) -> String {
    let chosen = w.chosen(field);
    w.options(field)
        .into_iter()
        .find(|o| Some(&o.value) == chosen.as_ref())
        .map(|o| label_text(&o.label, app.lang))
        .unwrap_or_else(|| app.lang.texts().none.to_string())
}

fn summary_lines(app: &App, w: &Wizard, theme: &Theme) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let lang = app.lang;
    let a = w.answers();
    let label = |f: Field| (t.field_label)(f);
    let none = || t.none.to_string();
    let mut lines = vec![heading(Step::Customer, lang, theme)];
    lines.push(item(label(Field::Customer), w.customer().map(|c| format!("{} ({})", c.name, c.number)).unwrap_or_else(none)));
    let reference = if a.reference.is_empty() { none() } else { a.reference.clone() };
    lines.push(item(label(Field::Portfolio), chosen_label(app, w, Field::Portfolio)));
    lines.push(item(label(Field::StartDate), format!("{} · {}", a.start_date, chosen_label(app, w, Field::Term))));
    lines.push(item(label(Field::Reference), reference));

    lines.push(heading(Step::Connection, lang, theme));
    let products = [Field::Voice, Field::Data, Field::Sms].map(|f| chosen_label(app, w, f));
    lines.push(Line::raw(format!("  {}", products.join(" · "))));

    lines.push(heading(Step::Addons, lang, theme));
    let addons: Vec<String> = validate::offered_addons(a, w.catalog())
        .filter(|i| w.checked(Field::Addon(*i)))
        .filter_map(|i| w.catalog().addons.get(i).map(|x| lang.name(&x.name).to_string()))
        .collect();
    lines.push(Line::raw(format!("  {}", if addons.is_empty() { none() } else { addons.join(", ") })));

    lines.push(heading(Step::User, lang, theme));
    let user = if a.new_user {
        fill(t.new_user_summary, &[&format!("{} ({} {}, {})", a.username, a.first_name, a.last_name, a.email)])
    } else {
        chosen_label(app, w, Field::ExistingUser)
    };
    lines.push(Line::raw(format!("  {user}")));

    lines.push(heading(Step::Sim, lang, theme));
    let sim = match validate::sim_kind(a, w.catalog()) {
        Some(SimKind::Now) => {
            w.answers().sim.and_then(|id| w.sim_matches().iter().find(|s| s.id == id)).map(|s| s.iccid.clone()).unwrap_or_else(none)
        }
        _ => chosen_label(app, w, Field::SimOption),
    };
    lines.push(Line::raw(format!("  {sim}")));

    lines.push(heading(Step::Number, lang, theme));
    let area_code = w.customer().map(|c| c.area_code.as_str());
    let number = match validate::number_kind(a, w.catalog()) {
        Some(NumberKind::Port) => {
            let e164 = phone::to_e164(&a.port_number).map(|n| phone::readable(&n, area_code)).unwrap_or_else(|_| a.port_number.clone());
            let when = if a.port_when == PortWhen::OnDate { a.port_date.clone() } else { t.port_immediately.to_string() };
            format!("{e164} ← {} ({when})", chosen_label(app, w, Field::Donor))
        }
        _ => chosen_label(app, w, Field::Number),
    };
    lines.push(Line::raw(format!("  {number}")));

    lines.push(heading(Step::Fmc, lang, theme));
    lines.push(Line::raw(format!(
        "  {} {} · {} · {} {}",
        label(Field::Extension),
        a.extension,
        a.display_name,
        label(Field::AreaCode),
        a.area_code
    )));
    lines.push(item(label(Field::Pin), "•".repeat(a.pin.chars().count())));
    lines
}

fn price_lines(app: &App, w: &Wizard, theme: &Theme) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let lang = app.lang;
    let a = w.answers();
    let c = w.catalog();
    let sim = a.sim_option.as_deref();
    let number = a.number_type.as_deref();
    let products = priced_products(c, a.voice.as_deref(), a.data.as_deref(), a.sms.as_deref(), a.addons.iter().map(String::as_str), sim, number);
    let mut lines = vec![Line::styled(format!(" {}", t.prices), theme.panel_title)];
    for (_, name, price) in &products {
        if !price.is_free() {
            lines.push(Line::raw(format!(" {}", lang.name(name))));
            lines.push(Line::styled(format!("   {}", price_text(*price, lang)), theme.help));
        }
    }
    let sum = totals(products.iter().map(|(_, _, p)| p));
    lines.push(Line::styled(format!(" {} {}: {}", t.total, t.one_time, lang.money(sum.one_time_cents)), theme.panel_title));
    lines.push(Line::styled(format!(" {} {}: {}", t.total, t.monthly, lang.money(sum.monthly_cents)), theme.panel_title));
    let warns = warnings(a, &w.facts());
    if !warns.is_empty() {
        lines.push(Line::styled(format!(" {}", t.warnings), theme.warning));
        for warning in warns {
            lines.push(Line::styled(format!(" ! {}", (t.warning)(warning)), theme.warning));
        }
    }
    lines
}
