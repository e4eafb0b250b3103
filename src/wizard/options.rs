//! What kind of widget each field is, and the options of the list fields.

use super::Wizard;
use crate::domain::answers::{Field, PortWhen};
use crate::domain::catalog::{Name, Price};
use crate::domain::rules::phone;

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Date,
    /// Digits, shown masked.
    Pin,
    /// A dropdown with type-ahead filtering.
    Select,
    Checkbox,
    /// Typed digits that look up SIMs; a list to pick from when several match.
    SimSearch,
}

/// An option's label: from the catalog (German and English), or plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Catalog(Name),
    Text(String),
    PortImmediately,
    PortOnDate,
}

/// The value an option sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptValue {
    Choice(String),
    Id(i64),
    PortWhen(PortWhen),
}

/// One option of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub value: OptValue,
    pub label: Label,
    /// The price, for products.
    pub price: Option<Price>,
}

impl Field {
    /// The widget for this field.
    pub fn kind(self) -> FieldKind {
        use Field::*;
        match self {
            Customer | Portfolio | Term | Voice | Data | Sms | ExistingUser | Language | SimOption | NumberType
            | Number | Donor | PortWhen => FieldKind::Select,
            Addon(_) | NewUser | AutoInvoice => FieldKind::Checkbox,
            StartDate | PortDate => FieldKind::Date,
            Pin => FieldKind::Pin,
            Sim => FieldKind::SimSearch,
            Reference | Username | FirstName | Prefix | LastName | Email | PortNumber | Extension | DisplayName
            | AreaCode => FieldKind::Text,
        }
    }
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
    /// The options of a list field, in display order.
    pub fn options(&self, field: Field) -> Vec<Opt> {
        let c = &*self.catalog;
        let voice = self.answers.voice.as_deref().unwrap_or("");
        use Field::*;
        match field {
            Customer => self.customers.iter().map(|c| text_opt(c.id, customer_label(c))).collect(),
            Portfolio => c.portfolios.iter().map(|p| catalog_opt(&p.id, &p.name)).collect(),
            Term => c.terms.iter().map(|t| catalog_opt(&t.id, &t.name)).collect(),
            Voice => c.voices.iter().map(|v| priced_opt(&v.id, &v.name, v.price)).collect(),
            Data => c.data_for(voice).map(|p| priced_opt(&p.id, &p.name, p.price)).collect(),
            Sms => c.sms_for(voice).map(|p| priced_opt(&p.id, &p.name, p.price)).collect(),
            Language => c.languages.iter().map(|l| catalog_opt(&l.id, &l.name)).collect(),
            SimOption => c.sim_options.iter().map(|s| priced_opt(&s.id, &s.name, s.price)).collect(),
            NumberType => c.number_types.iter().map(|n| priced_opt(&n.id, &n.name, n.price)).collect(),
            Donor => c.donors.iter().map(|d| catalog_opt(&d.id, &d.name)).collect(),
            PortWhen => vec![
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
            ExistingUser => self
                .context
                .users
                .iter()
                .filter(|u| !u.has_mobile)
                .map(|u| text_opt(u.id, format!("{} ({})", u.full_name(), u.username)))
                .collect(),
            Number => {
                let area = self.customer().map(|c| c.area_code.as_str());
                self.context.free_numbers.iter().map(|n| text_opt(n.id, phone::readable(&n.e164, area))).collect()
            }
            Sim => self.sim_matches.iter().map(|s| text_opt(s.id, s.iccid.clone())).collect(),
            _ => Vec::new(),
        }
    }

    /// The chosen option of a list field, with its label. Cheap for the customer list too:
    /// screens call it on every frame.
    pub fn chosen_option(&self, field: Field) -> Option<Opt> {
        let chosen = self.chosen(field)?;
        match (field, &chosen) {
            (Field::Customer, OptValue::Id(id)) => {
                self.customers.iter().find(|c| c.id == *id).map(|c| text_opt(c.id, customer_label(c)))
            }
            _ => self.options(field).into_iter().find(|o| o.value == chosen),
        }
    }

    /// The option a list field has chosen, if any.
    pub fn chosen(&self, field: Field) -> Option<OptValue> {
        let a = &self.answers;
        let choice = |v: &Option<String>| v.clone().map(OptValue::Choice);
        use Field::*;
        match field {
            Customer => a.customer.map(OptValue::Id),
            Portfolio => choice(&a.portfolio),
            Term => choice(&a.term),
            Voice => choice(&a.voice),
            Data => choice(&a.data),
            Sms => choice(&a.sms),
            Language => choice(&a.language),
            SimOption => choice(&a.sim_option),
            NumberType => choice(&a.number_type),
            Donor => choice(&a.donor),
            PortWhen => Some(OptValue::PortWhen(a.port_when)),
            ExistingUser => a.existing_user.map(OptValue::Id),
            Number => a.number.map(OptValue::Id),
            Sim => a.sim.map(OptValue::Id),
            _ => None,
        }
    }

    /// The text of a text-like field.
    pub fn text(&self, field: Field) -> &str {
        let a = &self.answers;
        use Field::*;
        match field {
            Reference => &a.reference,
            StartDate => &a.start_date,
            Username => &a.username,
            FirstName => &a.first_name,
            Prefix => &a.prefix,
            LastName => &a.last_name,
            Email => &a.email,
            Sim => &a.sim_query,
            PortNumber => &a.port_number,
            PortDate => &a.port_date,
            Extension => &a.extension,
            DisplayName => &a.display_name,
            Pin => &a.pin,
            AreaCode => &a.area_code,
            _ => "",
        }
    }

    /// The state of a checkbox.
    pub fn checked(&self, field: Field) -> bool {
        match field {
            Field::NewUser => self.answers.new_user,
            Field::AutoInvoice => self.answers.auto_invoice,
            Field::Addon(i) => self.catalog.addons.get(i).is_some_and(|a| self.answers.addons.contains(&a.id)),
            _ => false,
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
