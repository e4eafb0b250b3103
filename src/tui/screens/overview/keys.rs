//! Keys of the overview, by mode, and the store's answers: both change the state and return
//! the work to do next as [`OverviewEffect`]s.

use super::{Message, Mode, Overview, OverviewEffect, OverviewEvent};
use crate::domain::Field;
use crate::domain::lifecycle::{self, Action, CancelReason, Failure, OrderStatus};
use crate::domain::model::Sim;
use crate::domain::orders::{OrderPage, OrderRow, StateFilter};
use crate::domain::rules::RuleError;
use crate::domain::rules::iccid;
use crate::domain::validate;
use crate::i18n::{Lang, fill};
use crate::tui::widgets::TextField;
use crate::tui::widgets::list::{digit, moved};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// What a key asks of the screen around the overview.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The overview stays; this work is to be done.
    Stay(Vec<OverviewEffect>),
    /// Back to the menu.
    Leave,
}

impl Overview {
    /// Handles a key.
    pub fn on_key(&mut self, key: KeyEvent, lang: Lang) -> Outcome {
        if self.text.is_some() {
            return Outcome::Stay(self.text_key(key));
        }
        self.message = None;
        let effects = match std::mem::replace(&mut self.mode, Mode::Table) {
            Mode::Table => return self.table_key(key, lang),
            Mode::Detail { detail, scroll } => self.detail_key(key, lang, detail, scroll),
            Mode::Actions { row, actions, highlight } => self.actions_key(key, lang, row, actions, highlight),
            Mode::LinkSim { row, input, candidates, highlight, error } => {
                self.link_key(key, lang, row, input, candidates, highlight, error)
            }
            Mode::ConfirmCancel { row, chosen } => self.cancel_key(key, lang, row, chosen),
        };
        Outcome::Stay(effects)
    }

