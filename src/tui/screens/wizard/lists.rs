//! The terminal-side state of a wizard page: the open list and the text being edited.
//!
//! The wizard owns the answers; this holds only what a screen needs in between: the
//! cursor in a text field, the filter and highlight of an open dropdown.

use crate::domain::Field;
use crate::domain::field::List;
use crate::domain::model::Customer;
use crate::i18n::Lang;
use crate::tui::filter::Filter;
use crate::tui::widgets::{Options, Select, TextField};
use crate::wizard::{Opt, OptValue, Wizard, customer_label};
use std::borrow::Cow;

/// What an open list offers.
enum Source {
    /// Options made for this list, with their labels; `searched` when the store found them
    /// for what was typed (a customer's users or free numbers), a screenful or a few.
    Options { options: Vec<Opt>, labels: Vec<String>, searched: bool },
    /// The customers the store found for what was typed, a screenful or a few, best first.
    Customers(Vec<Customer>),
}

/// A dropdown that is open: a [`Select`] over a field's options.
pub struct OpenList {
    pub field: Field,
    source: Source,
    /// The type-ahead select: its filter, what was typed, the highlight.
    pub select: Select,
    lang: Lang,
}

impl OpenList {
    /// Opens the list of `field`, highlighting the chosen option. The customer list shows
    /// what the wizard found last until the store answers the search it asks for.
    pub fn open(wizard: &Wizard, field: Field, lang: Lang) -> Self {
        let chosen = wizard.chosen(field);
        let (source, filter, highlight) = if field == Field::Customer {
            let rows = wizard.customers().to_vec();
            let filter = Filter::searched(rows.len(), "", wizard.more_customers());
            let highlight = chosen_position(&rows, chosen.as_ref());
            (Source::Customers(rows), filter, highlight)
        } else {
            let options = wizard.options(field);
            let labels: Vec<String> = options.iter().map(|o| label_text(&o.label, lang)).collect();
            let searched = searched(field);
            let filter = if searched {
                Filter::searched(options.len(), "", wizard.more_options(field))
            } else {
                Filter::from_labels(labels.iter().map(String::as_str))
            };
            let highlight = options.iter().position(|o| Some(&o.value) == chosen.as_ref()).unwrap_or(0);
            (Source::Options { options, labels, searched }, filter, highlight)
        };
        OpenList { field, source, select: Select::new(filter, highlight), lang }
    }

    /// Takes the customers the wizard has now (the store's answer to a search), keeping
    /// what was typed; the highlight stays where it was as far as the rows go.
    pub fn refresh(&mut self, wizard: &Wizard) {
        if let Source::Options { options, labels, searched: true } = &mut self.source {
            let now = wizard.options(self.field);
            let more = wizard.more_options(self.field);
            if *options == now && self.select.filter.more() == more {
                return;
            }
            *labels = now.iter().map(|o| label_text(&o.label, self.lang)).collect();
            *options = now;
            self.select.filter = Filter::searched(options.len(), self.select.query.value(), more);
            self.select.highlight = self.select.highlight.min(options.len().saturating_sub(1));
            return;
        }
        let Source::Customers(rows) = &mut self.source else { return };
        if rows.as_slice() == wizard.customers() && self.select.filter.matches().len() == rows.len() {
            return;
        }
        *rows = wizard.customers().to_vec();
        let query = self.select.query.value();
        self.select.filter = Filter::searched(rows.len(), query, wizard.more_customers());
        if query.is_empty() && self.select.highlight == 0 {
            self.select.highlight = chosen_position(rows, wizard.chosen(self.field).as_ref());
        }
        self.select.highlight = self.select.highlight.min(rows.len().saturating_sub(1));
    }

    /// Whether the highlight is near the end of the customers found so far: time to ask
    /// for the next screenful.
    pub fn wants_more(&self) -> bool {
        let near_end = |len: usize| self.select.highlight + crate::tui::widgets::select::LIST_ROWS >= len;
        match &self.source {
            Source::Customers(rows) => near_end(rows.len()),
            Source::Options { options, searched: true, .. } => near_end(options.len()),
            Source::Options { .. } => false,
        }
    }

    /// Whether the store searches this list for what is typed (customers, users, numbers).
    pub fn is_searched(&self) -> bool {
        matches!(self.source, Source::Customers(_) | Source::Options { searched: true, .. })
    }

    /// The value of option `i`.
    pub fn value(&self, i: usize) -> Option<OptValue> {
        match &self.source {
            Source::Options { options, .. } => options.get(i).map(|o| o.value.clone()),
            Source::Customers(c) => c.get(i).map(|c| OptValue::Id(c.id)),
        }
    }
}

impl Options for OpenList {
    fn label(&self, i: usize) -> Cow<'_, str> {
        match &self.source {
            Source::Options { labels, .. } => Cow::Borrowed(labels.get(i).map(String::as_str).unwrap_or("")),
            Source::Customers(c) => Cow::Owned(c.get(i).map(customer_label).unwrap_or_default()),
        }
    }

    /// A product's price.
    fn right(&self, i: usize) -> String {
        let price = match &self.source {
            Source::Options { options, .. } => options.get(i).and_then(|o| o.price),
            Source::Customers(_) => None,
        };
        price.map(|p| price_text(p, self.lang)).unwrap_or_default()
    }

    fn none(&self) -> &str {
        let t = self.lang.texts();
        (t.empty_list)(self.field).unwrap_or(t.no_options)
    }
}

/// Whether the store searches the list of `field` (a customer's users or free numbers: as
/// many as the customer has) rather than the screen filtering options it holds.
fn searched(field: Field) -> bool {
    matches!(field.spec().list, Some(List::Users | List::Numbers))
}

/// Where the chosen customer stands among the rows, or the top.
fn chosen_position(rows: &[Customer], chosen: Option<&OptValue>) -> usize {
    match chosen {
        Some(OptValue::Id(id)) => rows.iter().position(|c| c.id == *id).unwrap_or(0),
        _ => 0,
    }
}

pub use crate::summary::label_text;

/// The text field being edited: which field, and the field.
pub struct Editing {
    pub field: Field,
    pub input: TextField,
}

impl Editing {
    /// Starts editing a field with its current value selected, cursor at the end; it takes
    /// what the field table's input limits allow.
    pub fn new(field: Field, value: &str) -> Self {
        Editing { field, input: TextField::selected(value, crate::domain::validate::input(field)) }
    }
}

pub use crate::summary::price_text;
