//! Keys of the overview, by mode.

use super::{Message, Mode, Overview};
use crate::domain::Field;
use crate::domain::lifecycle::{self, Action, CancelReason, Failure, OrderStatus};
use crate::domain::model::Sim;
use crate::domain::orders::{OrderRow, StateFilter};
use crate::domain::rules::RuleError;
use crate::domain::validate;
use crate::i18n::{Lang, fill};
use crate::tui::backend::Backend;
use crate::tui::widgets::TextField;
use crate::tui::widgets::list::{digit, moved};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// What a key asks of the screen around the overview.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Back to the menu.
    Leave,
}

impl Overview {
    /// Handles a key.
    pub fn on_key(&mut self, key: KeyEvent, lang: Lang, backend: &mut dyn Backend) -> Outcome {
        if self.text.is_some() {
            self.text_key(key, backend);
            return Outcome::Stay;
        }
        self.message = None;
        match std::mem::replace(&mut self.mode, Mode::Table) {
            Mode::Table => return self.table_key(key, lang, backend),
            Mode::Detail { detail, scroll } => self.detail_key(key, lang, backend, detail, scroll),
            Mode::Actions { row, actions, highlight } => self.actions_key(key, lang, backend, row, actions, highlight),
            Mode::LinkSim { row, input, candidates, highlight, error } => {
                self.link_key(key, lang, backend, row, input, candidates, highlight, error)
            }
            Mode::ConfirmCancel { row, chosen } => self.cancel_key(key, lang, backend, row, chosen),
        }
        Outcome::Stay
    }

    /// A pasted text goes into the input that is open (the text filter, *SIM verbinden*)
    /// as one edit. Returns whether anything changed.
    pub fn paste(&mut self, pasted: &str, backend: &mut dyn Backend) -> bool {
        if let Some(input) = self.text.as_mut() {
            if !input.paste(pasted) {
                return false;
            }
            self.query.text = input.value().to_string();
            self.filter_changed(backend);
            return true;
        }
        let Mode::LinkSim { input, candidates, highlight, error, .. } = &mut self.mode else { return false };
        if !input.paste(pasted) {
            return false;
        }
        // A new query: the old candidates and message no longer apply.
        candidates.clear();
        *highlight = 0;
        *error = None;
        true
    }

