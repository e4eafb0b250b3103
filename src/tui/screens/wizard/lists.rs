//! The terminal-side state of a wizard page: the open list and the text being edited.
//!
//! The wizard owns the answers; this holds only what a screen needs in between: the
//! cursor in a text field, the filter and highlight of an open dropdown.

use crate::domain::Field;
use crate::domain::model::Customer;
use crate::i18n::Lang;
use crate::tui::filter::{Filter, Haystack};
use crate::tui::widgets::{Options, Select, TextField};
use crate::wizard::{Opt, OptValue, Wizard, customer_label, customer_match_text};
use std::borrow::Cow;
use std::sync::Arc;

/// What an open list offers.
enum Source {
    /// Options made for this list, with their labels.
    Options { options: Vec<Opt>, labels: Vec<String> },
    /// The customers, read straight from the shared list: at 100 000 customers a copy of
    /// options and labels would cost 25 MB.
    Customers(Arc<Vec<Customer>>),
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
    /// Opens the list of `field`, highlighting the chosen option. `prepared` is the labels
    /// already prepared for matching, when the caller keeps them (the customers).
    pub fn open(wizard: &Wizard, field: Field, lang: Lang, prepared: Option<Haystack>) -> Self {
        let chosen = wizard.chosen(field);
        let (source, filter, highlight) = if field == Field::Customer {
            let customers = wizard.customer_list();
            let filter = match prepared.filter(|h| h.len() == customers.len()) {
                Some(haystack) => Filter::new(haystack),
                None => Filter::from_labels(
                    customers.iter().map(customer_match_text).collect::<Vec<_>>().iter().map(String::as_str),
                ),
            };
            let chosen_id = match chosen {
                Some(OptValue::Id(id)) => Some(id),
                _ => None,
            };
            let highlight = customers.iter().position(|c| Some(c.id) == chosen_id).unwrap_or(0);
            (Source::Customers(customers), filter, highlight)
        } else {
            let options = wizard.options(field);
            let labels: Vec<String> = options.iter().map(|o| label_text(&o.label, lang)).collect();
            let filter = Filter::from_labels(labels.iter().map(String::as_str));
            let highlight = options.iter().position(|o| Some(&o.value) == chosen.as_ref()).unwrap_or(0);
            (Source::Options { options, labels }, filter, highlight)
        };
        OpenList { field, source, select: Select::new(filter, highlight), lang }
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
