//! The wizard's chrome: title, step bar, the page, the field's help text and the keys.

use super::super::app::App;
use super::super::theme::Theme;
use super::{confirm, form, list};
use crate::domain::Step;
use crate::wizard::Wizard;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let Some(w) = app.wizard.as_ref() else { return };
    let t = app.lang.texts();
    let [title, steps, body, help, keys] = frame.area().layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
        Constraint::Length(1),
    ]));
    draw_title(frame, title, app, w, theme);
    frame.render_widget(Paragraph::new(step_bar(app, w, theme)), steps);
    let focused = if w.step() == Step::Confirm {
        confirm::draw(frame, body, app, w, theme)
    } else {
        form::draw(frame, body, app, w, theme)
    };
    let help_text = match (&app.message, w.focus()) {
        (Some(msg), _) => Line::styled(msg.clone(), theme.error),
        (None, Some(f)) if w.step() != Step::Confirm => Line::styled((t.field_help)(f), theme.help),
        _ => Line::styled(t.edit_section, theme.help),
    };
    frame.render_widget(Paragraph::new(help_text).wrap(Wrap { trim: true }), help);
    let key_help = if app.list.is_some() {
        t.keys_list
    } else if w.step() == Step::Confirm {
        t.keys_confirm
    } else {
        t.keys_form
    };
    frame.render_widget(Paragraph::new(format!(" {key_help}")).style(theme.keys), keys);
    if let (Some(open), Some(anchor)) = (app.list.as_ref(), focused) {
        list::draw(frame, frame.area(), anchor, open, app.lang, theme);
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App, w: &Wizard, theme: &Theme) {
    let t = app.lang.texts();
    let mut context: Vec<String> = Vec::new();
    if let Some(c) = w.customer() {
        context.push(c.name.clone());
    }
    if let Some(v) = w.answers().voice.as_deref().and_then(|id| w.catalog().voice(id)) {
        context.push(app.lang.name(&v.name).to_string());
    }
    let right = context.join(" · ");
    let width = area.width as usize;
    let left = format!(" {}", t.app_title);
    let space = width.saturating_sub(left.chars().count() + right.chars().count() + 1);
    let text = if space > 0 { format!("{left}{}{right} ", " ".repeat(space)) } else { left };
    frame.render_widget(Paragraph::new(text).style(theme.title), area);
}

/// All eight steps: the current one reversed, complete ones with a tick.
fn step_bar(app: &App, w: &Wizard, theme: &Theme) -> Line<'static> {
    let t = app.lang.texts();
    let mut spans = Vec::new();
    for step in Step::ALL {
        let mark = if w.is_complete(step) && step != w.step() { "✓".to_string() } else { (step.index() + 1).to_string() };
        let style = if step == w.step() {
            theme.step_current
        } else if w.is_complete(step) {
            theme.step_done
        } else {
            theme.step_todo
        };
        spans.push(Span::styled(format!(" {mark} {} ", (t.step_name)(step)), style));
    }
    Line::from(spans)
}
