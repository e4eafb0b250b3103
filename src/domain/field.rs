//! The field table: every field of an order described once.
//!
//! [`Field::spec`] is one exhaustive `match` that gives each field its [`Spec`]: the step it
//! is on, its key in answers files, its kind of input, its input limits (taken from its
//! rule), where its value lives in [`Answers`], its check, when it is shown, what changing it
//! clears, the default it follows, how an answers file writes it, how *Bestätigen* shows
//! it and where a placed order keeps it ([`Stored`]: a plain optional text of the order is
//! [`Stored::OrderText`] and needs no code of its own in the order request, the store, the
//! overview's detail or the exports). A `Spec` has no optional parts, so a new field does not compile until each of them is
//! decided; the wizard, the answers-file replay and save, the checks, the summary, the
//! terminal's input filter and the i18n tests iterate [`Field::EACH`] and read the spec
//! instead of matching on fields one by one.
//!
//! What stays outside the table is what is not one field's: the words (one exhaustive match
//! per language in `i18n`, checked against this table by a test), and the rules that join
//! several fields (the SIM picked among the matches, the porting date after the start date),
//! which the checks named here call.
//!
//! Like atuin's settings table or huh's field interface: one description, many readers.

use crate::domain::answers::{self, Answers, Step};
use crate::domain::catalog::{Catalog, NumberKind, SimKind};
use crate::domain::model::{Customer, CustomerContext};
use crate::domain::rules::{Input, RuleError, date, email, extension, iccid, phone, pin, text, username};
use crate::domain::validate::{self, Facts};
use serde::{Deserialize, Serialize};

/// Every field of the wizard. An answers file uses [`Field::key`] as its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Field {
    Customer,
    Portfolio,
    Reference,
    CostCentre,
    StartDate,
    Term,
    Voice,
    Data,
    Sms,
    /// The add-on at this index of the catalog's add-ons (shown only when the voice product
    /// offers it).
    Addon(usize),
    ExistingUser,
    NewUser,
    Username,
    FirstName,
    Prefix,
    LastName,
    Email,
    Language,
    SimOption,
    Sim,
    NumberType,
    Number,
    PortNumber,
    Donor,
    PortWhen,
    PortDate,
    Extension,
    DisplayName,
    Pin,
    AreaCode,
    AutoInvoice,
}

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
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

/// Where a list field's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum List {
    Customers,
    Portfolios,
    Terms,
    Voices,
    /// The data packages the chosen voice product offers.
    Data,
    /// The SMS packages the chosen voice product offers.
    Sms,
    /// The chosen customer's users without a mobile line.
    Users,
    Languages,
    SimOptions,
    /// The free SIMs matching what was typed.
    Sims,
    NumberTypes,
    /// The chosen customer's free numbers.
    Numbers,
    Donors,
    /// Immediately, or on a date.
    PortWhen,
}

/// Reads (first) and writes (second) one value of type `T` in [`Answers`].
pub type Access<T> = (fn(&Answers) -> &T, fn(&mut Answers) -> &mut T);

/// A derived default: the value a field follows, from the answers, the customer's context
/// and the customers.
pub type Derive = fn(&Answers, &CustomerContext, &[Customer]) -> Option<String>;

/// A field's value in [`Answers`]: read with the first function, written with the second.
#[derive(Clone, Copy)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Slot {
    Text(fn(&Answers) -> &String, fn(&mut Answers) -> &mut String),
    /// A catalog id.
    Choice(fn(&Answers) -> &Option<String>, fn(&mut Answers) -> &mut Option<String>),
    /// A database row (customer, user, number).
    Id(fn(&Answers) -> &Option<i64>, fn(&mut Answers) -> &mut Option<i64>),
    Flag(fn(&Answers) -> &bool, fn(&mut Answers) -> &mut bool),
    /// Text typed to look rows up, and the row picked among the matches (the SIM).
    Query {
        text: Access<String>,
        pick: Access<Option<i64>>,
    },
    /// [`Answers::port_when`].
    PortWhen,
    /// One add-on's tick in [`Answers::addons`] (the field's index names it).
    Addon,
}

