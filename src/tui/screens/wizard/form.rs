//! A wizard page with fields: one row per field, its error under it, notes, side panel.

use super::Page;
use crate::domain::{Field, Step};
use crate::i18n::fill;
use crate::summary::{self, label_text, price_text};
use crate::tui::app::Hit;
use crate::tui::theme::Theme;
use crate::tui::widgets::Checkbox;
use crate::tui::widgets::text::{self, wrap};
use crate::wizard::{FieldKind, Wizard};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Width of the label column.
const LABEL_W: u16 = 22;
/// Widest select and text fields.
const SELECT_W: u16 = 40;
const TEXT_W: u16 = 40;
/// Width of the side panel (existing extensions).
const PANEL_W: u16 = 26;

/// One drawn line of the page, and whether it belongs to the focused field.
struct Row {
    line: Line<'static>,
    focus: bool,
    /// The field a click on this row focuses.
    field: Option<Field>,
    /// For the focused field's value line: where its value starts and how wide it is.
    value: Option<(u16, u16)>,
}

/// Draws the page; returns the focused field's value area (where a list opens).
pub(super) fn draw(frame: &mut Frame, area: Rect, app: &Page, w: &Wizard, theme: &Theme) -> Option<Rect> {
    let (form, panel) = if w.step() == Step::Fmc && area.width >= 60 {
        let [form, panel] = area.layout(&Layout::horizontal([Constraint::Min(0), Constraint::Length(PANEL_W)]));
        (form, Some(panel))
    } else {
        (area, None)
    };
    if let Some(panel) = panel {
        draw_extensions(frame, panel, app, w, theme);
    }
    let rows = rows(app, w, form.width, theme);
    // Scroll so the focused field is visible.
    let focus_end = rows.iter().rposition(|r| r.focus).map(|i| i + 1).unwrap_or(0);
    let skip = focus_end.saturating_sub(form.height as usize);
    let mut anchor = None;
    for (i, row) in rows.iter().skip(skip).take(form.height as usize).enumerate() {
        let y = form.y + i as u16;
        let rect = Rect { y, height: 1, ..form };
        frame.render_widget(Paragraph::new(row.line.clone()), rect);
        if let Some(field) = row.field {
            app.hits.borrow_mut().push((rect, Hit::Field(field)));
        }
        if let Some((x, width)) = row.value {
            anchor = Some(Rect { x: form.x + x, y, width, height: 1 });
        }
    }
    if let (None, Some(editing), Some(a)) = (app.list.as_ref(), app.editing.as_ref(), anchor) {
        editing.input.place_cursor(frame, a);
    }
    anchor
}

fn rows(app: &Page, w: &Wizard, width: u16, theme: &Theme) -> Vec<Row> {
    let mut rows: Vec<Row> = w
        .notices()
        .iter()
        // A *Name* that follows again is told where it changed and on its own page.
        .filter(|n| n.typed_for.is_none() || [n.cleared.step(), n.because.step()].contains(&w.step()))
        .map(|n| {
            let text = summary::notice_text(app.lang, w, n);
            Row { line: Line::styled(format!("  ! {text}"), theme.notice), focus: false, field: None, value: None }
        })
        .collect();
    if !rows.is_empty() {
        rows.push(blank());
    }
    for field in w.fields() {
        field_rows(&mut rows, app, w, field, width, theme);
    }
    step_notes(&mut rows, app, w, width, theme);
    rows
}

fn blank() -> Row {
    Row { line: Line::raw(""), focus: false, field: None, value: None }
}

