//! The operator's answers, field by field, as the wizard and an answers file collect them.
//!
//! Values are kept as typed (strings) or as catalog ids, so that nothing the operator entered
//! is lost while it is still invalid. [`crate::domain::validate`] checks them.

use crate::domain::model::{CustomerId, NumberId, SimId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The eight pages of the wizard, in order. Serialized in snake case (drafts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Step {
    Customer,
    Connection,
    Addons,
    User,
    Sim,
    Number,
    Fmc,
    Confirm,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 8] =
        [Step::Customer, Step::Connection, Step::Addons, Step::User, Step::Sim, Step::Number, Step::Fmc, Step::Confirm];

    /// 0-based position.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        Self::ALL.get(self.index() + 1).copied()
    }
    /// The step before this one, if any.
    pub fn prev(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Self::ALL[i])
    }
}

pub use crate::domain::field::Field;

/// When a ported number moves over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortWhen {
    /// As soon as the donor provider releases it.
    #[default]
    Immediately,
    /// On the date in [`Answers::port_date`].
    OnDate,
}

/// The kind of number, read from the catalog id in [`Answers::number_type`].
pub use crate::domain::catalog::NumberKind as NumberType;
/// The kind of SIM choice, read from the catalog id in [`Answers::sim_option`].
pub use crate::domain::catalog::SimKind as SimChoice;

/// Everything the operator has entered so far.
///
/// Serializable for drafts; the PIN is never serialized (it may still be read, e.g. from an
/// answers file), and unknown or missing keys fall back to the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Answers {
    // 1 Kundendaten
    pub customer: Option<CustomerId>,
    pub portfolio: Option<String>,
    pub reference: String,
    pub cost_centre: String,
    pub start_date: String,
    pub term: Option<String>,
    // 2 Verbindung
    pub voice: Option<String>,
    pub data: Option<String>,
    pub sms: Option<String>,
    // 3 Add-ons (catalog ids)
    pub addons: BTreeSet<String>,
    // 4 Benutzer
    pub existing_user: Option<UserId>,
    pub new_user: bool,
    pub username: String,
    pub first_name: String,
    pub prefix: String,
    pub last_name: String,
    pub email: String,
    pub language: Option<String>,
    // 5 SIM
    pub sim_option: Option<String>,
    /// What was typed: four digits or a full ICCID.
    pub sim_query: String,
    /// The SIM picked from the matches.
    pub sim: Option<SimId>,
    // 6 Nummer
    pub number_type: Option<String>,
    pub number: Option<NumberId>,
    pub port_number: String,
    pub donor: Option<String>,
    pub port_when: PortWhen,
    pub port_date: String,
    // 7 FMC
    pub extension: String,
    pub display_name: String,
    /// Held in memory only, until it is hashed for the order: never serialized.
    #[serde(skip_serializing)]
    pub pin: String,
    pub area_code: String,
    // 8 Bestätigen
    pub auto_invoice: bool,
    /// The derived fields ([`Field::DERIVED`]) the operator typed himself: they no longer
    /// follow their source. Kept in the draft, so a resumed order still knows.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub typed: BTreeSet<Field>,
}