/// What a change of the field makes impossible later on, for the wizard to clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Clears {
    Nothing,
    /// The users and numbers of the previous customer.
    CustomersRows,
    /// The packages and add-ons the new voice product does not offer.
    VoiceProducts,
    /// The add-ons that don't go with the new data package.
    DataAddons,
    /// The add-ons that needed this one.
    Dependents,
}

/// How an answers file names the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InFile {
    /// As typed.
    Text,
    /// Read as typed, never written (the PIN).
    Secret,
    /// A catalog id.
    Choice,
    /// `true` or `false`.
    Flag,
    /// The ids of the ticked add-ons, as one list (`addons = [...]`).
    Addons,
    /// The customer by its number.
    CustomerNumber,
    /// An existing user by user name.
    UserName,
    /// One of the customer's free numbers, in any German notation (written in E.164).
    PoolNumber,
    /// Four digits or an ICCID; written as the full ICCID once one SIM is picked.
    SimQuery,
    /// `immediately` or `on_date`.
    PortWhen,
}

/// How *Bestätigen* shows the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    /// In its step's lines, composed with the other fields of the step.
    InStep,
    /// A line of its own, "label value", when it has a value.
    Labelled,
    /// Not in the summary (it is on *Bestätigen* itself).
    Hidden,
}

/// Where a placed order keeps the field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// As trimmed text in the order, in the column of `orders` named by the field's key: the
    /// order request, the store's insert, the order detail and the exports carry it by
    /// iterating [`Field::order_texts`], with no code of the field's own. The summary and
    /// the overview detail show it as a "label value" line.
    OrderText,
    /// Anywhere else (a resolved id, a user row, a number...): written by the code that
    /// knows its meaning.
    Elsewhere,
}

/// Everything about one field. See the module doc.
#[derive(Clone, Copy)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Spec {
    pub step: Step,
    /// The key in answers files and machine-readable output.
    pub key: &'static str,
    pub kind: FieldKind,
    /// Where a list field's options come from; `None` for the others.
    pub list: Option<List>,
    pub slot: Slot,
    /// What a text-like field takes from the keyboard, from its rule.
    pub input: Option<Input>,
    /// The field's rule. The field is passed for the add-ons, whose index it carries.
    pub check: fn(Field, &Answers, &Facts) -> Result<(), RuleError>,
    /// Whether the field is shown for these answers (on its step).
    pub shown: fn(Field, &Answers, &Catalog) -> bool,
    /// The value it follows until the operator types one ([`Field::DERIVED`]); `None` from
    /// the function while the source is not loaded yet.
    pub derived: Option<Derive>,
    pub clears: Clears,
    pub in_file: InFile,
    pub summary: Summary,
    pub stored: Stored,
}

impl Field {
    /// One of each kind of field, in wizard order (`Addon(0)` stands for the add-ons).
    pub const EACH: [Field; 31] = {
        use Field::*;
        [
            Customer,
            Portfolio,
            Reference,
            CostCentre,
            StartDate,
            Term,
            Voice,
            Data,
            Sms,
            Addon(0),
            ExistingUser,
            NewUser,
            Username,
            FirstName,
            Prefix,
            LastName,
            Email,
            Language,
            SimOption,
            Sim,
            NumberType,
            Number,
            PortNumber,
            Donor,
            PortWhen,
            PortDate,
            Extension,
            DisplayName,
            Pin,
            AreaCode,
            AutoInvoice,
        ]
    };

    /// The fields whose value is derived from an earlier answer and follows it until the
    /// operator types a value of his own: the extension (an existing user's own), the display
    /// name (the user's full name) and the area code (the customer's). A test checks that
    /// these are exactly the fields with a [`Spec::derived`].
    pub const DERIVED: [Field; 3] = [Field::Extension, Field::DisplayName, Field::AreaCode];

