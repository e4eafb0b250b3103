//! The menu's work, apart from the wizard's: the operator's saved drafts, listed, resumed
//! and discarded by hand. The wizard saves and removes only its own draft
//! ([`super::Effect::SaveDraft`], [`super::Effect::DiscardDraft`]); which drafts exist and
//! which one to resume is the menu's business, in front ends that have one.

use super::Refusal;
use crate::domain::draft::{Draft, DraftId, DraftSummary};

/// Work the menu asks of the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEffect {
    /// Read the operator's drafts; answer with [`MenuEvent::DraftsListed`].
    ListDrafts,
    /// Load a draft to resume it; answer with [`MenuEvent::DraftLoaded`] (or a fresh
    /// [`MenuEvent::DraftsListed`] when it is gone).
    LoadDraft(DraftId),
    /// Remove a draft the operator discarded. No answer.
    DiscardDraft(DraftId),
}

/// What the runner answers the menu.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuEvent {
    /// The operator's drafts.
    DraftsListed(Vec<DraftSummary>),
    /// A draft to resume.
    DraftLoaded(DraftId, Box<Draft>),
    /// The store could not be read.
    Refused(Refusal),
}
