//! The product catalog: what can be ordered, what goes with what, and what it costs.
//!
//! Loaded from `catalog.toml` by [`Catalog::from_toml`], which checks every reference; see
//! [`load`] for the file format's errors.

pub mod load;

pub use load::{CatalogError, CatalogProblem};

/// A display name in German (the default) and, where it differs, English.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Name {
    pub de: String,
    pub en: Option<String>,
}

impl Name {
    /// The English name, falling back to the German one.
    pub fn en(&self) -> &str {
        self.en.as_deref().unwrap_or(&self.de)
    }
}

/// Prices in euro cents, net.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Price {
    pub one_time_cents: i64,
    pub monthly_cents: i64,
}

impl Price {
    /// Whether the item costs anything.
    pub fn is_free(&self) -> bool {
        self.one_time_cents == 0 && self.monthly_cents == 0
    }
}

/// Something with an id and a name: a portfolio, donor provider, language.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Entry {
    pub id: String,
    pub name: Name,
}

/// A contract duration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Term {
    pub id: String,
    pub months: u16,
    pub name: Name,
    /// Preselected in a new order (`default = true`; at most one term).
    pub default: bool,
}

/// A voice product (licence tier): Business, Professional or Expert User.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Voice {
    pub id: String,
    pub name: Name,
    pub price: Price,
}

/// A data or SMS package, offered with some voice products.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Package {
    pub id: String,
    pub name: Name,
    pub price: Price,
    /// Ids of the voice products it goes with.
    pub voice: Vec<String>,
    /// Ids of the voice products for which it is preselected (`default_for`): each one of
    /// `voice`, and each with at most one default package per section.
    pub default_for: Vec<String>,
}

/// An add-on with its availability per tier and its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Addon {
    pub id: String,
    pub name: Name,
    pub price: Price,
    pub voice: Vec<String>,
    /// Add-ons that must be ordered too.
    pub requires: Vec<String>,
    /// Add-ons that can't be ordered together with this one.
    pub excludes: Vec<String>,
    /// The data packages it goes with (`data`); empty: any. *Mobile Datensperre* goes only
    /// with *Ohne Datenpaket*: a voice-only line with a paid data package is a contradiction.
    pub data: Vec<String>,
}

impl Addon {
    /// Whether it goes with the data package `data` (a missing choice fits: that is the
    /// data field's own error).
    pub fn fits_data(&self, data: Option<&str>) -> bool {
        self.data.is_empty() || data.is_none_or(|d| self.data.iter().any(|x| x == d))
    }
}

/// When the SIM is linked to the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SimKind {
    /// *Aktivierung SIM Karte*: a SIM from stock now.
    Now,
    /// *SIM Karte später verknüpfen und liefern*: linked later in the overview.
    Later,
}

/// Where the number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// *Neue Nummer*: one of the customer's free numbers.
    New,
    /// *Existierende Rufnummer reimportieren*: ported from another provider.
    Port,
}

/// One of the two SIM options.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct SimOption {
    pub id: String,
    pub kind: SimKind,
    pub name: Name,
    pub price: Price,
}

/// One of the two number types.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct NumberType {
    pub id: String,
    pub kind: NumberKind,
    pub name: Name,
    pub price: Price,
}

/// The whole catalog, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Catalog {
    pub portfolios: Vec<Entry>,
    pub terms: Vec<Term>,
    pub voices: Vec<Voice>,
    pub data: Vec<Package>,
    pub sms: Vec<Package>,
    pub addons: Vec<Addon>,
    pub sim_options: Vec<SimOption>,
    pub number_types: Vec<NumberType>,
    pub donors: Vec<Entry>,
    pub languages: Vec<Entry>,
}

/// The catalog that ships with the program.
pub const DEFAULT_TOML: &str = include_str!("../../../catalog.toml");

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> Result<Self, CatalogError> {
        Self::from_toml(DEFAULT_TOML, "catalog.toml (built in)")
    }

    /// The voice product with this id.
    pub fn voice(&self, id: &str) -> Option<&Voice> {
        self.voices.iter().find(|v| v.id == id)
    }
    /// The term with this id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }
    /// The data package with this id.
    pub fn data(&self, id: &str) -> Option<&Package> {
        self.data.iter().find(|p| p.id == id)
    }
    /// The SMS package with this id.
    pub fn sms(&self, id: &str) -> Option<&Package> {
        self.sms.iter().find(|p| p.id == id)
    }
    /// The add-on with this id.
    pub fn addon(&self, id: &str) -> Option<&Addon> {
        self.addons.iter().find(|a| a.id == id)
    }
    /// The SIM option with this id.
    pub fn sim_option(&self, id: &str) -> Option<&SimOption> {
        self.sim_options.iter().find(|s| s.id == id)
    }
    /// The number type with this id.
    pub fn number_type(&self, id: &str) -> Option<&NumberType> {
        self.number_types.iter().find(|n| n.id == id)
    }
    /// The portfolio with this id.
    pub fn portfolio(&self, id: &str) -> Option<&Entry> {
        self.portfolios.iter().find(|p| p.id == id)
    }
    /// The donor carrier (porting) with this id.
    pub fn donor(&self, id: &str) -> Option<&Entry> {
        self.donors.iter().find(|d| d.id == id)
    }
    /// The user language with this id.
    pub fn language(&self, id: &str) -> Option<&Entry> {
        self.languages.iter().find(|l| l.id == id)
    }

    /// Data packages offered with a voice product.
    pub fn data_for<'a>(&'a self, voice: &'a str) -> impl Iterator<Item = &'a Package> + 'a {
        self.data.iter().filter(move |p| p.voice.iter().any(|v| v == voice))
    }
    /// SMS packages offered with a voice product.
    pub fn sms_for<'a>(&'a self, voice: &'a str) -> impl Iterator<Item = &'a Package> + 'a {
        self.sms.iter().filter(move |p| p.voice.iter().any(|v| v == voice))
    }
    /// The term a new order starts with, if the catalog marks one.
    pub fn default_term(&self) -> Option<&Term> {
        self.terms.iter().find(|t| t.default)
    }
    /// The data package preselected with a voice product, if the catalog marks one.
    pub fn default_data(&self, voice: &str) -> Option<&Package> {
        self.data.iter().find(|p| p.voice.iter().any(|v| v == voice) && p.default_for.iter().any(|v| v == voice))
    }
    /// The SMS package preselected with a voice product, if the catalog marks one.
    pub fn default_sms(&self, voice: &str) -> Option<&Package> {
        self.sms.iter().find(|p| p.voice.iter().any(|v| v == voice) && p.default_for.iter().any(|v| v == voice))
    }
    /// Add-ons offered with a voice product.
    pub fn addons_for<'a>(&'a self, voice: &'a str) -> impl Iterator<Item = &'a Addon> + 'a {
        self.addons.iter().filter(move |a| a.voice.iter().any(|v| v == voice))
    }
}
