//! The order as it goes to the store: every answer checked and resolved, the invoice lines
//! priced. The PIN travels as typed ([`PlainPin`]) to the driver, which hashes it: the
//! domain and the wizard perform no cryptography.

use crate::domain::answers::{Answers, Field, PortWhen, Step};
use crate::domain::catalog::Catalog;
use crate::domain::catalog::{NumberKind, SimKind};
use crate::domain::field::OrderTexts;
use crate::domain::model::{CustomerId, NumberId, SimId, UserId};
use crate::domain::pricing::{self, InvoiceLine, OrderProducts};
use crate::domain::rules::{date, phone, pin};
use crate::domain::validate::{self, Facts, FieldError};
use chrono::NaiveDate;

/// The user the order is for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum UserChoice {
    Existing(UserId),
    New(NewUser),
}

/// A user created with the order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
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
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum SimAssignment {
    Now { id: SimId, iccid: String },
    Later,
}

/// The number: a free one of the customer's, or one ported in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
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
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum PendingReason {
    Sim,
    Porting,
}

/// A complete, valid order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderRequest {
    pub customer_id: CustomerId,
    pub portfolio: String,
    /// The fields kept as text in the order (the reference...), trimmed.
    pub texts: OrderTexts,
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
    /// Argon2id PHC string, set by the driver just before the store writes; empty until
    /// then. The PIN itself never leaves memory.
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

    /// What the order buys, as far as invoicing goes.
    pub fn products(&self) -> OrderProducts {
        OrderProducts {
            voice: self.voice.clone(),
            data: self.data.clone(),
            sms: self.sms.clone(),
            addons: self.addons.clone(),
            sim_option: self.sim_option.clone(),
            number_type: self.number_type.clone(),
            start_date: self.start_date,
            term_months: self.term_months,
        }
    }
}

/// The invoice lines of an order: one per non-zero amount of each priced product
/// ([`pricing::lines_for`], which the overview's *Rechnungspositionen erzeugen* uses too).
pub fn invoice_lines(order: &OrderRequest, catalog: &Catalog) -> Vec<InvoiceLine> {
    pricing::lines_for(&order.products(), catalog)
}

/// The PIN as the operator typed it, on its way from the wizard to the driver's hash. It has
/// no `Serialize`, and its `Debug` shows no digit, so neither a log nor a file can carry it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PlainPin(String);

impl PlainPin {
    /// The typed PIN.
    pub fn new(pin: impl Into<String>) -> Self {
        PlainPin(pin.into())
    }

    /// The digits, for the one function that hashes them.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PlainPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainPin(..)")
    }
}

/// An order ready to place: checked and priced, its `pin_hash` still empty, and the PIN that
/// the driver hashes into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderToPlace {
    /// The order, without the PIN's hash.
    pub request: OrderRequest,
    /// The PIN as typed.
    pub pin: PlainPin,
}

/// The result of placing an order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
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

/// Checks every answer and builds the order to place, carrying the PIN for the driver to
/// hash.
pub fn build(a: &Answers, f: &Facts) -> Result<OrderToPlace, Vec<FieldError>> {
    resolve(a, f).map(|request| OrderToPlace { request, pin: PlainPin::new(a.pin.as_str()) })
}