    fn table_key(&mut self, key: KeyEvent, lang: Lang, backend: &mut dyn Backend) -> Outcome {
        let last = self.page.total.saturating_sub(1);
        let page = self.page_rows.get().max(1);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Outcome::Leave,
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(page),
            KeyCode::PageDown => self.selected = (self.selected + page).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Enter => self.open_detail(backend),
            KeyCode::Char('a') => self.open_actions(),
            KeyCode::Char('s') => self.start(Action::LinkSim, lang, backend),
            KeyCode::Char('f') => {
                self.query.state = next_state(self.query.state);
                self.filter_changed(backend);
            }
            KeyCode::Char('k') => {
                self.query.customer = match self.query.customer {
                    Some(_) => None,
                    None => self.selected_row().map(|r| r.customer_id),
                };
                self.filter_changed(backend);
            }
            KeyCode::Char('/') => self.text = Some(TextField::with_value(&self.query.text, None)),
            _ => {}
        }
        self.ensure_loaded(backend);
        Outcome::Stay
    }

    /// Typing the free-text filter: the list follows every key.
    fn text_key(&mut self, key: KeyEvent, backend: &mut dyn Backend) {
        let Some(input) = self.text.as_mut() else { return };
        if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
            self.text = None;
            return;
        }
        if input.on_key(key) {
            self.query.text = input.value().to_string();
            self.filter_changed(backend);
        }
    }

    fn filter_changed(&mut self, backend: &mut dyn Backend) {
        self.selected = 0;
        self.reload(backend);
    }

    fn open_detail(&mut self, backend: &mut dyn Backend) {
        let Some(id) = self.selected_row().map(|r| r.id) else { return };
        match backend.order_detail(id) {
            Ok(Some(detail)) => self.mode = Mode::Detail { detail: Box::new(detail), scroll: 0 },
            Ok(None) => {}
            Err(e) => self.message = Some(Message { text: e, error: true }),
        }
    }

    fn open_actions(&mut self) {
        if let Some(row) = self.selected_row().cloned() {
            let actions = lifecycle::allowed(row.status);
            self.mode = Mode::Actions { row, actions, highlight: 0 };
        }
    }

    fn detail_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        backend: &mut dyn Backend,
        detail: Box<crate::domain::orders::OrderDetail>,
        scroll: u16,
    ) {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {}
            KeyCode::Char('a') => self.open_actions(),
            KeyCode::Char('s') => self.start(Action::LinkSim, lang, backend),
            KeyCode::Up => self.mode = Mode::Detail { detail, scroll: scroll.saturating_sub(1) },
            KeyCode::Down => self.mode = Mode::Detail { detail, scroll: scroll.saturating_add(1) },
            KeyCode::PageUp => self.mode = Mode::Detail { detail, scroll: scroll.saturating_sub(10) },
            KeyCode::PageDown => self.mode = Mode::Detail { detail, scroll: scroll.saturating_add(10) },
            _ => self.mode = Mode::Detail { detail, scroll },
        }
    }

    fn actions_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        backend: &mut dyn Backend,
        row: OrderRow,
        actions: Vec<Action>,
        highlight: usize,
    ) {
        if let Some(highlight) = moved(Some(highlight), actions.len(), &key) {
            self.mode = Mode::Actions { row, actions, highlight };
            return;
        }
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                if let Some(action) = actions.get(highlight).copied() {
                    self.start(action, lang, backend);
                }
            }
            _ => self.mode = Mode::Actions { row, actions, highlight },
        }
    }

    /// Starts an action on the selected order: asks what it needs, or runs it.
    fn start(&mut self, action: Action, lang: Lang, backend: &mut dyn Backend) {
        let Some(row) = self.selected_row().cloned() else { return };
        if let Err(e) = lifecycle::check(action, row.status) {
            self.message = Some(Message { text: (lang.texts().action_error)(e).to_string(), error: true });
            return;
        }
        match action {
            Action::LinkSim => {
                // The SIM is typed as in step 5, with that field's input limits.
                let input = TextField::with_value("", validate::input(Field::Sim));
                self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error: None }
            }
            Action::Cancel => self.mode = Mode::ConfirmCancel { row, chosen: None },
            other => self.run(other, &row, None, lang, backend),
        }
    }

    #[allow(clippy::too_many_arguments)] // the fields of Mode::LinkSim, taken apart
    fn link_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        backend: &mut dyn Backend,
        row: OrderRow,
        mut input: TextField,
        candidates: Vec<Sim>,
        highlight: usize,
        error: Option<String>,
    ) {
        match key.code {
            KeyCode::Esc => return,
            KeyCode::Up | KeyCode::Down if !candidates.is_empty() => {
                let highlight = moved(Some(highlight), candidates.len(), &key).unwrap_or(highlight);
                self.mode = Mode::LinkSim { row, input, candidates, highlight, error };
                return;
            }
            KeyCode::Enter => {
                let picked = candidates.get(highlight).map(|s| s.id);
                self.link(row, input, picked, lang, backend);
                return;
            }
            _ => {
                if input.on_key(key) {
                    // A new query: the old candidates and message no longer apply.
                    self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error: None };
                    return;
                }
            }
        }
        self.mode = Mode::LinkSim { row, input, candidates, highlight, error };
    }

    /// Looks up the SIM the input means (the same rule as step 5 of the wizard) and links it.
    fn link(&mut self, row: OrderRow, input: TextField, picked: Option<i64>, lang: Lang, backend: &mut dyn Backend) {
        let t = lang.texts();
        let free = match backend.free_sims(input.value()) {
            Ok(free) => free,
            Err(e) => {
                self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error: Some(e) };
                return;
            }
        };
        match validate::resolve_sim(input.value(), &free, picked) {
            Ok(sim) => {
                let sim = sim.id;
                self.run(Action::LinkSim, &row, Some(sim), lang, backend);
            }
            Err(RuleError::SimAmbiguous { .. }) => {
                let digits: String = input.value().chars().filter(|c| !c.is_whitespace()).collect();
                let candidates: Vec<Sim> = free.into_iter().filter(|s| s.iccid.ends_with(&digits)).collect();
                let error = Some(t.link_sim_pick.to_string());
                self.mode = Mode::LinkSim { row, input, candidates, highlight: 0, error };
            }
            Err(e) => {
                let error = Some((t.rule_error)(&e, &|id: &str| id.to_string()));
                self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error };
            }
        }
    }

    /// *Stornieren*: ↑↓ or the digit choose the reason, then Enter (or `j`) cancels for it.
    /// No reason is chosen at first, so two quick Enters never cancel an order.
    fn cancel_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        backend: &mut dyn Backend,
        row: OrderRow,
        chosen: Option<usize>,
    ) {
        let len = CancelReason::ALL.len();
        if let Some(chosen) = digit(len, &key).or_else(|| moved(chosen, len, &key)) {
            self.mode = Mode::ConfirmCancel { row, chosen: Some(chosen) };
            return;
        }
        match key.code {
            KeyCode::Enter | KeyCode::Char('j' | 'J' | 'y' | 'Y') => {
                match chosen.and_then(|i| CancelReason::ALL.get(i)) {
                    Some(reason) => {
                        let result = backend.cancel(row.id, *reason);
                        self.report(Action::Cancel, &row, result, lang, backend);
                    }
                    None => {
                        self.message = Some(Message { text: lang.texts().cancel_pick_reason.to_string(), error: true });
                        self.mode = Mode::ConfirmCancel { row, chosen };
                    }
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {}
            _ => self.mode = Mode::ConfirmCancel { row, chosen },
        }
    }

    /// Runs an action through the backend and says what came of it.
    fn run(&mut self, action: Action, row: &OrderRow, sim: Option<i64>, lang: Lang, backend: &mut dyn Backend) {
        let result = backend.act(row.id, action, sim);
        self.report(action, row, result, lang, backend);
    }

    /// Says what came of an action, and shows the table with the order as it is now.
    fn report(
        &mut self,
        action: Action,
        row: &OrderRow,
        result: Result<OrderStatus, Failure>,
        lang: Lang,
        backend: &mut dyn Backend,
    ) {
        let t = lang.texts();
        self.message = Some(match result {
            Ok(status) => Message {
                text: fill(t.action_done, &[(t.action_name)(action), &row.order_no, (t.state_label)(status)]),
                error: false,
            },
            Err(Failure::Refused(e)) => Message { text: (t.action_error)(e).to_string(), error: true },
            Err(Failure::SimTaken { iccid, by_order }) => {
                let by = by_order.map(|o| format!(" ({o})")).unwrap_or_default();
                Message { text: fill(t.sim_taken_by, &[&iccid, &by]), error: true }
            }
            Err(Failure::Storage(e)) => Message { text: e, error: true },
        });
        self.mode = Mode::Table;
        self.reload(backend);
    }
}

/// The state filters in turn, then none.
fn next_state(current: Option<StateFilter>) -> Option<StateFilter> {
    match current {
        None => Some(StateFilter::ALL[0]),
        Some(s) => StateFilter::ALL.iter().position(|x| *x == s).and_then(|i| StateFilter::ALL.get(i + 1)).copied(),
    }
}
