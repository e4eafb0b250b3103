//! *Bestellübersicht* in line mode: orders found by a search text, at most nine listed with
//! numbers, and the chosen order's actions as a numbered menu, *SIM verbinden* first (the
//! order of [`Action::ALL`]). The actions are the overview's: the same transactions.

use super::Session;
use super::input::{self, Said};
use super::prompt::{self, SHOWN};
use crate::domain::lifecycle::{self, Action, CancelReason, Failure, OrderState, OrderStatus};
use crate::domain::lookup::OrderSeek;
use crate::domain::orders::{OrderPage, OrderQuery, OrderRow};
use crate::domain::rules::{RuleError, iccid};
use crate::domain::validate;
use crate::i18n::fill;
use crate::tui::Interrupted;

/// Searches orders and carries out actions on them until the operator goes back.
pub fn run(s: &mut Session) -> anyhow::Result<()> {
    let t = s.lang.texts();
    s.say(t.ov_title)?;
    let mut text = None;
    loop {
        let search = match text.take() {
            Some(text) => text,
            None => {
                let line = prompt::prompt(s.lang.line().orders_search, None, None);
                match ask(s, &line)? {
                    Said::Keep => String::new(),
                    Said::Value(text) => text,
                    Said::Quit | Said::Back => return Ok(()),
                    Said::Help | Said::Review | Said::Next | Said::Clear => continue,
                }
            }
        };
        let query = OrderQuery { text: search, ..OrderQuery::default() };
        let page = match first_page(s, &query) {
            Ok(page) => page,
            Err(e) => {
                s.say(&fill(t.storage_error, &[&e]))?;
                continue;
            }
        };
        if page.rows.is_empty() {
            s.say(s.lang.line().orders_none)?;
            continue;
        }
        let count =
            if page.total == 1 { t.ov_count_one.to_string() } else { fill(t.ov_count, &[&page.total.to_string()]) };
        s.say(&count)?;
        for (i, row) in page.rows.iter().enumerate() {
            s.say(&prompt::option_line(i + 1, &row_label(s, row), None))?;
        }
        // A number picks the order; anything else is a new search text.
        let hint = fill(s.lang.line().pick_or_search, &[&page.rows.len().to_string()]);
        let line = prompt::prompt(t.ov_title, Some(&hint), None);
        match ask(s, &line)? {
            Said::Value(typed) => match input::pick(&typed, page.rows.len()) {
                Some(i) => actions(s, &page.rows[i])?,
                None => text = Some(typed),
            },
            Said::Quit => return Ok(()),
            _ => {}
        }
    }
}

/// "CO-2026-000042 · Müller GmbH (K-100001) · Erika Mustermann · wartet auf SIM-Karte".
fn row_label(s: &Session, r: &OrderRow) -> String {
    let state = status_words(s, r.status);
    format!("{} · {} ({}) · {} · {state}", r.order_no, r.customer_name, r.customer_number, r.user_label())
}

/// The state in whole words (the table's short label abbreviates, which reads badly aloud).
fn status_words(s: &Session, status: OrderStatus) -> String {
    let c = s.lang.cli();
    let mut waits = Vec::new();
    if status.waits_for_sim {
        waits.push(c.pending_sim);
    }
    if status.waits_for_port {
        waits.push(c.pending_porting);
    }
    match status.state {
        OrderState::Pending if !waits.is_empty() => fill(c.order_pending, &[&waits.join(", ")]),
        _ => (s.lang.texts().state_label)(status).to_string(),
    }
}

/// Asks one question; `?` gives the commands and asks again.
fn ask(s: &mut Session, line: &str) -> anyhow::Result<Said> {
    loop {
        let Some(answer) = s.ask(line, false)? else { return Err(Interrupted::HangUp.into()) };
        match input::parse(&answer) {
            Said::Help => {
                for help in prompt::help(s.lang, None) {
                    s.say(&help)?;
                }
            }
            said => return Ok(said),
        }
    }
}

