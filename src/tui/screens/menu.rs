//! The start screen: the *Bestellen* menu. Its state (the highlight, the operator's saved
//! drafts), its keys (which return a [`MenuAction`] for the app to carry out) and its drawing.

use crate::domain::catalog::Catalog;
use crate::domain::{DraftId, DraftSummary};
use crate::i18n::{Lang, fill};
use crate::tui::theme::Theme;
use crate::tui::widgets::MarkedList;
use crate::tui::widgets::text;
use crate::wizard::Wizard;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// An entry of the *Bestellen* menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuEntry {
    /// Order with the n-th voice product of the catalog.
    Order(usize),
    /// *Bestellübersicht*.
    Overview,
    /// Go back to the order that was left with Esc.
    Resume,
    /// Resume the n-th saved draft of the operator.
    Draft(usize),
    Quit,
}

/// What the operator chose in the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuAction {
    /// A new order with the n-th voice product.
    Order(usize),
    Overview,
    /// Back to the paused order.
    Resume,
    /// Resume a saved draft.
    ResumeDraft(DraftId),
    /// Discard a saved draft.
    DiscardDraft(DraftId),
    Quit,
}

/// The menu's state.
#[derive(Debug, Default)]
pub struct Menu {
    /// The highlighted entry.
    pub highlight: usize,
    /// The operator's saved drafts (the open wizard's own left out).
    pub drafts: Vec<DraftSummary>,
}

impl Menu {
    /// The entries: one per voice product, the overview, "continue" while an order is
    /// paused, the saved drafts, quit.
    pub fn entries(&self, voices: usize, paused: bool) -> Vec<MenuEntry> {
        let mut entries: Vec<MenuEntry> = (0..voices).map(MenuEntry::Order).collect();
        entries.push(MenuEntry::Overview);
        if paused {
            entries.push(MenuEntry::Resume);
        }
        entries.extend((0..self.drafts.len()).map(MenuEntry::Draft));
        entries.push(MenuEntry::Quit);
        entries
    }

    /// Handles a key on the menu with these `entries`.
    pub fn on_key(&mut self, key: KeyEvent, entries: &[MenuEntry]) -> Option<MenuAction> {
        let chosen = match key.code {
            KeyCode::Up | KeyCode::BackTab => {
                self.highlight = self.highlight.checked_sub(1).unwrap_or(entries.len().saturating_sub(1));
                None
            }
            KeyCode::Down | KeyCode::Tab => {
                self.highlight = (self.highlight + 1) % entries.len().max(1);
                None
            }
            KeyCode::Enter => entries.get(self.highlight).copied(),
            // Esc goes back everywhere else; pressed once too often it must not end the
            // program. q (and the menu entry) quits.
            KeyCode::Char('q') => Some(MenuEntry::Quit),
            KeyCode::Delete | KeyCode::Char('d') => {
                let highlighted = entries.get(self.highlight).copied();
                return highlighted.and_then(|e| self.draft_of(e)).map(MenuAction::DiscardDraft);
            }
            KeyCode::Char(c) => c.to_digit(10).and_then(|d| entries.get((d as usize).checked_sub(1)?)).copied(),
            _ => None,
        };
        match chosen? {
            MenuEntry::Order(i) => Some(MenuAction::Order(i)),
            MenuEntry::Overview => Some(MenuAction::Overview),
            MenuEntry::Resume => Some(MenuAction::Resume),
            entry @ MenuEntry::Draft(_) => self.draft_of(entry).map(MenuAction::ResumeDraft),
            MenuEntry::Quit => Some(MenuAction::Quit),
        }
    }

    /// The saved draft a menu entry stands for.
    fn draft_of(&self, entry: MenuEntry) -> Option<DraftId> {
        match entry {
            MenuEntry::Draft(i) => self.drafts.get(i).map(|d| d.id),
            _ => None,
        }
    }

    /// The drafts as read from the store, without `own` (the open wizard's).
    pub fn drafts_listed(&mut self, list: Vec<DraftSummary>, own: Option<DraftId>) {
        self.drafts = list.into_iter().filter(|d| Some(d.id) != own).collect();
    }

    /// Keeps the highlight on an entry after the entries changed.
    pub fn clamp(&mut self, entries: usize) {
        self.highlight = self.highlight.min(entries.saturating_sub(1));
    }
}

/// What drawing the menu needs besides its own state.
pub struct MenuCtx<'a> {
    pub lang: Lang,
    pub catalog: &'a Catalog,
    /// The paused order, if any.
    pub paused: Option<&'a Wizard>,
    /// Which database this is, and whether it is the demo.
    pub db_label: &'a str,
    pub demo: bool,
    pub message: Option<&'a str>,
    pub theme: &'a Theme,
}

/// Draws the menu.
pub fn draw(frame: &mut Frame, menu: &Menu, app: &MenuCtx) {
    let theme = app.theme;
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
    let entries: Vec<String> = menu
        .entries(app.catalog.voices.len(), app.paused.is_some())
        .iter()
        .map(|entry| match entry {
            MenuEntry::Order(v) => {
                app.catalog.voices.get(*v).map(|v| app.lang.name(&v.name).to_string()).unwrap_or_default()
            }
            MenuEntry::Overview => t.menu_overview.to_string(),
            MenuEntry::Resume => resume_label(app, room),
            MenuEntry::Draft(i) => menu.drafts.get(*i).map(|d| draft_label(app, d, room)).unwrap_or_default(),
            MenuEntry::Quit => t.menu_quit.to_string(),
        })
        .collect();
    let list = MarkedList::new(&entries, theme.label, theme.highlight).highlight(Some(menu.highlight));
    lines.extend(list.numbered("  ").indent("  ").lines());
    lines.push(Line::raw(""));
    let demo = if app.demo { format!("  [{}]", t.menu_demo) } else { String::new() };
    lines.push(Line::styled(format!("  {}: {}{demo}", t.menu_database, app.db_label), theme.help));
    if let Some(msg) = app.message {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("  {msg}"), theme.error));
    }
    frame.render_widget(Paragraph::new(lines), body);
    let hint = if menu.drafts.is_empty() { t.menu_hint } else { t.menu_hint_drafts };
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
fn draft_label(app: &MenuCtx, d: &DraftSummary, room: usize) -> String {
    let t = app.lang.texts();
    let step = fill(t.menu_step_short, &[&(d.step.index() + 1).to_string()]);
    let customer = d.customer.clone().unwrap_or_else(|| t.none.to_string());
    let age = crate::summary::age(app.lang, d.age_minutes);
    with_customer(t.menu_draft, &customer, &[&step, &age, &d.id.to_string()], room)
}

/// "Continue the started order (customer, step n)".
fn resume_label(app: &MenuCtx, room: usize) -> String {
    let t = app.lang.texts();
    let Some(w) = app.paused else { return t.menu_resume.to_string() };
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