    /// The step the field is on.
    pub fn step(self) -> Step {
        self.spec().step
    }

    /// The field's name in answers files and machine-readable output.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The widget for this field.
    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }

    /// The fields kept as text in the order ([`Stored::OrderText`]), in wizard order.
    pub fn order_texts() -> impl Iterator<Item = Field> {
        Field::EACH.into_iter().filter(|f| f.spec().stored == Stored::OrderText)
    }

    /// The field with this answers-file key (`addons` is the add-ons' list).
    pub fn by_key(key: &str) -> Option<Field> {
        Field::EACH.into_iter().find(|f| f.key() == key)
    }

    /// The field's description: the one place where a field is described.
    pub fn spec(self) -> Spec {
        use Field::*;
        use FieldKind as K;
        let always: fn(Field, &Answers, &Catalog) -> bool = |_, _, _| true;
        let accepted: fn(Field, &Answers, &Facts) -> Result<(), RuleError> = |_, _, _| Ok(());
        // The parts most fields share, overridden below; every field still names its own
        // step, key, kind, slot, check and visibility.
        let base = |step, key, kind, slot, check, shown| Spec {
            step,
            key,
            kind,
            list: None,
            slot,
            input: None,
            check,
            shown,
            derived: None,
            clears: Clears::Nothing,
            in_file: InFile::Text,
            summary: Summary::InStep,
            stored: Stored::Elsewhere,
        };
        let select = |step, key, list, slot, check, shown| Spec {
            list: Some(list),
            in_file: InFile::Choice,
            ..base(step, key, K::Select, slot, check, shown)
        };
        let text = |step, key, slot, input, check, shown| Spec {
            input: Some(input),
            ..base(step, key, K::Text, slot, check, shown)
        };
        let new_user: fn(Field, &Answers, &Catalog) -> bool = |_, a, _| a.new_user;
        let port: fn(Field, &Answers, &Catalog) -> bool =
            |_, a, c| validate::number_kind(a, c) == Some(NumberKind::Port);
        match self {
            // 1 Kundendaten
            Customer => Spec {
                in_file: InFile::CustomerNumber,
                clears: Clears::CustomersRows,
                ..select(
                    Step::Customer,
                    "customer",
                    List::Customers,
                    Slot::Id(|a| &a.customer, |a| &mut a.customer),
                    |_, a, f| validate::check_customer(a, f),
                    always,
                )
            },
            Portfolio => select(
                Step::Customer,
                "portfolio",
                List::Portfolios,
                Slot::Choice(|a| &a.portfolio, |a| &mut a.portfolio),
                |_, a, f| validate::known(&a.portfolio, |id| f.catalog.portfolio(id).is_some()),
                always,
            ),
            Reference => Spec {
                summary: Summary::Labelled,
                stored: Stored::OrderText,
                ..text(
                    Step::Customer,
                    "reference",
                    Slot::Text(|a| &a.reference, |a| &mut a.reference),
                    text::REFERENCE_INPUT,
                    |_, a, _| text::check_reference(&a.reference),
                    always,
                )
            },
            CostCentre => Spec {
                summary: Summary::Labelled,
                stored: Stored::OrderText,
                ..text(
                    Step::Customer,
                    "cost_centre",
                    Slot::Text(|a| &a.cost_centre, |a| &mut a.cost_centre),
                    text::COST_CENTRE_INPUT,
                    |_, a, _| text::check_cost_centre(&a.cost_centre),
                    always,
                )
            },
            StartDate => Spec {
                kind: K::Date,
                ..text(
                    Step::Customer,
                    "start_date",
                    Slot::Text(|a| &a.start_date, |a| &mut a.start_date),
                    date::INPUT,
                    |_, a, f| date::parse_not_past(&a.start_date, f.today).map(|_| ()),
                    always,
                )
            },
            Term => select(
                Step::Customer,
                "term",
                List::Terms,
                Slot::Choice(|a| &a.term, |a| &mut a.term),
                |_, a, f| validate::known(&a.term, |id| f.catalog.term(id).is_some()),
                always,
            ),
            // 2 Verbindung
            Voice => Spec {
                clears: Clears::VoiceProducts,
                ..select(
                    Step::Connection,
                    "voice",
                    List::Voices,
                    Slot::Choice(|a| &a.voice, |a| &mut a.voice),
                    |_, a, f| validate::known(&a.voice, |id| f.catalog.voice(id).is_some()),
                    always,
                )
            },
            Data => Spec {
                clears: Clears::DataAddons,
                ..select(
                    Step::Connection,
                    "data",
                    List::Data,
                    Slot::Choice(|a| &a.data, |a| &mut a.data),
                    |_, a, f| validate::package_fits(&a.data, a, |id| f.catalog.data(id).map(|p| &p.voice)),
                    always,
                )
            },
            Sms => select(
                Step::Connection,
                "sms",
                List::Sms,
                Slot::Choice(|a| &a.sms, |a| &mut a.sms),
                |_, a, f| validate::package_fits(&a.sms, a, |id| f.catalog.sms(id).map(|p| &p.voice)),
                always,
            ),
            // 3 Add-ons
            Addon(_) => Spec {
                clears: Clears::Dependents,
                in_file: InFile::Addons,
                ..base(
                    Step::Addons,
                    "addons",
                    K::Checkbox,
                    Slot::Addon,
                    |field, a, f| match field {
                        Addon(i) => validate::check_addon(i, a, f.catalog),
                        _ => Ok(()),
                    },
                    |field, a, c| match field {
                        Addon(i) => validate::offered_addons(a, c).any(|x| x == i),
                        _ => false,
                    },
                )
            },
            // 4 Benutzer
            ExistingUser => Spec {
                in_file: InFile::UserName,
                ..select(
                    Step::User,
                    "user",
                    List::Users,
                    Slot::Id(|a| &a.existing_user, |a| &mut a.existing_user),
                    |_, a, f| validate::check_existing_user(a, f),
                    |_, a, _| !a.new_user,
                )
            },
            NewUser => Spec {
                in_file: InFile::Flag,
                ..base(
                    Step::User,
                    "new_user",
                    K::Checkbox,
                    Slot::Flag(|a| &a.new_user, |a| &mut a.new_user),
                    accepted,
                    always,
                )
            },
            Username => text(
                Step::User,
                "username",
                Slot::Text(|a| &a.username, |a| &mut a.username),
                username::INPUT,
                |_, a, f| username::check(&a.username, f.context.usernames()),
                new_user,
            ),
            FirstName => text(
                Step::User,
                "first_name",
                Slot::Text(|a| &a.first_name, |a| &mut a.first_name),
                text::NAME_INPUT,
                |_, a, _| text::check_name(&a.first_name),
                new_user,
            ),
            Prefix => text(
                Step::User,
                "prefix",
                Slot::Text(|a| &a.prefix, |a| &mut a.prefix),
                phone::DIAL_PREFIX_INPUT,
                |_, a, _| phone::check_dial_prefix(&a.prefix),
                new_user,
            ),
            LastName => text(
                Step::User,
                "last_name",
                Slot::Text(|a| &a.last_name, |a| &mut a.last_name),
                text::NAME_INPUT,
                |_, a, _| text::check_name(&a.last_name),
                new_user,
            ),
            Email => text(
                Step::User,
                "email",
                Slot::Text(|a| &a.email, |a| &mut a.email),
                email::INPUT,
                |_, a, _| email::check(&a.email),
                new_user,
            ),
            Language => select(
                Step::User,
                "language",
                List::Languages,
                Slot::Choice(|a| &a.language, |a| &mut a.language),
                |_, a, f| validate::known(&a.language, |id| f.catalog.language(id).is_some()),
                new_user,
            ),
            // 5 SIM
            SimOption => select(
                Step::Sim,
                "sim_option",
                List::SimOptions,
                Slot::Choice(|a| &a.sim_option, |a| &mut a.sim_option),
                |_, a, f| validate::known(&a.sim_option, |id| f.catalog.sim_option(id).is_some()),
                always,
            ),
            Sim => Spec {
                list: Some(List::Sims),
                input: Some(iccid::QUERY_INPUT),
                in_file: InFile::SimQuery,
                ..base(
                    Step::Sim,
                    "sim",
                    K::SimSearch,
                    Slot::Query { text: (|a| &a.sim_query, |a| &mut a.sim_query), pick: (|a| &a.sim, |a| &mut a.sim) },
                    |_, a, f| validate::check_sim(a, f),
                    |_, a, c| validate::sim_kind(a, c) == Some(SimKind::Now),
                )
            },
            // 6 Nummer
            NumberType => select(
                Step::Number,
                "number_type",
                List::NumberTypes,
                Slot::Choice(|a| &a.number_type, |a| &mut a.number_type),
                |_, a, f| validate::known(&a.number_type, |id| f.catalog.number_type(id).is_some()),
                always,
            ),
            Number => Spec {
                in_file: InFile::PoolNumber,
                ..select(
                    Step::Number,
                    "number",
                    List::Numbers,
                    Slot::Id(|a| &a.number, |a| &mut a.number),
                    |_, a, f| validate::check_number(a, f),
                    |_, a, c| validate::number_kind(a, c) == Some(NumberKind::New),
                )
            },
            PortNumber => text(
                Step::Number,
                "port_number",
                Slot::Text(|a| &a.port_number, |a| &mut a.port_number),
                phone::NUMBER_INPUT,
                |_, a, _| phone::to_e164(&a.port_number).map(|_| ()),
                port,
            ),
            Donor => select(
                Step::Number,
                "donor",
                List::Donors,
                Slot::Choice(|a| &a.donor, |a| &mut a.donor),
                |_, a, f| validate::known(&a.donor, |id| f.catalog.donor(id).is_some()),
                port,
            ),
            PortWhen => Spec {
                in_file: InFile::PortWhen,
                ..select(Step::Number, "port_when", List::PortWhen, Slot::PortWhen, accepted, port)
            },
            PortDate => Spec {
                kind: K::Date,
                ..text(
                    Step::Number,
                    "port_date",
                    Slot::Text(|a| &a.port_date, |a| &mut a.port_date),
                    date::INPUT,
                    |_, a, f| validate::check_port_date(a, f),
                    |_, a, c| {
                        validate::number_kind(a, c) == Some(NumberKind::Port)
                            && a.port_when == answers::PortWhen::OnDate
                    },
                )
            },
            // 7 FMC
            Extension => Spec {
                derived: Some(derived::extension),
                ..text(
                    Step::Fmc,
                    "extension",
                    Slot::Text(|a| &a.extension, |a| &mut a.extension),
                    extension::INPUT,
                    |_, a, f| validate::check_extension(a, f),
                    always,
                )
            },
            DisplayName => Spec {
                derived: Some(derived::display_name),
                ..text(
                    Step::Fmc,
                    "display_name",
                    Slot::Text(|a| &a.display_name, |a| &mut a.display_name),
                    text::NAME_INPUT,
                    |_, a, _| text::check_name(&a.display_name),
                    always,
                )
            },
            Pin => Spec {
                kind: K::Pin,
                in_file: InFile::Secret,
                ..text(
                    Step::Fmc,
                    "pin",
                    Slot::Text(|a| &a.pin, |a| &mut a.pin),
                    pin::INPUT,
                    |_, a, _| pin::check(&a.pin).map(|_| ()),
                    always,
                )
            },
            AreaCode => Spec {
                derived: Some(derived::area_code),
                ..text(
                    Step::Fmc,
                    "area_code",
                    Slot::Text(|a| &a.area_code, |a| &mut a.area_code),
                    phone::AREA_CODE_INPUT,
                    |_, a, _| phone::check_area_code(&a.area_code),
                    always,
                )
            },
            // 8 Bestätigen
            AutoInvoice => Spec {
                in_file: InFile::Flag,
                summary: Summary::Hidden,
                ..base(
                    Step::Confirm,
                    "auto_invoice",
                    K::Checkbox,
                    Slot::Flag(|a| &a.auto_invoice, |a| &mut a.auto_invoice),
                    accepted,
                    always,
                )
            },
        }
    }
}

