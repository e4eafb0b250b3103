//! The order as it goes to the store: every answer checked and resolved, the PIN hashed,
//! the invoice lines priced.

use crate::domain::answers::{Answers, Field, PortWhen};
use crate::domain::catalog::{NumberKind, SimKind};
use crate::domain::model::{CustomerId, NumberId, SimId, UserId};
use crate::domain::pin_hash;
use crate::domain::pricing::{self, InvoiceLine};
use crate::domain::rules::{date, phone, pin};
use crate::domain::validate::{self, Facts, FieldError};
use chrono::NaiveDate;

/// The user the order is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChoice {
    Existing(UserId),
    New(NewUser),
}

/// A user created with the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub first_name: String,
    pub prefix: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
}

/// The SIM: one from stock now, or none until it is linked in the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimAssignment {
    Now { id: SimId, iccid: String },
    Later,
}

/// The number: a free one of the customer's, or one ported in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberAssignment {
    New {
        id: NumberId,
        e164: String,
    },
    Port {
        e164: String,
        donor: String,
        date: Option<NaiveDate>,
    },
}

impl NumberAssignment {
    /// The number in E.164.
    pub fn e164(&self) -> &str {
        match self {
            NumberAssignment::New { e164, .. } | NumberAssignment::Port { e164, .. } => e164,
        }
    }
}

/// Something the operator should know before placing the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// SIM later: the user is configured but does not work until the SIM is linked.
    SimNotLinked,
    /// The order waits for the porting to complete.
    PortingPending,
    /// PIN `0000`: the user must change it at first login.
    PinMustChange,
}

/// Why an order waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingReason {
    Sim,
    Porting,
}

/// A complete, valid order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRequest {
    pub customer_id: CustomerId,
    pub portfolio: String,
    pub reference: String,
    pub start_date: NaiveDate,
    pub term: String,
    pub term_months: u16,
    pub voice: String,
    pub data: String,
    pub sms: String,
    pub addons: Vec<String>,
    pub user: UserChoice,
    pub sim_option: String,
    pub sim: SimAssignment,
    pub number_type: String,
    pub number: NumberAssignment,
    pub extension: String,
    pub display_name: String,
    pub area_code: String,
    /// Argon2id PHC string; the PIN itself never leaves memory.
    pub pin_hash: String,
    pub pin_must_change: bool,
    pub auto_invoice: bool,
    pub invoice_lines: Vec<InvoiceLine>,
}

impl OrderRequest {
    /// What the order waits for; empty means it is active at once.
    pub fn pending_reasons(&self) -> Vec<PendingReason> {
        let mut reasons = Vec::new();
        if self.sim == SimAssignment::Later {
            reasons.push(PendingReason::Sim);
        }
        if matches!(self.number, NumberAssignment::Port { .. }) {
            reasons.push(PendingReason::Porting);
        }
        reasons
    }
}

/// The result of placing an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedOrder {
    pub id: i64,
    /// The order number shown to the operator, e.g. `CO-2026-000042`.
    pub order_no: String,
    pub pending: Vec<PendingReason>,
}

/// The warnings for these answers (shown on *Bestätigen*).
pub fn warnings(a: &Answers, f: &Facts) -> Vec<Warning> {
    let mut w = Vec::new();
    if validate::sim_kind(a, f.catalog) == Some(SimKind::Later) {
        w.push(Warning::SimNotLinked);
    }
    if validate::number_kind(a, f.catalog) == Some(NumberKind::Port) {
        w.push(Warning::PortingPending);
    }
    if a.pin == pin::CHANGE_ME {
        w.push(Warning::PinMustChange);
    }
    w
}

/// Checks every answer and builds the order, hashing the PIN.
pub fn build(a: &Answers, f: &Facts) -> Result<OrderRequest, Vec<FieldError>> {
    let errors = validate::all_errors(a, f);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Everything below was checked by `all_errors`; the `missing` fallbacks can't trigger
    // unless a rule and this function disagree, and then the field is reported, not panicked on.
    let missing = |field: Field| vec![(field, crate::domain::rules::RuleError::Required)];
    let customer = f.customer.ok_or_else(|| missing(Field::Customer))?;
    let term_id = a.term.clone().ok_or_else(|| missing(Field::Term))?;
    let term = f
        .catalog
        .term(&term_id)
        .ok_or_else(|| missing(Field::Term))?;
    let start_date = date::parse(&a.start_date).map_err(|e| vec![(Field::StartDate, e)])?;
    let user = if a.new_user {
        UserChoice::New(NewUser {
            username: a.username.clone(),
            first_name: a.first_name.trim().to_string(),
            prefix: a.prefix.trim().to_string(),
            last_name: a.last_name.trim().to_string(),
            email: a.email.clone(),
            language: a.language.clone().ok_or_else(|| missing(Field::Language))?,
        })
    } else {
        UserChoice::Existing(
            a.existing_user
                .ok_or_else(|| missing(Field::ExistingUser))?,
        )
    };
    let sim = match validate::sim_kind(a, f.catalog) {
        Some(SimKind::Now) => {
            let s = validate::picked_sim(a, f).ok_or_else(|| missing(Field::Sim))?;
            SimAssignment::Now {
                id: s.id,
                iccid: s.iccid.clone(),
            }
        }
        _ => SimAssignment::Later,
    };
    let number = match validate::number_kind(a, f.catalog) {
        Some(NumberKind::New) => {
            let n = a
                .number
                .and_then(|id| f.context.free_numbers.iter().find(|n| n.id == id))
                .ok_or_else(|| missing(Field::Number))?;
            NumberAssignment::New {
                id: n.id,
                e164: n.e164.clone(),
            }
        }
        _ => NumberAssignment::Port {
            e164: phone::to_e164(&a.port_number).map_err(|e| vec![(Field::PortNumber, e)])?,
            donor: a.donor.clone().ok_or_else(|| missing(Field::Donor))?,
            date: match a.port_when {
                PortWhen::Immediately => None,
                PortWhen::OnDate => {
                    Some(date::parse(&a.port_date).map_err(|e| vec![(Field::PortDate, e)])?)
                }
            },
        },
    };
    let pin_must_change =
        pin::check(&a.pin).map_err(|e| vec![(Field::Pin, e)])? == pin::PinCheck::MustChange;
    let req = OrderRequest {
        customer_id: customer.id,
        portfolio: a
            .portfolio
            .clone()
            .ok_or_else(|| missing(Field::Portfolio))?,
        reference: a.reference.trim().to_string(),
        start_date,
        term: term_id,
        term_months: term.months,
        voice: a.voice.clone().ok_or_else(|| missing(Field::Voice))?,
        data: a.data.clone().ok_or_else(|| missing(Field::Data))?,
        sms: a.sms.clone().ok_or_else(|| missing(Field::Sms))?,
        addons: a.addons.iter().cloned().collect(),
        user,
        sim_option: a
            .sim_option
            .clone()
            .ok_or_else(|| missing(Field::SimOption))?,
        sim,
        number_type: a
            .number_type
            .clone()
            .ok_or_else(|| missing(Field::NumberType))?,
        number,
        extension: a.extension.trim().to_string(),
        display_name: a.display_name.trim().to_string(),
        area_code: a.area_code.trim().to_string(),
        pin_hash: pin_hash::hash(&a.pin),
        pin_must_change,
        auto_invoice: a.auto_invoice,
        invoice_lines: Vec::new(),
    };
    let invoice_lines = pricing::invoice_lines(&req, f.catalog);
    Ok(OrderRequest {
        invoice_lines,
        ..req
    })
}
