//! What the screens show of the answers that is a decision, not a drawing: the price beside
//! a field, the number or porting as *Bestätigen* states it, the notes of a page. The
//! terminal (and line mode) put these into words; they do not decide them.

use super::{Opt, Wizard};
use crate::domain::answers::{Field, PortWhen, Step};
use crate::domain::catalog::{NumberKind, Price};
use crate::domain::order::{Warning, warnings};
use crate::domain::rules::phone;
use crate::domain::validate;

/// How *Bestätigen* states the number of the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberShown {
    /// A number from the customer's pool: the chosen option, if any.
    Pool(Option<Opt>),
    /// A ported number: readable (`030 1234567`, as typed when it can't be read), from
    /// which provider, and on which date (`None`: immediately).
    Port {
        /// The number, readable.
        number: String,
        /// The provider it comes from.
        donor: Option<Opt>,
        /// The porting date; `None`: immediately.
        on: Option<String>,
    },
}

impl Wizard {
    /// The price shown beside a field: its chosen product's, unless free. Only products
    /// carry prices (their options do), so this decides which fields show one.
    pub fn chosen_price(&self, field: Field) -> Option<Price> {
        self.chosen_option(field)?.price.filter(|p| !p.is_free())
    }

    /// The number as *Bestätigen* states it.
    pub fn number_shown(&self) -> NumberShown {
        let a = self.answers();
        match validate::number_kind(a, self.catalog()) {
            Some(NumberKind::Port) => {
                let area_code = self.customer().map(|c| c.area_code.as_str());
                let number = phone::to_e164(&a.port_number)
                    .map(|n| phone::readable(&n, area_code))
                    .unwrap_or_else(|_| a.port_number.clone());
                let on = (a.port_when == PortWhen::OnDate).then(|| a.port_date.clone());
                NumberShown::Port { number, donor: self.chosen_option(Field::Donor), on }
            }
            _ => NumberShown::Pool(self.chosen_option(Field::Number)),
        }
    }

    /// The notes the current page shows under its fields: the warnings of the order that
    /// belong to this step ([`Warning::step`]), the same ones *Bestätigen* lists.
    pub fn page_notes(&self) -> Vec<Warning> {
        self.warnings_on(self.step())
    }

    fn warnings_on(&self, step: Step) -> Vec<Warning> {
        warnings(self.answers(), &self.facts()).into_iter().filter(|w| w.step() == step).collect()
    }
}
