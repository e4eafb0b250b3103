//! A half-entered order, saved so that nothing is lost when the connection drops.
//!
//! A draft is the wizard's answers with the page and the field in focus. The PIN is never
//! part of it: [`Draft::pin_entered`] only records that one was typed, so the wizard can ask
//! for it again on resume.

use crate::domain::answers::{Answers, Field, Step};
use crate::domain::model::CustomerId;
use serde::{Deserialize, Serialize};

/// Database id of a saved draft.
pub type DraftId = i64;

/// What a draft holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The page the operator was on.
    pub step: Step,
    /// The field in focus on that page.
    pub focus: Option<Field>,
    /// Every answer, with the PIN left empty.
    pub answers: Answers,
    /// Whether a PIN had been typed (it must be typed again).
    pub pin_entered: bool,
}

impl Draft {
    /// A draft of these answers; the PIN is dropped and only its presence is kept.
    pub fn new(step: Step, focus: Option<Field>, answers: &Answers) -> Draft {
        let mut answers = answers.clone();
        let pin_entered = !answers.pin.is_empty();
        answers.pin.clear();
        Draft { step, focus, answers, pin_entered }
    }

    /// The customer the draft is for, if one was chosen.
    pub fn customer(&self) -> Option<CustomerId> {
        self.answers.customer
    }
}

/// A saved draft as the menu lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct DraftSummary {
    pub id: DraftId,
    /// "Name (K-…)" of the customer, if one was chosen and still exists.
    pub customer: Option<String>,
    pub step: Step,
    /// Minutes since the draft was last saved.
    pub age_minutes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_never_goes_into_a_draft() {
        let answers = Answers { pin: "4711".into(), username: "erika".into(), ..Answers::default() };
        let draft = Draft::new(Step::Fmc, Some(Field::Pin), &answers);
        assert!(draft.pin_entered);
        assert!(draft.answers.pin.is_empty());
        // Even answers with a PIN serialize without it.
        let json = serde_json::to_string(&answers).unwrap();
        assert!(!json.contains("4711") && !json.contains("\"pin\""), "{json}");
        assert!(json.contains("erika"));
    }

    #[test]
    fn a_draft_survives_a_round_trip() {
        let answers = Answers { addons: ["eu-roaming".to_string()].into(), ..Answers::default() };
        let draft = Draft::new(Step::Addons, Some(Field::Addon(3)), &answers);
        let back: Draft = serde_json::from_str(&serde_json::to_string(&draft).unwrap()).unwrap();
        assert_eq!(back, draft);
    }
}