/// The label, the value and, under them, the error of one field.
fn field_rows(rows: &mut Vec<Row>, app: &Page, w: &Wizard, field: Field, width: u16, theme: &Theme) {
    let t = app.lang.texts();
    let focused = w.focus() == Some(field);
    let marker = if focused { "▸ " } else { "  " };
    let label_style = if focused { theme.label_focus } else { theme.label };
    let avail = width.saturating_sub(LABEL_W + 1);
    let value_style = if focused { theme.value_focus } else { theme.value };
    let mut below = None;
    let (line, value) = match field.kind() {
        FieldKind::Checkbox => (checkbox_line(app, w, field, label_style, width), None),
        kind => {
            let label = format!("{marker}{}", (t.field_label)(field));
            let label = text::pad(&text::clip(&label, LABEL_W as usize), LABEL_W as usize);
            let (text, field_w, placeholder) = value_text(app, w, field, kind, avail);
            // A value that the next typed character replaces is shown selected.
            let replaced = focused && app.editing.as_ref().is_some_and(|e| e.field == field && e.input.is_selected());
            let style = if replaced {
                theme.highlight
            } else if placeholder && !focused {
                theme.placeholder
            } else {
                value_style
            };
            let mut spans = vec![Span::styled(label, label_style), Span::styled(text, style)];
            let room = (width as usize).saturating_sub((LABEL_W + field_w) as usize + 2);
            match value_suffix(app, w, field) {
                Some(extra) if text::width(&extra) <= room => {
                    spans.push(Span::styled(format!("  {extra}"), theme.help));
                }
                // Too narrow beside the value: under it, whole (a chosen ICCID cut is no use).
                Some(extra) => below = Some(extra),
                None => {}
            }
            (Line::from(spans), Some((LABEL_W, field_w)))
        }
    };
    rows.push(Row { line, focus: focused, field: Some(field), value: if focused { value } else { None } });
    if let Some(extra) = below {
        let room = (width as usize).saturating_sub(LABEL_W as usize);
        let line = Line::styled(format!("{}{}", " ".repeat(LABEL_W as usize), text::clip(&extra, room)), theme.help);
        rows.push(Row { line, focus: focused, field: Some(field), value: None });
    }
    empty_hint(rows, app, w, field, width, theme);
    if let Some(err) = w.shown_error(field) {
        let msg = summary::error_text(app.lang, w, &err);
        let indent = if field.kind() == FieldKind::Checkbox { 6 } else { LABEL_W as usize };
        let room = (width as usize).saturating_sub(indent + 2).max(10);
        for (i, part) in wrap(&msg, room).into_iter().enumerate() {
            let mark = if i == 0 { "✗ " } else { "  " };
            let line = Line::styled(format!("{}{mark}{part}", " ".repeat(indent)), theme.error);
            rows.push(Row { line, focus: focused, field: Some(field), value: None });
        }
    }
}

/// Under a list that has nothing to offer (no users, no free numbers): what to do instead,
/// so the operator is not left with an empty dropdown.
fn empty_hint(rows: &mut Vec<Row>, app: &Page, w: &Wizard, field: Field, width: u16, theme: &Theme) {
    let t = app.lang.texts();
    let Some(hint) = (t.empty_list)(field) else { return };
    // The customers may still be loading; their list says so itself when opened.
    let filtered = !w.list_filter(field).is_empty();
    if field == Field::Customer || field.kind() != FieldKind::Select || filtered || !w.options(field).is_empty() {
        return;
    }
    let indent = LABEL_W as usize;
    let room = (width as usize).saturating_sub(indent + 1).max(10);
    for part in wrap(hint, room) {
        let line = Line::styled(format!("{}{part}", " ".repeat(indent)), theme.help);
        rows.push(Row { line, focus: w.focus() == Some(field), field: Some(field), value: None });
    }
}

/// `[x] label` with the price on the right for add-ons.
fn checkbox_line(app: &Page, w: &Wizard, field: Field, style: Style, width: u16) -> Line<'static> {
    let t = app.lang.texts();
    let (label, price) = match field {
        Field::Addon(i) => {
            let price = w.catalog().addons.get(i).map(|a| price_text(a.price, app.lang)).unwrap_or_default();
            (summary::addon_name(w, i, app.lang), price)
        }
        _ => ((t.field_label)(field).to_string(), String::new()),
    };
    let focused = w.focus() == Some(field);
    Checkbox { checked: w.checked(field), focused, label: &label, right: &price, style }.line(width as usize)
}

