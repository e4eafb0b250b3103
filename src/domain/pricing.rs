//! Prices and invoice lines of an order.

use crate::domain::answers::Answers;
use crate::domain::catalog::{Catalog, Name, Price};
use chrono::NaiveDate;

/// Whether an amount is charged once or every month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Charge {
    OneTime,
    Monthly,
}

impl Charge {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Charge::OneTime => "one_time",
            Charge::Monthly => "monthly",
        }
    }
}

/// One invoice item of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct InvoiceLine {
    /// Catalog id of the priced product.
    pub product: String,
    /// Invoice text: the product's German name (invoices are German).
    pub text: String,
    pub amount_cents: i64,
    pub charge: Charge,
    pub start_date: NaiveDate,
    pub term_months: u16,
}

/// One-time and monthly sums, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Totals {
    pub one_time_cents: i64,
    pub monthly_cents: i64,
}

/// The priced products of an order, in invoice order: voice, data, SMS, add-ons, SIM, number.
pub fn priced_products<'c>(
    catalog: &'c Catalog,
    voice: Option<&str>,
    data: Option<&str>,
    sms: Option<&str>,
    addons: impl IntoIterator<Item = &'c str>,
    sim_option: Option<&str>,
    number_type: Option<&str>,
) -> Vec<(&'c str, &'c Name, Price)> {
    let mut out = Vec::new();
    if let Some(v) = voice.and_then(|id| catalog.voice(id)) {
        out.push((v.id.as_str(), &v.name, v.price));
    }
    for p in [data.and_then(|id| catalog.data(id)), sms.and_then(|id| catalog.sms(id))].into_iter().flatten() {
        out.push((p.id.as_str(), &p.name, p.price));
    }
    // In catalog order, as the add-ons page lists them, whatever order the ids come in.
    let addons: Vec<&str> = addons.into_iter().collect();
    for a in catalog.addons.iter().filter(|a| addons.contains(&a.id.as_str())) {
        out.push((a.id.as_str(), &a.name, a.price));
    }
    if let Some(s) = sim_option.and_then(|id| catalog.sim_option(id)) {
        out.push((s.id.as_str(), &s.name, s.price));
    }
    if let Some(n) = number_type.and_then(|id| catalog.number_type(id)) {
        out.push((n.id.as_str(), &n.name, n.price));
    }
    out
}

/// The priced products the answers name so far (the confirm page, `order --dry-run`).
pub fn priced_answers<'c>(catalog: &'c Catalog, a: &'c Answers) -> Vec<(&'c str, &'c Name, Price)> {
    priced_products(
        catalog,
        a.voice.as_deref(),
        a.data.as_deref(),
        a.sms.as_deref(),
        a.addons.iter().map(String::as_str),
        a.sim_option.as_deref(),
        a.number_type.as_deref(),
    )
}

/// Sums the prices.
pub fn totals<'a>(prices: impl IntoIterator<Item = &'a Price>) -> Totals {
    prices.into_iter().fold(Totals::default(), |t, p| Totals {
        one_time_cents: t.one_time_cents + p.one_time_cents,
        monthly_cents: t.monthly_cents + p.monthly_cents,
    })
}

/// What an order bought, as far as invoicing goes. Built from an order request when it is
/// placed, or from a stored order when its invoice items are created later.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderProducts {
    pub voice: String,
    pub data: String,
    pub sms: String,
    pub addons: Vec<String>,
    pub sim_option: String,
    pub number_type: String,
    pub start_date: NaiveDate,
    pub term_months: u16,
}

/// The invoice lines for what an order bought, priced from the catalog. *Rechnungspositionen
/// erzeugen* in the overview uses this too, so the items are exactly the wizard's.
pub fn lines_for(order: &OrderProducts, catalog: &Catalog) -> Vec<InvoiceLine> {
    let products = priced_products(
        catalog,
        Some(&order.voice),
        Some(&order.data),
        Some(&order.sms),
        order.addons.iter().map(String::as_str),
        Some(&order.sim_option),
        Some(&order.number_type),
    );
    let mut lines = Vec::new();
    for (id, name, price) in products {
        for (amount, charge) in [(price.one_time_cents, Charge::OneTime), (price.monthly_cents, Charge::Monthly)] {
            if amount != 0 {
                lines.push(InvoiceLine {
                    product: id.to_string(),
                    text: name.de.clone(),
                    amount_cents: amount,
                    charge,
                    start_date: order.start_date,
                    term_months: order.term_months,
                });
            }
        }
    }
    lines
}

