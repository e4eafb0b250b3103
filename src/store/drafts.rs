//! Drafts: saving, listing, loading, discarding and pruning the half-entered orders.
//!
//! The answers are kept as JSON text (plain SQL on any engine); the step and the focus get
//! columns of their own so the menu can list drafts without parsing the answers.

use super::sql::args;
use super::{Store, StoreError};
use crate::domain::answers::{Field, Step};
use crate::domain::draft::{Draft, DraftId, DraftSummary};
use chrono::NaiveDateTime;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Times as stored: ISO 8601 text, like the orders.
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

fn time(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

/// A value as JSON text; a step comes out as its bare name (`user`), for readable rows.
fn to_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value).map_err(|e| StoreError::BadDraft(e.to_string()))? {
        serde_json::Value::String(s) => Ok(s),
        other => Ok(other.to_string()),
    }
}

/// The reverse of [`to_text`].
fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    let value = serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_string()));
    serde_json::from_value(value).map_err(|e| StoreError::BadDraft(e.to_string()))
}

impl Store {
    /// Saves a draft of `operator`: updates draft `id` if it is still there, otherwise adds
    /// a new one. Returns the draft's id. Waits only a moment for another program's write
    /// ([`StoreError::Busy`] then): the next key saves it again.
    pub fn save_draft(
        &mut self,
        id: Option<DraftId>,
        operator: &str,
        draft: &Draft,
        now: NaiveDateTime,
    ) -> Result<DraftId, StoreError> {
        self.with_short_wait(|store| store.write_draft(id, operator, draft, now))
    }

    fn write_draft(
        &mut self,
        id: Option<DraftId>,
        operator: &str,
        draft: &Draft,
        now: NaiveDateTime,
    ) -> Result<DraftId, StoreError> {
        let step = to_text(&draft.step)?;
        let focus = draft.focus.as_ref().map(to_text).transpose()?;
        // Belt and braces: `Answers` never serializes its PIN, and the draft holds none.
        let answers = serde_json::to_string(&draft.answers).map_err(|e| StoreError::BadDraft(e.to_string()))?;
        let customer = draft.customer();
        if let Some(id) = id {
            let changed = self.db().exec(
                "UPDATE drafts SET updated_at = ?1, customer_id = ?2, step = ?3, focus = ?4, answers = ?5,
                 pin_entered = ?6 WHERE id = ?7 AND operator = ?8",
                args![time(now), customer, step, focus, answers, draft.pin_entered, id, operator],
            )?;
            if changed == 1 {
                return Ok(id);
            }
        }
        // New, or discarded meanwhile in another terminal: saved afresh.
        Ok(self.db().value(
            "INSERT INTO drafts (operator, created_at, updated_at, customer_id, step, focus, answers, pin_entered)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            args![operator, time(now), customer, step, focus, answers, draft.pin_entered],
        )?)
    }

    /// [`Store::save_draft`], waiting at most `wait` (quietly) for another program's lock
    /// instead of the draft's usual moment: the terminal saves with a shorter wait while the
    /// operator types (a key must not wait), and a longer one on the way out (the last save
    /// must not give up at once). A lock held longer is [`StoreError::Busy`].
    pub fn save_draft_waiting(
        &mut self,
        wait: std::time::Duration,
        id: Option<DraftId>,
        operator: &str,
        draft: &Draft,
        now: NaiveDateTime,
    ) -> Result<DraftId, StoreError> {
        // Back to the usual wait afterwards, for everything else (placing an order waits for
        // others).
        self.waiting(super::Wait::Quiet(wait), |store| store.write_draft(id, operator, draft, now))
    }

    /// The operator's drafts, newest first, with customer, step and age. Rows this program
    /// cannot read (a newer version's) are left out rather than refused.
    pub fn drafts_of(&self, operator: &str, now: NaiveDateTime) -> Result<Vec<DraftSummary>, StoreError> {
        let rows = self.db().rows(
            "SELECT d.id, d.step, d.updated_at, c.name, c.number FROM drafts d
             LEFT JOIN customers c ON c.id = d.customer_id
             WHERE d.operator = ?1 ORDER BY d.updated_at DESC, d.id DESC",
            args![operator],
            |r| {
                let name: Option<String> = r.get(3)?;
                let number: Option<String> = r.get(4)?;
                Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<String>(2)?, name.zip(number)))
            },
        )?;
        let mut list = Vec::new();
        for (id, step, updated, customer) in rows {
            let Ok(step) = from_text::<Step>(&step) else { continue };
            let age_minutes = NaiveDateTime::parse_from_str(&updated, TIME_FORMAT)
                .map(|t| (now - t).num_minutes().max(0))
                .unwrap_or(0);
            let customer = customer.map(|(name, number)| format!("{name} ({number})"));
            list.push(DraftSummary { id, customer, step, age_minutes });
        }
        Ok(list)
    }

    /// The draft with this id, if it is still there.
    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, StoreError> {
        let row: Option<(String, Option<String>, String, bool)> =
            self.db().opt("SELECT step, focus, answers, pin_entered FROM drafts WHERE id = ?1", args![id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let Some((step, focus, answers, pin_entered)) = row else { return Ok(None) };
        Ok(Some(Draft {
            step: from_text(&step)?,
            focus: focus.as_deref().map(from_text::<Field>).transpose()?,
            answers: serde_json::from_str(&answers).map_err(|e| StoreError::BadDraft(e.to_string()))?,
            pin_entered,
        }))
    }

    /// Removes a draft (placed, or discarded by hand). A draft already gone is fine.
    pub fn delete_draft(&mut self, id: DraftId) -> Result<(), StoreError> {
        self.db().exec("DELETE FROM drafts WHERE id = ?1", args![id])?;
        Ok(())
    }

    /// Removes every draft last saved before `before`; returns how many. Waits only a moment
    /// for another program's write ([`StoreError::Busy`] then): pruning can wait for the
    /// next start, the operator should not.
    pub fn prune_drafts(&mut self, before: NaiveDateTime) -> Result<usize, StoreError> {
        self.with_short_wait(|store| {
            Ok(store.db().exec("DELETE FROM drafts WHERE updated_at < ?1", args![time(before)])?)
        })
    }
}