/// The value as shown in its box, the box width, and whether it is a placeholder.
fn value_text(app: &Page, w: &Wizard, field: Field, kind: FieldKind, avail: u16) -> (String, u16, bool) {
    let t = app.lang.texts();
    match kind {
        FieldKind::Select => {
            let width = avail.min(SELECT_W);
            let label = w.chosen_option(field).map(|o| label_text(&o.label, app.lang));
            let placeholder = label.is_none();
            let text = label.unwrap_or_else(|| t.choose.to_string());
            (boxed(&text, width, " ▾"), width, placeholder)
        }
        FieldKind::Pin => {
            let width = avail.min(8);
            ("•".repeat(w.text(field).chars().count()) + &" ".repeat(width as usize), width, false)
        }
        FieldKind::Date => {
            let width = avail.min(12);
            let value = w.text(field);
            if value.is_empty() {
                (boxed(t.date_hint, width, ""), width, true)
            } else {
                (boxed(value, width, ""), width, false)
            }
        }
        FieldKind::Text | FieldKind::SimSearch => {
            let width = avail.min(if kind == FieldKind::SimSearch { 26 } else { TEXT_W });
            let editing = app.editing.as_ref().filter(|e| e.field == field);
            let shown = editing.map_or_else(|| w.text(field).to_string(), |e| e.input.visible(width as usize));
            (boxed(&shown, width, ""), width, false)
        }
        FieldKind::Checkbox => (String::new(), 0, false),
    }
}

/// Pads or clips `text` to `width` columns, ending in `suffix`.
fn boxed(text: &str, width: u16, suffix: &str) -> String {
    let room = (width as usize).saturating_sub(text::width(suffix));
    format!("{}{suffix}", text::pad(&text::clip_words(text, room), room))
}

/// What stands after a value: the chosen SIM, the PIN-0000 hint, a product's price.
fn value_suffix(app: &Page, w: &Wizard, field: Field) -> Option<String> {
    let t = app.lang.texts();
    match field {
        Field::Sim => {
            let sim = w.answers().sim.and_then(|id| w.sim_matches().iter().find(|s| s.id == id))?;
            Some(fill(t.sim_chosen, &[&sim.iccid]))
        }
        _ => w.chosen_price(field).map(|p| price_text(p, app.lang)),
    }
}

/// Notes a page shows under its fields: the order's warnings that belong to its step (SIM
/// later, porting, PIN 0000), as the wizard gives them.
fn step_notes(rows: &mut Vec<Row>, app: &Page, w: &Wizard, width: u16, theme: &Theme) {
    for note in summary::page_notes(app.lang, w) {
        rows.push(blank());
        for line in wrap(note, width.saturating_sub(4) as usize) {
            let line = Line::styled(format!("  {line}"), theme.notice);
            rows.push(Row { line, focus: false, field: None, value: None });
        }
    }
}

/// *Bestehende Nebenstellen*: what is taken, beside the form.
fn draw_extensions(frame: &mut Frame, area: Rect, app: &Page, w: &Wizard, theme: &Theme) {
    let t = app.lang.texts();
    let context = w.context();
    let exts = &context.extensions;
    let mut lines: Vec<Line> = if exts.is_empty() {
        let none = if context.has_extensions { t.no_extensions_typed } else { t.no_extensions };
        vec![Line::styled(none, theme.placeholder)]
    } else {
        exts.iter().map(|e| Line::raw(format!("{:>5} {}", e.number, e.name))).collect()
    };
    // A screenful is listed: those beginning with the digits typed narrow it.
    if context.more_extensions {
        lines.push(Line::styled(t.more_extensions, theme.placeholder));
    }
    let block = Block::new().borders(Borders::LEFT).title(Span::styled(t.existing_extensions, theme.panel_title));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}
