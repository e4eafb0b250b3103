//! Carries out the wizard's effects against the store. This is the only place where the
//! terminal's work meets the database; the terminal loop and the end-to-end tests share it.

use crate::domain::Field;
use crate::domain::order::NumberAssignment;
use crate::store::{PlaceError, Store, StoreError, Taken};
use crate::wizard::{Effect, Event, Refusal};
use chrono::NaiveDateTime;

/// How often a placement that found the database busy (after the store's own wait) is tried
/// again before the operator is told to try later.
const PLACE_ATTEMPTS: usize = 3;

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
                Err(e) => Event::Refused(store_refusal(e)),
            },
            Effect::FindSims(query) => match self.find_sims(&query) {
                Ok(sims) => Event::SimsFound(query, sims),
                Err(e) => Event::Refused(store_refusal(e)),
            },
            Effect::PlaceOrder(request) => self.place(&request),
            Effect::SaveDraft { id, draft } => {
                match self.store.save_draft(id, &self.operator, &draft, (self.clock)()) {
                    Ok(id) => Event::DraftSaved(id),
                    Err(_) => Event::DraftNotSaved,
                }
            }
            Effect::DiscardDraft(id) => {
                // A draft that cannot be removed now is pruned by age later; nothing to tell.
                let _ = self.store.delete_draft(id);
                return None;
            }
            Effect::ListDrafts => self.list_drafts(),
            Effect::LoadDraft(id) => match self.store.draft(id) {
                Ok(Some(draft)) => Event::DraftLoaded(id, Box::new(draft)),
                // Gone meanwhile (placed or discarded in another terminal): show what is left.
                Ok(None) => self.list_drafts(),
                Err(e) => Event::Refused(store_refusal(e)),
            },
        })
    }

    fn find_sims(&self, query: &str) -> Result<Vec<crate::domain::Sim>, StoreError> {
        let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 4 {
            self.store.free_sims_ending_with(&digits)
        } else {
            self.store.free_sim_by_iccid(&digits).map(|s| s.into_iter().collect())
        }
    }

    fn list_drafts(&self) -> Event {
        match self.store.drafts_of(&self.operator, (self.clock)()) {
            Ok(list) => Event::DraftsListed(list),
            Err(e) => Event::Refused(store_refusal(e)),
        }
    }

    /// Places the order. The store waits for another program's write (busy timeout); if
    /// that is not enough, it is tried again a few times before the operator is asked to
    /// try later. The operator never sees SQLite's "database is locked".
    fn place(&mut self, request: &crate::domain::OrderRequest) -> Event {
        let ported = matches!(request.number, NumberAssignment::Port { .. });
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.store.place_order(request, &self.operator, (self.clock)()) {
                Ok(placed) => return Event::Placed(placed),
                Err(PlaceError::Db(e)) if is_busy(&e) && attempt < PLACE_ATTEMPTS => continue,
                Err(e) => return Event::Refused(refusal(e, ported)),
            }
        }
    }
}

/// Whether SQLite gave up waiting for another program's lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// A store error as the operator sees it.
fn store_refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Db(db) if is_busy(&db) => Refusal::Busy,
        other => Refusal::Storage(other.to_string()),
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
        PlaceError::Db(db) if is_busy(&db) => Refusal::Busy,
        other => Refusal::Storage(other.to_string()),
    }
}

/// The local wall clock, for the real program.
pub fn wall_clock() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}
