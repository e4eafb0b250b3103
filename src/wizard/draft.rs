//! Drafts: what the wizard hands out for saving, and a wizard made from a saved draft.
//! The wizard only says *what* to save (as an effect); the driver writes it.

use super::{Effect, Wizard};
use crate::domain::answers::{Field, Step};
use crate::domain::catalog::Catalog;
use crate::domain::draft::{Draft, DraftId};
use crate::domain::model::Customer;
use crate::domain::rules::RuleError;
use chrono::NaiveDate;
use std::sync::Arc;

impl Wizard {
    /// A wizard that continues a saved draft: every answer, the step and the focus as they
    /// were. The customer's lists and the SIM matches are read fresh (the returned effects),
    /// and a PIN that had been entered is asked for again.
    pub fn resume(
        catalog: Arc<Catalog>,
        known: &[Customer],
        today: NaiveDate,
        id: DraftId,
        draft: Draft,
    ) -> (Self, Vec<Effect>) {
        let (mut w, _) = Wizard::new(catalog, known, today, None, None);
        w.answers = draft.answers;
        w.answers.pin.clear();
        w.remember_customer();
        w.draft_id = Some(id);
        // The draft never keeps the PIN: one saved past the FMC page resumes on the PIN,
        // since *Bestätigen* can't be reached without it.
        let (step, focus) = if draft.pin_entered && draft.step > Field::Pin.step() {
            (Field::Pin.step(), Some(Field::Pin))
        } else {
            (draft.step, draft.focus)
        };
        w.step = step;
        w.visited = Step::ALL.into_iter().filter(|s| *s <= step).collect();
        if draft.pin_entered {
            w.refusals.insert(Field::Pin, RuleError::PinAgain);
        }
        let fields = w.fields();
        w.focus = focus.filter(|f| fields.contains(f)).or_else(|| fields.first().copied());
        w.saved = Some(w.draft());
        let mut effects = w.load_context();
        effects.extend(w.find_sims());
        (w, effects)
    }

    /// The draft of the current state, without the PIN.
    pub fn draft(&self) -> Draft {
        let mut draft = Draft::new(self.step, self.focus, &self.answers);
        // A PIN still to be entered again stays marked, however often the draft is saved.
        draft.pin_entered |= self.refusals.get(&Field::Pin) == Some(&RuleError::PinAgain);
        draft
    }

    /// The id of the saved draft, if one was saved.
    pub fn draft_id(&self) -> Option<DraftId> {
        self.draft_id
    }

    /// Whether the state differs from the draft last handed out for saving.
    pub fn has_unsaved_draft(&self) -> bool {
        !self.placing && self.saved.as_ref() != Some(&self.draft())
    }

    /// The effect that saves the draft, if anything changed since the last one.
    pub fn save_draft(&mut self) -> Option<Effect> {
        if !self.has_unsaved_draft() {
            return None;
        }
        let draft = self.draft();
        self.saved = Some(draft.clone());
        Some(Effect::SaveDraft { id: self.draft_id, draft: Box::new(draft) })
    }

    /// The order is placed: its draft goes.
    pub(super) fn placed(&mut self) -> Vec<Effect> {
        self.placing = false;
        self.draft_id.take().map(Effect::DiscardDraft).into_iter().collect()
    }
}
