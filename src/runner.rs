//! Carries out the wizard's effects against the store. This is the only place where the
//! terminal's work meets the database; the terminal loop and the end-to-end tests share it.

use crate::domain::AnswersFile;
use crate::domain::Field;
use crate::domain::order::NumberAssignment;
use crate::store::{PlaceError, Store, Taken};
use crate::wizard::{Effect, Event, Refusal};
use chrono::NaiveDateTime;
use std::io::Write;
use std::path::PathBuf;

/// Runs effects for one operator.
pub struct Runner<'a> {
    store: &'a mut Store,
    operator: String,
    clock: fn() -> NaiveDateTime,
    /// Where Ctrl+S on *Bestätigen* saves answers files.
    answers_dir: PathBuf,
}

impl<'a> Runner<'a> {
    /// A runner writing as `operator`, taking the time from `clock` (a fixed one in tests).
    pub fn new(store: &'a mut Store, operator: impl Into<String>, clock: fn() -> NaiveDateTime) -> Self {
        Runner { store, operator: operator.into(), clock, answers_dir: PathBuf::from(".") }
    }

    /// Saves answers files in `dir` instead of the current directory.
    pub fn with_answers_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.answers_dir = dir.into();
        self
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
            Effect::SaveAnswers(file) => match self.save_answers(&file) {
                Ok(path) => Event::AnswersSaved(path),
                Err(e) => Event::Refused(Refusal::Storage(e)),
            },
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

impl Runner<'_> {
    /// Writes the answers to a new file named for the customer and the time; never
    /// overwrites one. The file has no PIN ([`AnswersFile::to_toml`] leaves it out).
    fn save_answers(&self, file: &AnswersFile) -> Result<PathBuf, String> {
        let text = file.to_toml().map_err(|e| e.to_string())?;
        let customer = file.customer.as_deref().unwrap_or("order");
        // Customer numbers are K-digits, but a file name must not take a path from data.
        let safe: String = customer.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let stamp = (self.clock)().format("%Y%m%d-%H%M%S");
        let path = self.answers_dir.join(format!("order-{safe}-{stamp}.toml"));
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        out.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
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