/// The actions that fit the order, numbered, and the one chosen carried out.
fn actions(s: &mut Session, row: &OrderRow) -> anyhow::Result<()> {
    let t = s.lang.texts();
    let allowed = lifecycle::allowed(row.status);
    if allowed.is_empty() {
        s.say(t.actions_none)?;
        return Ok(());
    }
    let mut labels: Vec<String> = allowed.iter().map(|a| (t.action_name)(*a).to_string()).collect();
    labels.push(s.lang.line().menu_back.to_string());
    let title = fill(s.lang.line().actions_heading, &[&row.order_no]);
    let Some(i) = s.pick(&title, &labels)? else { return Ok(()) };
    let Some(action) = allowed.get(i).copied() else { return Ok(()) };
    let result = match action {
        Action::LinkSim => match link_sim(s, row)? {
            Some(result) => result,
            None => return Ok(()),
        },
        Action::Cancel => match cancel(s, row)? {
            Some(result) => result,
            None => return Ok(()),
        },
        other => s.backend.act(row.id, other, None),
    };
    report(s, action, row, result)
}

/// *SIM verbinden*: the SIM by its last four digits or the scanned ICCID, the same rule as
/// the wizard's step 5; SIMs sharing the digits are listed to pick from.
fn link_sim(s: &mut Session, row: &OrderRow) -> anyhow::Result<Option<Result<OrderStatus, Failure>>> {
    let t = s.lang.texts();
    loop {
        let line = prompt::prompt(s.lang.line().link_sim_prompt, None, None);
        let typed = match ask(s, &line)? {
            Said::Value(text) => text,
            Said::Quit | Said::Back => return Ok(None),
            _ => continue,
        };
        let found = match iccid::parse_query(&typed) {
            Ok(query) => s.backend.free_sims(&query),
            // Not a query: nothing to look up, and the rule below says why.
            Err(_) => Ok(Vec::new()),
        };
        let free = match found {
            Ok(free) => free,
            Err(e) => {
                s.say(&fill(t.storage_error, &[&e]))?;
                continue;
            }
        };
        match validate::resolve_sim(&typed, &free, None) {
            Ok(sim) => return Ok(Some(s.backend.act(row.id, Action::LinkSim, Some(sim.id)))),
            Err(RuleError::SimAmbiguous { .. }) => {
                // The store's lookup found exactly the SIMs the query means.
                let candidates: Vec<_> = free.into_iter().take(SHOWN).collect();
                let labels: Vec<String> = candidates.iter().map(|x| x.iccid.clone()).collect();
                let Some(i) = s.pick(s.lang.line().sims_several, &labels)? else { continue };
                return Ok(Some(s.backend.act(row.id, Action::LinkSim, Some(candidates[i].id))));
            }
            Err(e) => s.say(&(t.rule_error)(&e, &|id: &str| id.to_string()))?,
        }
    }
}

/// *Stornieren*: the question, then the reason by its number; no reason, no cancelling.
fn cancel(s: &mut Session, row: &OrderRow) -> anyhow::Result<Option<Result<OrderStatus, Failure>>> {
    let t = s.lang.texts();
    s.say(&fill(t.cancel_question, &[&row.order_no]))?;
    let labels: Vec<String> = CancelReason::ALL.iter().map(|r| (t.cancel_reason)(*r).to_string()).collect();
    for (i, label) in labels.iter().enumerate() {
        s.say(&prompt::option_line(i + 1, label, None))?;
    }
    let line = prompt::prompt(&fill(s.lang.line().cancel_prompt, &[&labels.len().to_string()]), None, None);
    let Said::Value(text) = ask(s, &line)? else { return Ok(None) };
    Ok(input::pick(&text, labels.len()).map(|i| s.backend.cancel(row.id, CancelReason::ALL[i])))
}

/// What came of an action, as the full screen's overview says it.
fn report(s: &mut Session, action: Action, row: &OrderRow, result: Result<OrderStatus, Failure>) -> anyhow::Result<()> {
    let t = s.lang.texts();
    let text = match result {
        Ok(status) => fill(t.action_done, &[(t.action_name)(action), &row.order_no, &status_words(s, status)]),
        Err(Failure::Refused(e)) => (t.action_error)(e).to_string(),
        Err(Failure::SimTaken { iccid, by_order }) => {
            let by = by_order.map(|o| format!(" ({o})")).unwrap_or_default();
            fill(t.sim_taken_by, &[&iccid, &by])
        }
        Err(Failure::Storage(e)) => e,
    };
    s.say(&text)?;
    Ok(())
}

/// The first rows of a search, and how many match, through the indexed search.
fn first_page(s: &mut Session, query: &OrderQuery) -> Result<OrderPage, String> {
    let rows = s.backend.orders_seek(query, OrderSeek::First, SHOWN)?;
    // A page that is not full holds every match: no count needed.
    let total = if rows.len() < SHOWN { rows.len() } else { s.backend.count_orders(query)? };
    Ok(OrderPage { total, offset: 0, rows })
}