/// The defaults the derived fields follow.
mod derived {
    use super::*;

    /// The customer's area code (empty while no customer is chosen).
    pub(super) fn area_code(a: &Answers, _: &CustomerContext, customers: &[Customer]) -> Option<String> {
        match a.customer {
            None => Some(String::new()),
            Some(id) => customers.iter().find(|c| c.id == id).map(|c| c.area_code.clone()),
        }
    }

    /// The new user's full name, or the existing user's.
    pub(super) fn display_name(a: &Answers, context: &CustomerContext, _: &[Customer]) -> Option<String> {
        if a.new_user {
            return Some(format!("{} {}", a.first_name.trim(), a.last_name.trim()).trim().to_string());
        }
        match a.existing_user.map(|id| context.user(id)) {
            None => Some(String::new()),
            Some(found) => found.map(|u| u.full_name()),
        }
    }

    /// An existing user's own extension: the mobile phone goes on it.
    pub(super) fn extension(a: &Answers, context: &CustomerContext, _: &[Customer]) -> Option<String> {
        if a.new_user {
            return Some(String::new());
        }
        match a.existing_user.map(|id| context.user(id)) {
            None => Some(String::new()),
            Some(found) => found.map(|u| u.extension.clone().unwrap_or_default()),
        }
    }
}

