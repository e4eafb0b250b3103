//! What kind of widget each field is, and the options of the list fields.

use super::Wizard;
use crate::domain::answers::{Field, PortWhen};
use crate::domain::catalog::{Name, Price};
use crate::domain::field::{List, Slot};
use crate::domain::model::{FreeNumber, User};
use crate::domain::rules::phone;

pub use crate::domain::field::FieldKind;

/// An option's label: from the catalog (German and English), or plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Label {
    Catalog(Name),
    Text(String),
    PortImmediately,
    PortOnDate,
}

/// The value an option sets.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum OptValue {
    Choice(String),
    Id(i64),
    PortWhen(PortWhen),
}

/// One option of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Opt {
    pub value: OptValue,
    pub label: Label,
    /// The price, for products.
    pub price: Option<Price>,
}

/// A user as *Benutzer auswählen* lists him: "First Last (username)".
fn user_opt(u: &User) -> Opt {
    text_opt(u.id, format!("{} ({})", u.full_name(), u.username))
}

fn catalog_opt(id: &str, name: &Name) -> Opt {
    Opt { value: OptValue::Choice(id.to_string()), label: Label::Catalog(name.clone()), price: None }
}

fn priced_opt(id: &str, name: &Name, price: Price) -> Opt {
    Opt { price: Some(price), ..catalog_opt(id, name) }
}

fn text_opt(id: i64, text: String) -> Opt {
    Opt { value: OptValue::Id(id), label: Label::Text(text), price: None }
}

impl Wizard {
    /// The options of a list field, in display order; none for the other fields.
    pub fn options(&self, field: Field) -> Vec<Opt> {
        let Some(list) = field.spec().list else { return Vec::new() };
        let c = &*self.catalog;
        let voice = self.answers.voice.as_deref().unwrap_or("");
        match list {
            List::Customers => self.found.rows.iter().map(|c| text_opt(c.id, customer_label(c))).collect(),
            List::Portfolios => c.portfolios.iter().map(|p| catalog_opt(&p.id, &p.name)).collect(),
            List::Terms => c.terms.iter().map(|t| catalog_opt(&t.id, &t.name)).collect(),
            List::Voices => c.voices.iter().map(|v| priced_opt(&v.id, &v.name, v.price)).collect(),
            List::Data => c.data_for(voice).map(|p| priced_opt(&p.id, &p.name, p.price)).collect(),
            List::Sms => c.sms_for(voice).map(|p| priced_opt(&p.id, &p.name, p.price)).collect(),
            List::Languages => c.languages.iter().map(|l| catalog_opt(&l.id, &l.name)).collect(),
            List::SimOptions => c.sim_options.iter().map(|s| priced_opt(&s.id, &s.name, s.price)).collect(),
            List::NumberTypes => c.number_types.iter().map(|n| priced_opt(&n.id, &n.name, n.price)).collect(),
            List::Donors => c.donors.iter().map(|d| catalog_opt(&d.id, &d.name)).collect(),
            List::PortWhen => vec![
                Opt {
                    value: OptValue::PortWhen(crate::domain::PortWhen::Immediately),
                    label: Label::PortImmediately,
                    price: None,
                },
                Opt {
                    value: OptValue::PortWhen(crate::domain::PortWhen::OnDate),
                    label: Label::PortOnDate,
                    price: None,
                },
            ],
            List::Users => self.context.users.iter().filter(|u| !u.has_mobile).map(user_opt).collect(),
            List::Numbers => self.context.free_numbers.iter().map(|n| self.number_opt(n)).collect(),
            List::Sims => self.sim_matches.iter().map(|s| text_opt(s.id, s.iccid.clone())).collect(),
        }
    }

    /// A free number as *Nummer auswählen* lists it: readable, the customer's area code
    /// set apart.
    fn number_opt(&self, n: &FreeNumber) -> Opt {
        let area = self.customer().map(|c| c.area_code.as_str());
        text_opt(n.id, phone::readable(&n.e164, area))
    }

    /// The chosen option of a list field, with its label. Cheap for the customer list too:
    /// screens call it on every frame.
    pub fn chosen_option(&self, field: Field) -> Option<Opt> {
        let chosen = self.chosen(field)?;
        match (field.spec().list, &chosen) {
            (Some(List::Customers), OptValue::Id(id)) => {
                self.customer().filter(|c| c.id == *id).map(|c| text_opt(c.id, customer_label(c)))
            }
            // Chosen wherever the list the store found last stands.
            (Some(List::Users), OptValue::Id(id)) => self.context.user(*id).map(user_opt),
            (Some(List::Numbers), OptValue::Id(id)) => self.context.number(*id).map(|n| self.number_opt(n)),
            _ => self.options(field).into_iter().find(|o| o.value == chosen),
        }
    }

    /// The option a list field has chosen, if any.
    pub fn chosen(&self, field: Field) -> Option<OptValue> {
        let a = &self.answers;
        match field.spec().slot {
            Slot::Choice(get, _) => get(a).clone().map(OptValue::Choice),
            Slot::Id(get, _) | Slot::Query { pick: (get, _), .. } => get(a).map(OptValue::Id),
            Slot::PortWhen => Some(OptValue::PortWhen(a.port_when)),
            Slot::Text(..) | Slot::Flag(..) | Slot::Addon => None,
        }
    }

    /// The text of a text-like field; empty for the others.
    pub fn text(&self, field: Field) -> &str {
        self.answers.text_of(field).unwrap_or("")
    }

    /// The state of a checkbox.
    pub fn checked(&self, field: Field) -> bool {
        match field {
            Field::Addon(i) => self.answers.has_addon(&self.catalog, i),
            _ => self.answers.flag_of(field).unwrap_or(false),
        }
    }
}

/// How a customer appears in the list: name, number and city, all searchable.
pub fn customer_label(c: &crate::domain::Customer) -> String {
    format!("{} · {} · {}", c.name, c.number, c.city)
}

/// What the customer filter matches against: the label's words with ASCII separators, so
/// that an ASCII name is kept in one byte per character by the matcher (a single `·` would
/// make it four bytes per character: 20 MB at 100 000 customers).
pub fn customer_match_text(c: &crate::domain::Customer) -> String {
    format!("{} {} {}", c.name, c.number, c.city)
}