    /// A pasted text goes into the input that is open (the text filter, *SIM verbinden*)
    /// as one edit. Returns whether anything changed, and the work that follows. A paste
    /// refused whole (a control character in it: [`TextField::paste`]) changes no input and
    /// says why on the message line.
    pub fn paste(&mut self, pasted: &str, lang: Lang) -> Option<Vec<OverviewEffect>> {
        let refused = |o: &mut Self, e: RuleError| {
            let text = (lang.texts().rule_error)(&e, &|name: &str| name.to_string());
            o.message = Some(Message { text, error: true });
            Some(Vec::new())
        };
        if let Some(input) = self.text.as_mut() {
            match input.paste(pasted) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return refused(self, e),
            }
            self.query.text = input.value().to_string();
            return Some(self.filter_changed());
        }
        let Mode::LinkSim { input, candidates, highlight, error, .. } = &mut self.mode else { return None };
        match input.paste(pasted) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => return refused(self, e),
        }
        // A new query: the old candidates and message no longer apply.
        candidates.clear();
        *highlight = 0;
        *error = None;
        Some(Vec::new())
    }

    /// What the store answered.
    pub fn on_event(&mut self, event: OverviewEvent, lang: Lang) -> Vec<OverviewEffect> {
        match event {
            OverviewEvent::Page(Ok(page)) => {
                // A first window that is not full holds every match: that is the count.
                let complete = page.offset == 0 && page.rows.len() < super::WINDOW;
                let total = if complete { page.rows.len() } else { self.page.total.max(page.offset + page.rows.len()) };
                self.total_known |= complete;
                self.page = OrderPage { total, ..page };
                self.selected = self.selected.min(total.saturating_sub(1));
            }
            OverviewEvent::Count(Ok(total)) => {
                self.total_known = true;
                self.page.total = total;
                self.selected = self.selected.min(total.saturating_sub(1));
            }
            OverviewEvent::Page(Err(e)) | OverviewEvent::Count(Err(e)) | OverviewEvent::Detail(Err(e)) => {
                self.message = Some(Message { text: e, error: true })
            }
            OverviewEvent::OldestWaiting(Some(id)) => {
                return vec![OverviewEffect::Position { query: self.query.clone(), id }];
            }
            OverviewEvent::OldestWaiting(None) | OverviewEvent::Position { at: Err(_) | Ok(None), .. } => {}
            OverviewEvent::Position { id, at: Ok(Some(position)) } => {
                self.selected = position;
                if self.selected_row().is_none_or(|r| r.id != id) {
                    return vec![self.window_at(id, position)];
                }
                return self.ensure_loaded();
            }
            OverviewEvent::Detail(Ok(Some(detail))) => self.mode = Mode::Detail { detail, scroll: 0 },
            OverviewEvent::Detail(Ok(None)) => {}
            OverviewEvent::SimsFound(found) => return self.sims_found(found, lang),
            OverviewEvent::Done { row, action, result } => return self.report(action, &row, result, lang),
        }
        Vec::new()
    }

    fn table_key(&mut self, key: KeyEvent, lang: Lang) -> Outcome {
        let last = self.page.total.saturating_sub(1);
        let page = self.page_rows.get().max(1);
        let mut effects = Vec::new();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Outcome::Leave,
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(page),
            KeyCode::PageDown => self.selected = (self.selected + page).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Enter => effects.extend(self.selected_row().map(|r| OverviewEffect::Detail(r.id))),
            KeyCode::Char('a') => self.open_actions(),
            KeyCode::Char('s') => effects = self.start(Action::LinkSim, lang),
            KeyCode::Char('f') => {
                self.query.state = next_state(self.query.state);
                effects = self.filter_changed();
            }
            KeyCode::Char('k') => {
                self.query.customer = match self.query.customer {
                    Some(_) => None,
                    None => self.selected_row().map(|r| r.customer_id),
                };
                effects = self.filter_changed();
            }
            KeyCode::Char('/') => self.text = Some(TextField::with_value(&self.query.text, None)),
            _ => {}
        }
        effects.extend(self.ensure_loaded());
        Outcome::Stay(effects)
    }

    /// Typing the free-text filter: the list follows every key.
    fn text_key(&mut self, key: KeyEvent) -> Vec<OverviewEffect> {
        let Some(input) = self.text.as_mut() else { return Vec::new() };
        if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
            self.text = None;
            return Vec::new();
        }
        if !input.on_key(key) {
            return Vec::new();
        }
        self.query.text = input.value().to_string();
        self.filter_changed()
    }

    fn filter_changed(&mut self) -> Vec<OverviewEffect> {
        self.selected = 0;
        self.reload()
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
        detail: Box<crate::domain::orders::OrderDetail>,
        scroll: u16,
    ) -> Vec<OverviewEffect> {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {}
            KeyCode::Char('a') => self.open_actions(),
            KeyCode::Char('s') => return self.start(Action::LinkSim, lang),
            KeyCode::Up => self.mode = Mode::Detail { detail, scroll: scroll.saturating_sub(1) },
            KeyCode::Down => self.mode = Mode::Detail { detail, scroll: scroll.saturating_add(1) },
            KeyCode::PageUp => self.mode = Mode::Detail { detail, scroll: scroll.saturating_sub(10) },
            KeyCode::PageDown => self.mode = Mode::Detail { detail, scroll: scroll.saturating_add(10) },
            _ => self.mode = Mode::Detail { detail, scroll },
        }
        Vec::new()
    }

    fn actions_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        row: OrderRow,
        actions: Vec<Action>,
        highlight: usize,
    ) -> Vec<OverviewEffect> {
        if let Some(highlight) = moved(Some(highlight), actions.len(), &key) {
            self.mode = Mode::Actions { row, actions, highlight };
            return Vec::new();
        }
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => match actions.get(highlight).copied() {
                Some(action) => self.start(action, lang),
                None => Vec::new(),
            },
            _ => {
                self.mode = Mode::Actions { row, actions, highlight };
                Vec::new()
            }
        }
    }

    /// Starts an action on the selected order: asks what it needs, or runs it.
    fn start(&mut self, action: Action, lang: Lang) -> Vec<OverviewEffect> {
        let Some(row) = self.selected_row().cloned() else { return Vec::new() };
        if let Err(e) = lifecycle::check(action, row.status) {
            self.message = Some(Message { text: (lang.texts().action_error)(e).to_string(), error: true });
            return Vec::new();
        }
        match action {
            Action::LinkSim => {
                // The SIM is typed as in step 5, with that field's input limits.
                let input = TextField::with_value("", validate::input(Field::Sim));
                self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error: None };
                Vec::new()
            }
            Action::Cancel => {
                self.mode = Mode::ConfirmCancel { row, chosen: None };
                Vec::new()
            }
            other => vec![OverviewEffect::Act { row: Box::new(row), action: other, sim: None }],
        }
    }

    #[allow(clippy::too_many_arguments, reason = "the mode's parts, taken apart by on_key")]
    fn link_key(
        &mut self,
        key: KeyEvent,
        lang: Lang,
        row: OrderRow,
        mut input: TextField,
        candidates: Vec<Sim>,
        highlight: usize,
        error: Option<String>,
    ) -> Vec<OverviewEffect> {
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Up | KeyCode::Down if !candidates.is_empty() => {
                let highlight = moved(Some(highlight), candidates.len(), &key).unwrap_or(highlight);
                self.mode = Mode::LinkSim { row, input, candidates, highlight, error };
                return Vec::new();
            }
            KeyCode::Enter => {
                // The pick among earlier candidates waits in the mode for the lookup's answer.
                self.link_pick = candidates.get(highlight).map(|s| s.id);
                let query = iccid::parse_query(input.value());
                self.mode = Mode::LinkSim { row, input, candidates, highlight, error };
                return match query {
                    Ok(query) => vec![OverviewEffect::FreeSims(query)],
                    // Not a query: nothing to look up, and the rule says why.
                    Err(_) => self.sims_found(Ok(Vec::new()), lang),
                };
            }
            _ if input.on_key(key) => {
                // A new query: the old candidates and message no longer apply.
                self.mode = Mode::LinkSim { row, input, candidates: Vec::new(), highlight: 0, error: None };
                return Vec::new();
            }
            _ => {}
        }
        self.mode = Mode::LinkSim { row, input, candidates, highlight, error };
        Vec::new()
    }

    /// The free SIMs for *SIM verbinden*: the SIM the input means (the same rule as step 5
    /// of the wizard) is linked, or the candidates are offered, or why not is said.
    fn sims_found(&mut self, found: Result<Vec<Sim>, String>, lang: Lang) -> Vec<OverviewEffect> {
        let t = lang.texts();
        let picked = self.link_pick.take();
        let Mode::LinkSim { row, input, candidates, highlight, error } = &mut self.mode else { return Vec::new() };
        let free = match found {
            Ok(free) => free,
            Err(e) => {
                (*candidates, *highlight, *error) = (Vec::new(), 0, Some(e));
                return Vec::new();
            }
        };
        match validate::resolve_sim(input.value(), &free, picked) {
            Ok(sim) => {
                vec![OverviewEffect::Act { row: Box::new(row.clone()), action: Action::LinkSim, sim: Some(sim.id) }]
            }
            Err(RuleError::SimAmbiguous { .. }) => {
                // The store's lookup already matched the query: its SIMs are the candidates.
                (*candidates, *highlight, *error) = (free, 0, Some(t.link_sim_pick.to_string()));
                Vec::new()
            }
            Err(e) => {
                let why = (t.rule_error)(&e, &|id: &str| id.to_string());
                (*candidates, *highlight, *error) = (Vec::new(), 0, Some(why));
                Vec::new()
            }
        }
    }

    /// *Stornieren*: ↑↓ or the digit choose the reason, then Enter (or `j`) cancels for it.
    /// No reason is chosen at first, so two quick Enters never cancel an order.
    fn cancel_key(&mut self, key: KeyEvent, lang: Lang, row: OrderRow, chosen: Option<usize>) -> Vec<OverviewEffect> {
        let len = CancelReason::ALL.len();
        if let Some(chosen) = digit(len, &key).or_else(|| moved(chosen, len, &key)) {
            self.mode = Mode::ConfirmCancel { row, chosen: Some(chosen) };
            return Vec::new();
        }
        match key.code {
            KeyCode::Enter | KeyCode::Char('j' | 'J' | 'y' | 'Y') => {
                match chosen.and_then(|i| CancelReason::ALL.get(i)) {
                    Some(reason) => return vec![OverviewEffect::Cancel { row: Box::new(row), reason: *reason }],
                    None => {
                        self.message = Some(Message { text: lang.texts().cancel_pick_reason.to_string(), error: true });
                        self.mode = Mode::ConfirmCancel { row, chosen };
                    }
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {}
            _ => self.mode = Mode::ConfirmCancel { row, chosen },
        }
        Vec::new()
    }

    /// Says what came of an action, and shows the table with the order as it is now.
    fn report(
        &mut self,
        action: Action,
        row: &OrderRow,
        result: Result<OrderStatus, Failure>,
        lang: Lang,
    ) -> Vec<OverviewEffect> {
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
        self.reload()
    }
}

/// The state filters in turn, then none.
fn next_state(current: Option<StateFilter>) -> Option<StateFilter> {
    match current {
        None => Some(StateFilter::ALL[0]),
        Some(s) => StateFilter::ALL.iter().position(|x| *x == s).and_then(|i| StateFilter::ALL.get(i + 1)).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Anchor;
    use super::*;
    use crate::domain::lifecycle::OrderState;
    use crate::domain::lookup::OrderSeek;
    use crate::domain::orders::OrderQuery;

    fn row(id: i64) -> OrderRow {
        OrderRow {
            id,
            order_no: format!("CO-2026-{id:06}"),
            created_at: "2026-11-26 09:30:00".into(),
            customer_id: 7,
            customer_name: "Maier GmbH".into(),
            customer_number: "K-100007".into(),
            user: "Anna Schmidt".into(),
            username: "anna.schmidt".into(),
            voice: "business".into(),
            reference: String::new(),
            status: OrderStatus {
                state: OrderState::Pending,
                waits_for_sim: true,
                waits_for_port: false,
                auto_invoice: true,
                invoiced: true,
            },
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    fn stay(outcome: Outcome) -> Vec<OverviewEffect> {
        match outcome {
            Outcome::Stay(effects) => effects,
            Outcome::Leave => panic!("left the overview"),
        }
    }

    /// Events in, effects out: the overview is driven here without a database, the way the
    /// wizard's tests drive the wizard.
    #[test]
    fn keys_and_answers_return_the_work_to_do_and_never_do_it() {
        let query = OrderQuery { customer: Some(7), ..OrderQuery::default() };
        let (mut o, effects) = Overview::open(Some(7));
        assert_eq!(
            effects,
            vec![
                OverviewEffect::Count(query.clone()),
                OverviewEffect::Fetch { query: query.clone(), seek: OrderSeek::First, at: Anchor::Start(0) },
                OverviewEffect::OldestWaitingForSim(7)
            ]
        );
        assert_eq!(o.on_event(OverviewEvent::Count(Ok(2)), Lang::De), vec![]);
        let page = OrderPage { total: 0, offset: 0, rows: vec![row(1), row(2)] };
        assert_eq!(o.on_event(OverviewEvent::Page(Ok(page)), Lang::De), vec![]);
        // The customer's oldest order waiting for a SIM is asked for, then selected.
        let asked = o.on_event(OverviewEvent::OldestWaiting(Some(2)), Lang::De);
        assert_eq!(asked, vec![OverviewEffect::Position { query, id: 2 }]);
        assert_eq!(o.on_event(OverviewEvent::Position { id: 2, at: Ok(Some(1)) }, Lang::De), vec![]);
        assert_eq!(o.selected_row().map(|r| r.id), Some(2));
        // Enter asks for the detail; s opens SIM verbinden, whose Enter asks for the SIMs.
        assert_eq!(stay(o.on_key(key(KeyCode::Enter), Lang::De)), vec![OverviewEffect::Detail(2)]);
        assert_eq!(stay(o.on_key(key(KeyCode::Char('s')), Lang::De)), vec![]);
        assert_eq!(o.paste("8949-1100-5542-0475-395\n", Lang::De), Some(vec![]), "dashes left out");
        let asked = stay(o.on_key(key(KeyCode::Enter), Lang::De));
        assert_eq!(asked, vec![OverviewEffect::FreeSims(iccid::SimQuery::Full("8949110055420475395".into()))]);
        // The one free SIM is linked: the action is asked for, and after it the rows again.
        let sim = Sim { id: 5, iccid: "8949110055420475395".into() };
        let act = o.on_event(OverviewEvent::SimsFound(Ok(vec![sim])), Lang::De);
        assert_eq!(act, vec![OverviewEffect::Act { row: Box::new(row(2)), action: Action::LinkSim, sim: Some(5) }]);
        let done = Ok(OrderStatus { state: OrderState::Active, waits_for_sim: false, ..row(2).status });
        let after =
            o.on_event(OverviewEvent::Done { row: Box::new(row(2)), action: Action::LinkSim, result: done }, Lang::De);
        assert!(matches!(after[..], [OverviewEffect::Count(_), OverviewEffect::Fetch { .. }]), "{after:?}");
        assert!(o.message.as_ref().is_some_and(|m| !m.error));
        assert_eq!(o.on_key(key(KeyCode::Esc), Lang::De), Outcome::Leave);
    }

    /// Pages are read from a known row (keyset), never counted off from the start: End
    /// reads the last rows, a move near the window's end reads on after a loaded row.
    #[test]
    fn paging_reads_on_from_a_known_row() {
        let (mut o, _) = Overview::open(None);
        o.on_event(OverviewEvent::Count(Ok(1000)), Lang::De);
        let rows: Vec<OrderRow> = (0..200).map(|i| row(1000 - i)).collect();
        o.on_event(OverviewEvent::Page(Ok(OrderPage { total: 0, offset: 0, rows })), Lang::De);
        let q = OrderQuery::default();
        let end = stay(o.on_key(key(KeyCode::End), Lang::De));
        assert_eq!(end, vec![OverviewEffect::Fetch { query: q.clone(), seek: OrderSeek::Last, at: Anchor::End(1000) }]);
        let home = stay(o.on_key(key(KeyCode::Home), Lang::De));
        assert_eq!(home, vec![], "the first rows are loaded");
        o.selected = 150;
        let on = stay(o.on_key(key(KeyCode::Down), Lang::De));
        // Row 150 (id 850) wants the window from 51 on: read after row 50, id 950.
        assert_eq!(on, vec![OverviewEffect::Fetch { query: q, seek: OrderSeek::After(950), at: Anchor::Start(51) }]);
    }

    /// While the count of the filter shown is on the way, the count line says "…": never
    /// the previous filter's total, which the rows' window alone can't correct.
    #[test]
    fn the_count_line_never_shows_the_previous_filters_total() {
        let (mut o, _) = Overview::open(None);
        let full = || OrderPage { total: 0, offset: 0, rows: (0..200).map(|i| row(1000 - i)).collect() };
        o.on_event(OverviewEvent::Page(Ok(full())), Lang::De);
        assert_eq!(o.count_text(Lang::De), "…", "a full window tells no count");
        o.on_event(OverviewEvent::Count(Ok(1000)), Lang::De);
        assert_eq!(o.count_text(Lang::De), "1000 Bestellungen");
        // A new filter: its rows come at once, its count later.
        let effects = o.reload();
        assert!(matches!(effects[..], [OverviewEffect::Count(_), OverviewEffect::Fetch { .. }]), "{effects:?}");
        assert_eq!(o.count_text(Lang::De), "…");
        o.on_event(OverviewEvent::Page(Ok(full())), Lang::De);
        assert_eq!(o.count_text(Lang::De), "…", "not the previous filter's 1000");
        o.on_event(OverviewEvent::Count(Ok(300)), Lang::De);
        assert_eq!(o.count_text(Lang::De), "300 Bestellungen");
        // A first window that is not full is the count itself.
        o.reload();
        let few = OrderPage { total: 0, offset: 0, rows: vec![row(1), row(2)] };
        o.on_event(OverviewEvent::Page(Ok(few)), Lang::De);
        assert_eq!(o.count_text(Lang::De), "2 Bestellungen");
    }
}