/// The values of the [`Stored::OrderText`] fields of one order, in wizard order: what the
/// order request carries to the store and what the store reads back for the detail and the
/// exports. Every order text is there, empty when the operator left it empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderTexts(Vec<(Field, String)>);

impl OrderTexts {
    /// The order texts of these answers, trimmed.
    pub fn from_answers(a: &Answers) -> Self {
        OrderTexts::from_values(|f| a.text_of(f).unwrap_or_default().trim().to_string())
    }

    /// The order texts with the value `value` gives each field (a store reads its columns
    /// so), in wizard order.
    pub fn from_values(mut value: impl FnMut(Field) -> String) -> Self {
        OrderTexts(Field::order_texts().map(|f| (f, value(f))).collect())
    }

    /// The value of one order text; empty for a field that is none.
    pub fn get(&self, field: Field) -> &str {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Sets one order text (a test or a seed that builds a request by hand); ignored for a
    /// field that is not an order text.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        if let Some((_, v)) = self.0.iter_mut().find(|(f, _)| *f == field) {
            *v = value.into();
        }
    }

    /// Each field with its value, in wizard order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.0.iter().map(|(f, v)| (*f, v.as_str()))
    }
}

/// Reading and writing answers through the table.
impl Answers {
    /// The text of a text-like field (the SIM's query); `None` for lists and checkboxes.
    pub fn text_of(&self, field: Field) -> Option<&str> {
        match field.spec().slot {
            Slot::Text(get, _) | Slot::Query { text: (get, _), .. } => Some(get(self).as_str()),
            Slot::Choice(..) | Slot::Id(..) | Slot::Flag(..) | Slot::PortWhen | Slot::Addon => None,
        }
    }

