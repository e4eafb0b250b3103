//! `comuniq-order sim link`: *SIM verbinden* from the shell, for field technicians with a
//! barcode scanner. Same rules, same messages and the same transaction as the overview.

// The command line's refusal (exit code 1), beside the lifecycle's `Failure`.
use super::Failure as Exit;
use super::{Common, load_catalog, out, paths};
use anyhow::{Context, Result, bail};
use comuniq_order::domain::lifecycle::{self, Action, Failure};
use comuniq_order::domain::orders::OrderRow;
use comuniq_order::domain::rules::{RuleError, iccid};
use comuniq_order::domain::validate;
use comuniq_order::driver::{Driver, wall_clock};
use comuniq_order::i18n::{Lang, fill};
use std::sync::Arc;

/// Links the SIM `sim` (last four digits or a full ICCID) to `order`, or, without an order, to
/// the only order waiting for a SIM (of `--customer`, if given).
pub fn link(common: &Common, order: Option<&str>, sim: &str) -> Result<()> {
    let lang = super::lang(common);
    let t = lang.texts();
    let catalog = Arc::new(load_catalog(common.catalog.as_deref(), lang)?);
    let mut store = paths::open_existing_database(common.target.as_ref())?;
    let customer = super::focus_customer(&store, common, lang)?.map(|c| c.id);
    let row = match order {
        Some(number) => store.order_by_number(number)?.with_context(|| fill(lang.cli().no_such_order, &[number]))?,
        None => only_waiting(store.orders_waiting_for_sim(customer)?, lang)?,
    };
    // The order first: a SIM typed for an order that waits for none is beside the point.
    lifecycle::check(Action::LinkSim, row.status)
        .map_err(|e| Exit::Refused(format!("{}: {}", row.order_no, (t.action_error)(e))))?;
    let operator = super::operator(common, lang)?;
    let mut driver = Driver::new(&mut store, catalog, operator, wall_clock).with_lang(lang);
    let refused = |e: RuleError| Exit::Refused((t.rule_error)(&e, &|id: &str| id.to_string()));
    let free = driver.free_sims(&iccid::parse_query(sim).map_err(refused)?)?;
    let chosen = validate::resolve_sim(sim, &free, None).map_err(refused)?;
    let iccid = chosen.iccid.clone();
    match driver.act(row.id, Action::LinkSim, Some(chosen.id)) {
        Ok(status) => {
            let done = fill(t.action_done, &[(t.action_name)(Action::LinkSim), &row.order_no, (t.state_label)(status)]);
            out::say(&format!("{done}\n{iccid}"))
        }
        Err(Failure::Refused(e)) => Err(Exit::Refused(format!("{}: {}", row.order_no, (t.action_error)(e))).into()),
        Err(Failure::SimTaken { iccid, by_order }) => {
            let by = by_order.map(|o| format!(" ({o})")).unwrap_or_default();
            Err(Exit::Refused(fill(t.sim_taken_by, &[&iccid, &by])).into())
        }
        Err(Failure::Storage(e)) => bail!(e),
    }
}

/// The one order waiting for a SIM; with none or several, says so (listing them).
fn only_waiting(mut waiting: Vec<OrderRow>, lang: Lang) -> Result<OrderRow> {
    let t = lang.texts();
    match waiting.len() {
        0 => Err(Exit::Refused(t.sim_link_none.to_string()).into()),
        1 => Ok(waiting.remove(0)),
        n => {
            for o in &waiting {
                // Each value escaped on its own, so a tab in a name can't shift the columns.
                let customer = format!("{} ({})", o.customer_name, o.customer_number);
                out::say_row(&[&o.order_no, &o.created_at, &customer, &o.user])?;
            }
            Err(Exit::Refused(fill(t.sim_link_several, &[&n.to_string()])).into())
        }
    }
}
