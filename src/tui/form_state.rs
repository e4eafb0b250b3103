//! The terminal-side state of a wizard page: the open list and the text being edited.
//!
//! The wizard owns the answers; this holds only what a screen needs in between: the
//! cursor in a text field, the filter and highlight of an open dropdown.

use super::filter::{Filter, Haystack};
use crate::domain::Field;
use crate::domain::catalog::Price;
use crate::domain::model::Customer;
use crate::i18n::Lang;
use crate::wizard::{Opt, OptValue, Wizard, customer_label, customer_match_text};
use std::borrow::Cow;
use std::sync::Arc;
use tui_input::Input;

/// What an open list offers.
enum Source {
    /// Options made for this list, with their labels.
    Options { options: Vec<Opt>, labels: Vec<String> },
    /// The customers, read straight from the shared list: at 100 000 customers a copy of
    /// options and labels would cost 25 MB.
    Customers(Arc<Vec<Customer>>),
}

/// A dropdown that is open.
pub struct OpenList {
    pub field: Field,
    source: Source,
    pub filter: Filter,
    pub query: Input,
    /// Position in `filter.matches()`.
    pub highlight: usize,
    /// The options are still loading (the customers, right after start).
    pub loading: bool,
}

/// How many options an open list shows at once.
pub const LIST_ROWS: usize = 10;

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
        OpenList { field, source, filter, query: Input::default(), highlight, loading: false }
    }

    /// The label of option `i`.
    pub fn label(&self, i: usize) -> Cow<'_, str> {
        match &self.source {
            Source::Options { labels, .. } => Cow::Borrowed(labels.get(i).map(String::as_str).unwrap_or("")),
            Source::Customers(c) => Cow::Owned(c.get(i).map(customer_label).unwrap_or_default()),
        }
    }

    /// The price of option `i`, for products.
    pub fn price(&self, i: usize) -> Option<Price> {
        match &self.source {
            Source::Options { options, .. } => options.get(i).and_then(|o| o.price),
            Source::Customers(_) => None,
        }
    }

    fn value(&self, i: usize) -> Option<OptValue> {
        match &self.source {
            Source::Options { options, .. } => options.get(i).map(|o| o.value.clone()),
            Source::Customers(c) => c.get(i).map(|c| OptValue::Id(c.id)),
        }
    }

    /// Applies the query typed so far.
    pub fn refilter(&mut self) {
        self.filter.set_query(self.query.value());
        self.highlight = 0;
    }

    /// Takes finished background matches; returns whether the list changed.
    pub fn poll(&mut self) -> bool {
        let changed = self.filter.poll();
        if changed {
            self.highlight = 0;
        }
        changed
    }

    /// Moves the highlight by `delta`, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        let len = self.filter.matches().len();
        if len == 0 {
            return;
        }
        self.highlight = (self.highlight as isize + delta).clamp(0, len as isize - 1) as usize;
    }

    /// The first match shown. The list turns a page at a time, so most moves redraw two
    /// markers, not the whole list.
    pub fn first_shown(&self) -> usize {
        (self.highlight / LIST_ROWS) * LIST_ROWS
    }

    /// The value of the highlighted option, if any matches.
    pub fn highlighted(&self) -> Option<OptValue> {
        let index = *self.filter.matches().get(self.highlight)?;
        self.value(index as usize)
    }
}

pub use crate::summary::label_text;

/// The text field being edited: which field, and its cursor.
pub struct Editing {
    pub field: Field,
    pub input: Input,
    /// The field just got the focus with a value: the first character typed replaces it
    /// (as in a form whose field selects its text on focus); any other editing key keeps it.
    pub replace: bool,
}

impl Editing {
    /// Starts editing a field with its current value, cursor at the end.
    pub fn new(field: Field, value: &str) -> Self {
        Editing { field, input: Input::new(value.to_string()), replace: !value.is_empty() }
    }
}
