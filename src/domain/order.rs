//! The order as it goes to the store: every answer checked and resolved, the PIN hashed,
//! the invoice lines priced.

use crate::domain::answers::{Answers, Field, PortWhen, Step};
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
    New { id: NumberId, e164: String },
    Port { e164: String, donor: String, date: Option<NaiveDate> },
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

impl Warning {
    /// The step whose page notes it too, under its fields.
    pub fn step(self) -> Step {
        match self {
            Warning::SimNotLinked => Step::Sim,
            Warning::PortingPending => Step::Number,
            Warning::PinMustChange => Step::Fmc,
        }
    }
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
    resolve(a, f).map(|req| OrderRequest { pin_hash: pin_hash::hash(&a.pin), ..req })
}

/// [`build`] without hashing the PIN (`pin_hash` is left empty): the order as it would be
/// placed, for comparing it with what a screen shows, where a salted hash would only cost
/// time.
pub fn resolve(a: &Answers, f: &Facts) -> Result<OrderRequest, Vec<FieldError>> {
    let errors = validate::all_errors(a, f);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Everything below was checked by `all_errors`; the `missing` fallbacks can't trigger
    // unless a rule and this function disagree, and then the field is reported, not panicked on.
    let missing = |field: Field| vec![(field, crate::domain::rules::RuleError::Required)];
    let customer = f.customer.ok_or_else(|| missing(Field::Customer))?;
    let term_id = a.term.clone().ok_or_else(|| missing(Field::Term))?;
    let term = f.catalog.term(&term_id).ok_or_else(|| missing(Field::Term))?;
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
        UserChoice::Existing(a.existing_user.ok_or_else(|| missing(Field::ExistingUser))?)
    };
    let sim = match validate::sim_kind(a, f.catalog) {
        Some(SimKind::Now) => {
            let s = validate::picked_sim(a, f).ok_or_else(|| missing(Field::Sim))?;
            SimAssignment::Now { id: s.id, iccid: s.iccid.clone() }
        }
        _ => SimAssignment::Later,
    };
    let number = match validate::number_kind(a, f.catalog) {
        Some(NumberKind::New) => {
            let n = a
                .number
                .and_then(|id| f.context.free_numbers.iter().find(|n| n.id == id))
                .ok_or_else(|| missing(Field::Number))?;
            NumberAssignment::New { id: n.id, e164: n.e164.clone() }
        }
        _ => NumberAssignment::Port {
            e164: phone::to_e164(&a.port_number).map_err(|e| vec![(Field::PortNumber, e)])?,
            donor: a.donor.clone().ok_or_else(|| missing(Field::Donor))?,
            date: match a.port_when {
                PortWhen::Immediately => None,
                PortWhen::OnDate => Some(date::parse(&a.port_date).map_err(|e| vec![(Field::PortDate, e)])?),
            },
        },
    };
    let pin_must_change = pin::check(&a.pin).map_err(|e| vec![(Field::Pin, e)])? == pin::PinCheck::MustChange;
    let req = OrderRequest {
        customer_id: customer.id,
        portfolio: a.portfolio.clone().ok_or_else(|| missing(Field::Portfolio))?,
        reference: a.reference.trim().to_string(),
        start_date,
        term: term_id,
        term_months: term.months,
        voice: a.voice.clone().ok_or_else(|| missing(Field::Voice))?,
        data: a.data.clone().ok_or_else(|| missing(Field::Data))?,
        sms: a.sms.clone().ok_or_else(|| missing(Field::Sms))?,
        addons: a.addons.iter().cloned().collect(),
        user,
        sim_option: a.sim_option.clone().ok_or_else(|| missing(Field::SimOption))?,
        sim,
        number_type: a.number_type.clone().ok_or_else(|| missing(Field::NumberType))?,
        number,
        extension: a.extension.trim().to_string(),
        display_name: a.display_name.trim().to_string(),
        area_code: a.area_code.trim().to_string(),
        pin_hash: String::new(),
        pin_must_change,
        auto_invoice: a.auto_invoice,
        invoice_lines: Vec::new(),
    };
    let invoice_lines = pricing::invoice_lines(&req, f.catalog);
    Ok(OrderRequest { invoice_lines, ..req })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pricing::Charge;
    use crate::domain::rules::RuleError;
    use crate::domain::testkit::{Fixture, valid_answers};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (product, amount, charge) of each invoice line.
    fn lines(req: &OrderRequest) -> Vec<(&str, i64, Charge)> {
        req.invoice_lines.iter().map(|l| (l.product.as_str(), l.amount_cents, l.charge)).collect()
    }

    #[test]
    fn complete_answers_build_the_order() {
        let fx = Fixture::new();
        let req = build(&valid_answers(), &fx.facts()).unwrap();
        assert_eq!(req.customer_id, 5);
        assert_eq!((req.portfolio.as_str(), req.reference.as_str()), ("standard", "PO-4711"));
        assert_eq!(req.start_date, ymd(2026, 12, 1));
        assert_eq!((req.term.as_str(), req.term_months), ("m24", 24));
        assert_eq!((req.voice.as_str(), req.data.as_str(), req.sms.as_str()), ("professional", "data-15", "sms-flat"));
        assert_eq!(req.addons, ["eu-roaming", "multisim", "world-roaming"]);
        assert_eq!(
            req.user,
            UserChoice::New(NewUser {
                username: "carla.conrad".into(),
                first_name: "Carla".into(),
                prefix: String::new(),
                last_name: "Conrad".into(),
                email: "carla.conrad@example.de".into(),
                language: "de".into(),
            })
        );
        assert_eq!(req.sim_option, "sim-now");
        assert_eq!(req.sim, SimAssignment::Now { id: 7, iccid: fx.sim_matches[0].iccid.clone() });
        assert_eq!(req.number_type, "new");
        assert_eq!(req.number, NumberAssignment::New { id: 11, e164: "+49301234567".into() });
        assert_eq!(req.number.e164(), "+49301234567");
        assert_eq!(
            (req.extension.as_str(), req.display_name.as_str(), req.area_code.as_str()),
            ("202", "Carla Conrad", "030")
        );
        assert!(pin_hash::verify("4711", &req.pin_hash));
        assert!(!req.pin_hash.contains("4711"), "{}", req.pin_hash);
        assert!(!req.pin_must_change);
        assert!(req.auto_invoice);
        assert_eq!(req.pending_reasons(), []);
        assert_eq!(
            lines(&req),
            [
                ("professional", 1490, Charge::Monthly),
                ("data-15", 1490, Charge::Monthly),
                ("sms-flat", 490, Charge::Monthly),
                ("eu-roaming", 390, Charge::Monthly),
                ("world-roaming", 990, Charge::Monthly),
                ("multisim", 990, Charge::OneTime),
                ("multisim", 290, Charge::Monthly),
                ("sim-now", 990, Charge::OneTime),
            ]
        );
        assert!(req.invoice_lines.iter().all(|l| l.start_date == ymd(2026, 12, 1) && l.term_months == 24));
    }

    #[test]
    fn answers_are_trimmed() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.reference = "  PO-4711 ".into();
        a.first_name = " Carla".into();
        a.extension = " 202 ".into();
        a.display_name = "Carla C. ".into();
        let req = build(&a, &fx.facts()).unwrap();
        let UserChoice::New(user) = &req.user else { panic!("{:?}", req.user) };
        assert_eq!(
            (req.reference.as_str(), user.first_name.as_str(), req.extension.as_str(), req.display_name.as_str()),
            ("PO-4711", "Carla", "202", "Carla C.")
        );
    }

    #[test]
    fn existing_user_sim_later_porting_and_pin_0000() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.new_user = false;
        a.existing_user = Some(2);
        a.extension = "201".into(); // his own: the mobile phone goes on it
        a.sim_option = Some("sim-later".into());
        a.sim_query = String::new();
        a.sim = None;
        a.number_type = Some("port".into());
        a.number = None;
        a.port_number = "030 987 6543".into();
        a.donor = Some("vodafone".into());
        a.port_when = PortWhen::OnDate;
        a.port_date = "15.12.2026".into();
        a.pin = "0000".into();
        let req = build(&a, &fx.facts()).unwrap();
        assert_eq!(req.user, UserChoice::Existing(2));
        assert_eq!(req.sim, SimAssignment::Later);
        assert_eq!(
            req.number,
            NumberAssignment::Port {
                e164: "+49309876543".into(),
                donor: "vodafone".into(),
                date: Some(ymd(2026, 12, 15))
            }
        );
        assert!(req.pin_must_change);
        assert!(pin_hash::verify("0000", &req.pin_hash));
        assert!(!req.pin_hash.contains("0000"));
        assert_eq!(req.pending_reasons(), [PendingReason::Sim, PendingReason::Porting]);
        let tail: Vec<_> = lines(&req).into_iter().skip(7).collect();
        assert_eq!(tail, [("sim-later", 1490, Charge::OneTime), ("port", 2490, Charge::OneTime)]);
    }

    #[test]
    fn porting_immediately_has_no_date() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.number_type = Some("port".into());
        a.port_number = "+49 89 1234567".into();
        a.donor = Some("telekom".into());
        a.port_date = "garbage, not shown".into();
        let req = build(&a, &fx.facts()).unwrap();
        assert_eq!(
            req.number,
            NumberAssignment::Port { e164: "+49891234567".into(), donor: "telekom".into(), date: None }
        );
        assert_eq!(req.pending_reasons(), [PendingReason::Porting]);
    }

    #[test]
    fn incomplete_answers_give_every_field_error() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.email = "carla.example.de".into();
        a.number = None;
        a.pin = String::new();
        assert_eq!(
            build(&a, &fx.facts()),
            Err(vec![
                (Field::Email, RuleError::EmailFormat),
                (Field::Number, RuleError::Required),
                (Field::Pin, RuleError::Required),
            ])
        );
        let errors = build(&Answers::default(), &fx.facts()).unwrap_err();
        assert_eq!(errors.first(), Some(&(Field::Customer, RuleError::Required)));
        assert!(errors.contains(&(Field::Voice, RuleError::Required)), "{errors:?}");
    }

    #[test]
    fn warnings_for_sim_later_porting_and_pin_0000() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        assert_eq!(warnings(&a, &fx.facts()), []);
        a.sim_option = Some("sim-later".into());
        a.number_type = Some("port".into());
        a.pin = "0000".into();
        assert_eq!(warnings(&a, &fx.facts()), [Warning::SimNotLinked, Warning::PortingPending, Warning::PinMustChange]);
    }
}
