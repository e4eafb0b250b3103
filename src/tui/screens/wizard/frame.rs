//! The wizard's chrome: title, step bar, the page, the field's help text and the keys.

use super::Page;
use super::{confirm, form};
use crate::domain::Step;
use crate::tui::app::Hit;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{self, wrap};
use crate::wizard::Wizard;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, app: &Page, theme: &Theme) {
    let Some(w) = app.wizard else { return };
    let t = app.lang.texts();
    let (help_text, help_style) = match (&app.message, w.focus()) {
        (Some(msg), _) => (msg.as_str(), theme.error),
        (None, Some(f)) if w.step() != Step::Confirm => ((t.field_help)(f), theme.help),
        // The summary needs every row; its keys are in the key bar.
        _ => ("", theme.help),
    };
    let help_lines: Vec<Line> = help_rows_of(help_text, frame.area().width as usize, t.help_more)
        .into_iter()
        .map(|l| Line::styled(l, help_style))
        .collect();
    let help_rows = if help_text.is_empty() { 0 } else { help_lines.len() as u16 };
    let [title, steps, body, help, keys] = frame.area().layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(help_rows),
        Constraint::Length(1),
    ]));
    draw_title(frame, title, app, w, theme);
    frame.render_widget(Paragraph::new(step_bar(app, w, steps.width, theme)), steps);
    let focused = if w.step() == Step::Confirm {
        confirm::draw(frame, body, app, w, theme)
    } else {
        form::draw(frame, body, app, w, theme)
    };
    frame.render_widget(Paragraph::new(help_lines), help);
    let key_help = if app.list.is_some() {
        t.keys_list
    } else if w.step() == Step::Confirm {
        t.keys_confirm
    } else {
        t.keys_form
    };
    frame.render_widget(
        Paragraph::new(crate::tui::screens::fit_keys(key_help, keys.width as usize)).style(theme.keys),
        keys,
    );
    if let (Some(open), Some(anchor)) = (app.list.as_ref(), focused) {
        let options = open.select.draw(frame, frame.area(), anchor, open, app.lang, theme);
        app.hits.borrow_mut().extend(options.into_iter().map(|(rect, pos)| (rect, Hit::Option(pos))));
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &Page, w: &Wizard, theme: &Theme) {
    let t = app.lang.texts();
    let mut context: Vec<String> = Vec::new();
    if let Some(c) = w.customer() {
        context.push(c.name.clone());
    }
    if let Some(v) = w.answers().voice.as_deref().and_then(|id| w.catalog().voice(id)) {
        context.push(app.lang.name(&v.name).to_string());
    }
    let width = area.width as usize;
    // The customer and product matter more than the program's name: they win the space.
    let right = text::take(&context.join(" · "), width.saturating_sub(4));
    let room = width.saturating_sub(text::width(&right) + 3);
    let full = format!(" {}", t.app_title);
    let left = if text::width(&full) <= room { full } else { format!(" {}", t.menu_section) };
    let space = width.saturating_sub(text::width(&left) + text::width(&right) + 1);
    let text = format!("{left}{}{right} ", " ".repeat(space));
    frame.render_widget(Paragraph::new(text).style(theme.title), area);
}

/// All eight steps: the current one reversed, complete ones with a tick. Names of the other
/// steps are shortened, longest first, until the bar fits the width. A name whose short form
/// would look like another step's waits while another name can be shortened instead (so
/// *Benutzer* and *Bestätigen* become "Ben." and "B.", not "Be." twice nor a bare "4"); only
/// when no name can be shortened any more does one go, leaving the step's number alone.
fn step_bar(app: &Page, w: &Wizard, width: u16, theme: &Theme) -> Line<'static> {
    let t = app.lang.texts();
    let mut names: Vec<Option<Vec<char>>> =
        Step::ALL.iter().map(|s| Some((t.step_name)(*s).chars().collect())).collect();
    let total =
        |names: &[Option<Vec<char>>]| names.iter().map(|n| n.as_ref().map_or(4, |n| n.len() + 4)).sum::<usize>();
    let shorter = |name: &[char]| -> Option<Vec<char>> {
        (name.len() > 2).then(|| name[..name.len() - 2].iter().copied().chain(['.']).collect())
    };
    while total(&names) > width as usize {
        let len = |i: usize| names[i].as_ref().map_or(0, |n| n.len());
        let mut candidates: Vec<usize> =
            (0..names.len()).filter(|i| Step::ALL[*i] != w.step() && len(*i) > 0).collect();
        // Longest first; among equals the later step.
        candidates.sort_by_key(|i| std::cmp::Reverse((len(*i), *i)));
        let free = |i: usize| {
            let short = names[i].as_deref().and_then(shorter);
            short.filter(|short| !(0..names.len()).any(|j| j != i && names[j].as_ref() == Some(short)))
        };
        match candidates.iter().find_map(|i| free(*i).map(|short| (*i, short))) {
            Some((i, short)) => names[i] = Some(short),
            None => match candidates.first() {
                // Nothing can be shortened without looking like another step: a name goes.
                Some(i) => names[*i] = None,
                None => break,
            },
        }
    }
    let mut spans = Vec::new();
    for (step, name) in Step::ALL.into_iter().zip(names) {
        let done = w.is_complete(step) && step != w.step();
        let number = (step.index() + 1).to_string();
        let text = match (name, done) {
            (Some(name), true) => format!(" ✓ {} ", name.iter().collect::<String>()),
            (Some(name), false) => format!(" {number} {} ", name.iter().collect::<String>()),
            // The name gone: the number tells the step, the tick beside it that it is done.
            (None, true) => format!(" ✓{number} "),
            (None, false) => format!(" {number}  "),
        };
        let style = if step == w.step() {
            theme.step_current
        } else if done {
            theme.step_done
        } else {
            theme.step_todo
        };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// The help text in at most three rows; a longer text ends in a pointer to F1, which shows
/// it whole, instead of being cut mid-sentence.
fn help_rows_of(text: &str, width: usize, more: &str) -> Vec<String> {
    let mut rows = wrap(text, width);
    if rows.len() > 3 {
        rows.truncate(3);
        let keep = width.saturating_sub(text::width(more) + 2);
        if let Some(last) = rows.last_mut() {
            let cut = text::take(last, keep);
            *last = format!("{} {more}", cut.trim_end());
        }
    }
    rows
}