    /// The text of a text-like field, to write; `None` for lists and checkboxes.
    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        match field.spec().slot {
            Slot::Text(_, put) | Slot::Query { text: (_, put), .. } => Some(put(self)),
            Slot::Choice(..) | Slot::Id(..) | Slot::Flag(..) | Slot::PortWhen | Slot::Addon => None,
        }
    }

    /// The state of a checkbox field (an add-on's needs the catalog: see
    /// [`Answers::has_addon`]); `None` for the others.
    pub fn flag_of(&self, field: Field) -> Option<bool> {
        match field.spec().slot {
            Slot::Flag(get, _) => Some(*get(self)),
            Slot::Text(..) | Slot::Query { .. } | Slot::Choice(..) | Slot::Id(..) | Slot::PortWhen | Slot::Addon => {
                None
            }
        }
    }

    /// Whether the add-on at this catalog index is ticked.
    pub fn has_addon(&self, catalog: &Catalog, index: usize) -> bool {
        catalog.addons.get(index).is_some_and(|x| self.addons.contains(&x.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{Fixture, valid_answers};
    use std::collections::BTreeSet;

    #[test]
    fn keys_are_unique_and_each_names_its_field() {
        let keys: BTreeSet<&str> = Field::EACH.iter().map(|f| f.key()).collect();
        assert_eq!(keys.len(), Field::EACH.len());
        for f in Field::EACH {
            assert_eq!(Field::by_key(f.key()), Some(f));
        }
    }

    #[test]
    fn each_is_in_step_order() {
        let steps: Vec<Step> = Field::EACH.iter().map(|f| f.step()).collect();
        let mut sorted = steps.clone();
        sorted.sort();
        assert_eq!(steps, sorted);
    }

    /// An order text is typed text, and its key names a column of `orders`: the store
    /// builds its SQL from these keys, so they must be plain names.
    #[test]
    fn order_texts_are_text_fields_with_plain_column_names() {
        let texts: Vec<Field> = Field::order_texts().collect();
        assert!(texts.contains(&Field::Reference), "{texts:?}");
        for f in texts {
            let spec = f.spec();
            assert!(matches!(spec.slot, Slot::Text(..)), "{f:?}");
            assert_eq!((spec.kind, spec.in_file), (FieldKind::Text, InFile::Text), "{f:?}");
            assert!(!spec.key.is_empty() && spec.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{f:?}");
        }
    }

    #[test]
    fn derived_fields_are_the_ones_with_a_default() {
        let with_default: Vec<Field> = Field::EACH.into_iter().filter(|f| f.spec().derived.is_some()).collect();
        assert_eq!(with_default, Field::DERIVED);
    }

    #[test]
    fn text_fields_have_their_rules_input_and_lists_have_none() {
        for f in Field::EACH {
            let spec = f.spec();
            let texty = matches!(spec.kind, FieldKind::Text | FieldKind::Date | FieldKind::Pin | FieldKind::SimSearch);
            assert_eq!(spec.input.is_some(), texty, "{f:?}");
            assert_eq!(spec.list.is_some(), matches!(spec.kind, FieldKind::Select | FieldKind::SimSearch), "{f:?}");
            assert_eq!(Answers::default().text_of(f).is_some(), texty, "{f:?}");
        }
    }

    /// A value longer than the input allows is refused by the rule too: the limit comes from
    /// the rule, so the two can't disagree.
    #[test]
    fn the_rule_refuses_what_the_input_limit_cuts() {
        let fx = Fixture::new();
        for f in Field::EACH {
            let Some(input) = f.spec().input else { continue };
            let Some(c) = ('0'..='z').find(|c| (input.allows)(*c)) else { continue };
            let mut a = valid_answers();
            if let Some(slot) = a.text_mut(f) {
                *slot = std::iter::repeat_n(c, input.max_len + 1).collect();
            }
            assert!((f.spec().check)(f, &a, &fx.facts()).is_err(), "{f:?} takes more than its input limit");
        }
    }
}