/// What cancelling does to one invoice item of the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCancel {
    /// Stays as it is: a one-time amount for something delivered.
    Keep,
    /// Billed up to and including this day, then no more.
    EndOn(NaiveDate),
    /// Removed: it was never billed.
    Drop,
}

/// What cancelling on `day` does to an item charged `charge` from `start`, for an order
/// that was active (`was_active`) or never became active.
///
/// An order that never became active delivered nothing usable (no SIM linked, or the
/// porting never completed): all its items go, one-time ones included, so billing never
/// sees them. An order that was active keeps its one-time items (the SIM, the porting, the
/// set-up were delivered), and its monthly items end on the cancel day; one whose start date
/// is still ahead was never billed and goes.
pub fn on_cancel(charge: Charge, start: NaiveDate, was_active: bool, day: NaiveDate) -> OnCancel {
    match (was_active, charge) {
        (false, _) => OnCancel::Drop,
        (true, Charge::OneTime) => OnCancel::Keep,
        (true, Charge::Monthly) if start > day => OnCancel::Drop,
        (true, Charge::Monthly) => OnCancel::EndOn(day),
    }
}

impl Charge {
    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Charge> {
        match s {
            "one_time" => Some(Charge::OneTime),
            "monthly" => Some(Charge::Monthly),
            _ => None,
        }
    }
}

/// Formats cents as German euros: `1.234,50 €`.
pub fn euro_de(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{:02} €", abs % 100)
}

/// Formats cents as English euros: `€1,234.50`.
pub fn euro_en(cents: i64) -> String {
    euro_de(cents).trim_end_matches(" €").replace('.', "#").replace(',', ".").replace('#', ",").replacen("", "€", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{Fixture, valid_answers};

    #[test]
    fn cancelling_ends_monthly_items_and_drops_what_was_never_billed() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        assert_eq!(on_cancel(Charge::Monthly, d(1), true, d(15)), OnCancel::EndOn(d(15)));
        assert_eq!(on_cancel(Charge::Monthly, d(15), true, d(15)), OnCancel::EndOn(d(15)), "billed for that day");
        assert_eq!(on_cancel(Charge::OneTime, d(1), true, d(15)), OnCancel::Keep);
        assert_eq!(on_cancel(Charge::Monthly, d(20), true, d(15)), OnCancel::Drop, "not started yet");
        assert_eq!(on_cancel(Charge::Monthly, d(1), false, d(15)), OnCancel::Drop);
        assert_eq!(on_cancel(Charge::OneTime, d(1), false, d(15)), OnCancel::Drop);
        for c in [Charge::OneTime, Charge::Monthly] {
            assert_eq!(Charge::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn priced_products_skip_what_is_not_chosen_or_unknown() {
        let c = Fixture::new().catalog;
        let ids = |v: Vec<(&str, &Name, Price)>| v.into_iter().map(|(id, _, _)| id.to_string()).collect::<Vec<_>>();
        let p = priced_products(&c, Some("business"), None, Some("sms-x"), ["fax2mail", "teleport"], None, Some("new"));
        assert_eq!(ids(p), ["business", "fax2mail", "new"]);
    }

    #[test]
    fn totals_sum_one_time_and_monthly() {
        let fx = Fixture::new();
        let a = valid_answers();
        let products = priced_products(
            &fx.catalog,
            a.voice.as_deref(),
            a.data.as_deref(),
            a.sms.as_deref(),
            a.addons.iter().map(String::as_str),
            a.sim_option.as_deref(),
            a.number_type.as_deref(),
        );
        // multisim 9,90 + SIM now 9,90 once; 14,90 + 14,90 + 4,90 + 3,90 + 9,90 + 2,90 a month.
        assert_eq!(totals(products.iter().map(|(_, _, p)| p)), Totals { one_time_cents: 1980, monthly_cents: 5140 });
        assert_eq!(totals([]), Totals::default());
    }

    #[test]
    fn euro_formats() {
        assert_eq!(euro_de(0), "0,00 €");
        assert_eq!(euro_de(990), "9,90 €");
        assert_eq!(euro_de(123456), "1.234,56 €");
        assert_eq!(euro_en(123456), "€1,234.56");
        assert_eq!(euro_de(-5), "-0,05 €");
    }
}