/// [`build`] without the PIN (`pin_hash` is left empty): the order as it would be placed,
/// for comparing it with what a screen shows.
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
            let n = a.number.and_then(|id| f.context.number(id)).ok_or_else(|| missing(Field::Number))?;
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
        texts: OrderTexts::from_answers(a),
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
    let invoice_lines = invoice_lines(&req, f.catalog);
    Ok(OrderRequest { invoice_lines, ..req })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Price;
    use crate::domain::pricing::{Charge, priced_products, totals};
    use crate::domain::rules::RuleError;
    use crate::domain::testkit::{Fixture, valid_answers};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (product, amount, charge) of each invoice line.
    fn lines(req: &OrderRequest) -> Vec<(&str, i64, Charge)> {
        req.invoice_lines.iter().map(|l| (l.product.as_str(), l.amount_cents, l.charge)).collect()
    }

    fn request(fx: &Fixture) -> OrderRequest {
        resolve(&valid_answers(), &fx.facts()).unwrap()
    }

    fn line(product: &str, text: &str, amount_cents: i64, charge: Charge) -> InvoiceLine {
        InvoiceLine {
            product: product.into(),
            text: text.into(),
            amount_cents,
            charge,
            start_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            term_months: 12,
        }
    }

    #[test]
    fn one_line_per_non_zero_amount_in_invoice_order() {
        let fx = Fixture::new();
        let mut req = request(&fx);
        req.voice = "expert".into();
        req.data = "data-unlimited".into();
        req.sms = "sms-none".into();
        req.addons = ["hotspot", "crm", "callcenter"].map(String::from).to_vec();
        req.sim_option = "sim-later".into();
        req.number_type = "port".into();
        req.term_months = 12;
        assert_eq!(
            invoice_lines(&req, &fx.catalog),
            [
                line("expert", "Expert User", 1990, Charge::Monthly),
                line("data-unlimited", "Daten Unbegrenzt", 3490, Charge::Monthly),
                line("callcenter", "Call-Center-Agent", 990, Charge::Monthly),
                line("crm", "CRM-Anbindung", 4900, Charge::OneTime),
                line("crm", "CRM-Anbindung", 490, Charge::Monthly),
                line("sim-later", "SIM Karte später verknüpfen und liefern", 1490, Charge::OneTime),
                line("port", "Existierende Rufnummer reimportieren", 2490, Charge::OneTime),
            ]
        );
    }

    #[test]
    fn no_data_package_with_the_data_lock_costs_nothing_and_bills_no_line() {
        let fx = Fixture::new();
        let mut req = request(&fx);
        req.data = "data-none".into();
        req.addons = vec!["data-lock".into()];
        let lines = invoice_lines(&req, &fx.catalog);
        assert!(!lines.iter().any(|l| l.product == "data-none" || l.product == "data-lock"), "{lines:?}");
        assert_eq!(lines[0].product, req.voice, "the voice product is billed as before");
        let p = priced_products(&fx.catalog, None, Some("data-none"), None, ["data-lock"], None, None);
        assert_eq!(totals(p.iter().map(|(_, _, price)| price)), totals(&[Price::default()]));
    }

    #[test]
    fn amounts_come_from_the_catalog() {
        let mut fx = Fixture::new();
        let req = request(&fx);
        let voice = fx.catalog.voices.iter_mut().find(|v| v.id == "professional").unwrap();
        voice.price = Price { one_time_cents: 2500, monthly_cents: 0 };
        let lines = invoice_lines(&req, &fx.catalog);
        assert_eq!(
            lines[0],
            InvoiceLine { term_months: 24, ..line("professional", "Professional User", 2500, Charge::OneTime) }
        );
        assert_eq!(lines[1].product, "data-15");
    }

    #[test]
    fn complete_answers_build_the_order() {
        let fx = Fixture::new();
        let placing = build(&valid_answers(), &fx.facts()).unwrap();
        let req = &placing.request;
        assert_eq!(req.customer_id, 5);
        assert_eq!((req.portfolio.as_str(), req.texts.get(Field::Reference)), ("standard", "PO-4711"));
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
        // The driver hashes it (`driver::tests`); the domain only carries it, unprinted.
        assert_eq!(placing.pin.expose(), "4711");
        assert!(req.pin_hash.is_empty(), "{}", req.pin_hash);
        assert_eq!(format!("{:?}", placing.pin), "PlainPin(..)");
        assert!(!req.pin_must_change);
        assert!(req.auto_invoice);
        assert_eq!(req.pending_reasons(), []);
        assert_eq!(
            lines(req),
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
        let req = build(&a, &fx.facts()).unwrap().request;
        let UserChoice::New(user) = &req.user else { panic!("{:?}", req.user) };
        assert_eq!(
            (
                req.texts.get(Field::Reference),
                user.first_name.as_str(),
                req.extension.as_str(),
                req.display_name.as_str()
            ),
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
        let placing = build(&a, &fx.facts()).unwrap();
        let req = &placing.request;
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
        assert_eq!(placing.pin.expose(), "0000");
        assert_eq!(format!("{:?}", placing.pin), "PlainPin(..)");
        assert_eq!(req.pending_reasons(), [PendingReason::Sim, PendingReason::Porting]);
        let tail: Vec<_> = lines(req).into_iter().skip(7).collect();
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
        let req = build(&a, &fx.facts()).unwrap().request;
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
