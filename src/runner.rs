//! Carries out the wizard's effects against the store. This is the only place where the
//! terminal's work meets the database; the terminal loop and the end-to-end tests share it.

use crate::domain::Field;
use crate::domain::order::NumberAssignment;
use crate::store::{PlaceError, Store, Taken};
use crate::wizard::{Effect, Event, Refusal};
use chrono::NaiveDateTime;

/// Runs effects for one operator.
pub struct Runner<'a> {
    store: &'a mut Store,
    operator: String,
    clock: fn() -> NaiveDateTime,
}

impl<'a> Runner<'a> {
    /// A runner writing as `operator`, taking the time from `clock` (a fixed one in tests).
    pub fn new(store: &'a mut Store, operator: impl Into<String>, clock: fn() -> NaiveDateTime) -> Self {
        Runner { store, operator: operator.into(), clock }
    }

    /// Carries out one effect and answers with the event it produced.
    pub fn handle(&mut self, effect: Effect) -> Option<Event> {
        Some(match effect {
            Effect::LoadCustomer(id) => match self.store.customer_context(id) {
                Ok(context) => Event::CustomerLoaded(id, context),
                Err(e) => Event::Refused(Refusal::Storage(e.to_string())),
            },
            Effect::FindSims(query) => {
                let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
                let found = if digits.len() == 4 {
                    self.store.free_sims_ending_with(&digits)
                } else {
                    self.store.free_sim_by_iccid(&digits).map(|s| s.into_iter().collect())
                };
                match found {
                    Ok(sims) => Event::SimsFound(query, sims),
                    Err(e) => Event::Refused(Refusal::Storage(e.to_string())),
                }
            }
            Effect::PlaceOrder(request) => {
                let now = (self.clock)();
                match self.store.place_order(&request, &self.operator, now) {
                    Ok(placed) => Event::Placed(placed),
                    Err(e) => Event::Refused(refusal(e, matches!(request.number, NumberAssignment::Port { .. }))),
                }
            }
        })
    }
}

/// The store's refusal in the wizard's terms: which field to go back to.
fn refusal(e: PlaceError, ported: bool) -> Refusal {
    match e {
        PlaceError::Taken { item, by_order } => {
            let field = match item {
                Taken::Sim(_) => Field::Sim,
                Taken::Number(_) if ported => Field::PortNumber,
                Taken::Number(_) => Field::Number,
                Taken::Extension(_) => Field::Extension,
                Taken::Username(_) => Field::Username,
                Taken::UserHasMobile => Field::ExistingUser,
            };
            Refusal::Taken { field, by_order }
        }
        PlaceError::Refused { field, error } => Refusal::Rule { field, error },
        other => Refusal::Storage(other.to_string()),
    }
}

/// The local wall clock, for the real program.
pub fn wall_clock() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}
