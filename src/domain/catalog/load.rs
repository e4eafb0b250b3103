//! Reading `catalog.toml` and checking it.
//!
//! Every error names the file, the line and the key (`addon[3].requires`), so whoever edits
//! the catalog finds the spot at once. Ids and references are read as `Spanned` values for
//! that reason.

use super::{Addon, Catalog, Entry, Name, NumberKind, NumberType, Package, Price, SimKind, SimOption, Term, Voice};
use crate::domain::rules::text::is_unsafe_for_terminal;
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;

/// A broken catalog: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {key}: {problem}")]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct CatalogError {
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// The dotted key, e.g. `addon[3].requires`.
    pub key: String,
    pub problem: CatalogProblem,
}

impl CatalogError {
    /// The catalog file could not be read (the command line reads it; the domain only
    /// parses): reported at its top, as every problem with a file and line.
    pub fn cannot_read(file: impl Into<String>, reason: impl Into<String>) -> Self {
        CatalogError {
            file: file.into(),
            line: 1,
            key: TOP_LEVEL.to_string(),
            problem: CatalogProblem::CannotRead(reason.into()),
        }
    }
}

/// What is wrong in a catalog; worded for the operator by `i18n` (the `Display` here is
/// the English wording, for logs and tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum CatalogProblem {
    /// A TOML syntax or type error, in the parser's own (English) words.
    #[error("{0}")]
    Syntax(String),
    /// The file could not be read.
    #[error("cannot read: {0}")]
    CannotRead(String),
    #[error("not UTF-8 text at byte offset {offset} (save the file as UTF-8)")]
    NotUtf8 { offset: usize },
    #[error("at least one entry is needed")]
    NoEntries,
    #[error("empty id")]
    EmptyId,
    #[error("duplicate id \"{0}\"")]
    DuplicateId(String),
    #[error("a control character in the text")]
    ControlCharacter,
    #[error("no price for \"{0}\": give one_time_cents or monthly_cents (0 when it is free)")]
    NoPrice(String),
    #[error("negative price {0}")]
    NegativePrice(i64),
    #[error("a voice product can't name voice products")]
    VoiceNamesVoice,
    /// `section` product `id` names no voice product.
    #[error("{section} product \"{id}\" has no voice product")]
    NoVoice { section: String, id: String },
    #[error("unknown voice product \"{0}\"")]
    UnknownVoice(String),
    /// `requires` or `excludes` outside the add-ons.
    #[error("only add-ons have \"{0}\"")]
    OnlyAddons(String),
    #[error("unknown add-on \"{0}\"")]
    UnknownAddon(String),
    /// An add-on's `data` names a data package the catalog doesn't have.
    #[error("unknown data package \"{0}\"")]
    UnknownDataPackage(String),
    #[error("an add-on can't name itself")]
    NamesItself,
    /// Another term (its index) is the default already.
    #[error("term[{0}] is the default already")]
    DefaultTermTwice(usize),
    #[error("only data and SMS packages have \"default_for\"")]
    DefaultForOnlyPackages,
    /// The package `id` is the default for `voice` without being offered with it.
    #[error("default for \"{voice}\", which \"{id}\" is not offered with")]
    DefaultNotOffered { voice: String, id: String },
    /// `section[index]` is the default for `voice` already.
    #[error("{section}[{index}] is the default for \"{voice}\" already")]
    DefaultTwice { section: String, index: usize, voice: String },
    /// A kind (`now`, `later`, `new`, `port`) appears twice.
    #[error("kind {0} appears twice")]
    KindTwice(String),
    /// No entry of a kind.
    #[error("no entry of kind {0}")]
    NoKind(String),
    #[error("must be a whole number of months from 1")]
    MonthsFromOne,
}

impl CatalogProblem {
    /// One of each variant, for the test that every one has words in every language.
    pub fn examples() -> Vec<CatalogProblem> {
        use CatalogProblem::*;
        let s = || "x".to_string();
        vec![
            Syntax(s()),
            CannotRead(s()),
            NotUtf8 { offset: 1 },
            NoEntries,
            EmptyId,
            DuplicateId(s()),
            ControlCharacter,
            NoPrice(s()),
            NegativePrice(-1),
            VoiceNamesVoice,
            NoVoice { section: "data".into(), id: s() },
            UnknownVoice(s()),
            OnlyAddons("requires".into()),
            UnknownAddon(s()),
            UnknownDataPackage(s()),
            NamesItself,
            DefaultTermTwice(0),
            DefaultForOnlyPackages,
            DefaultNotOffered { voice: s(), id: s() },
            DefaultTwice { section: "sms".into(), index: 0, voice: s() },
            KindTwice("now".into()),
            NoKind("port".into()),
            MonthsFromOne,
        ]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    portfolio: Vec<RawEntry>,
    #[serde(default)]
    term: Vec<RawTerm>,
    #[serde(default)]
    voice: Vec<RawProduct>,
    #[serde(default)]
    data: Vec<RawProduct>,
    #[serde(default)]
    sms: Vec<RawProduct>,
    #[serde(default)]
    addon: Vec<RawProduct>,
    #[serde(default)]
    sim_option: Vec<RawKinded<SimKind>>,
    #[serde(default)]
    number_type: Vec<RawKinded<NumberKind>>,
    #[serde(default)]
    donor: Vec<RawEntry>,
    #[serde(default)]
    language: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    id: Spanned<String>,
    months: Spanned<i64>,
    name: String,
    name_en: Option<String>,
    #[serde(default)]
    default: Option<Spanned<bool>>,
}

/// Voice products, data and SMS packages and add-ons share one shape; the fields that
/// don't apply to a section are refused by [`check_section_fields`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduct {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    #[serde(default)]
    one_time_cents: Option<Spanned<i64>>,
    #[serde(default)]
    monthly_cents: Option<Spanned<i64>>,
    voice: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    #[serde(default)]
    excludes: Vec<Spanned<String>>,
    /// Data and SMS packages: the voice products with which this one is preselected.
    #[serde(default)]
    default_for: Vec<Spanned<String>>,
    /// Add-ons: the data packages they go with (empty: any).
    #[serde(default)]
    data: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinded<K> {
    id: Spanned<String>,
    kind: Spanned<K>,
    name: String,
    name_en: Option<String>,
    #[serde(default)]
    one_time_cents: Option<Spanned<i64>>,
    #[serde(default)]
    monthly_cents: Option<Spanned<i64>>,
}

/// Turns byte offsets into lines and builds errors.
struct Ctx<'a> {
    file: &'a str,
    source: &'a str,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.source.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn err(&self, span: Range<usize>, key: impl Into<String>, problem: CatalogProblem) -> CatalogError {
        CatalogError { file: self.file.to_string(), line: self.line_of(span.start), key: key.into(), problem }
    }

    /// An error about a whole section that may be missing: points at its first table, or line 1.
    fn section_err(&self, section: &str, problem: CatalogProblem) -> CatalogError {
        let header = format!("[[{section}]]");
        let offset = self.source.find(&header).unwrap_or(0);
        self.err(offset..offset, section, problem)
    }
}

fn name(de: String, en: Option<String>) -> Name {
    Name { de, en }
}

impl Catalog {
    /// Parses and checks a catalog. `file` is the name used in error messages.
    pub fn from_toml(source: &str, file: &str) -> Result<Self, CatalogError> {
        let ctx = Ctx { file, source };
        let raw: RawCatalog = toml::from_str(source).map_err(|e| parse_error(&ctx, &e))?;
        build(&ctx, raw)
    }

    /// Checks a catalog file's bytes: text that is not UTF-8 is refused with its line, the
    /// table it is in and its byte offset.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Self, CatalogError> {
        match std::str::from_utf8(bytes) {
            Ok(source) => Self::from_toml(source, file),
            Err(e) => {
                let at = e.valid_up_to();
                // The bytes before the bad one are valid text: they give line and table.
                let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
                let ctx = Ctx { file, source: before };
                let key = enclosing_table(before, at);
                Err(ctx.err(at..at, key, CatalogProblem::NotUtf8 { offset: at }))
            }
        }
    }
}

/// A TOML syntax or type error, with the table it happened in as the key.
fn parse_error(ctx: &Ctx, e: &toml::de::Error) -> CatalogError {
    let span = e.span().unwrap_or(0..0);
    let table = enclosing_table(ctx.source, span.start);
    let key = match field_of(ctx.source, span.start, e.message()) {
        Some(field) if table != TOP_LEVEL => format!("{table}.{field}"),
        Some(field) => field,
        None => table,
    };
    ctx.err(span, key, CatalogProblem::Syntax(e.message().trim().to_string()))
}

const TOP_LEVEL: &str = "(top level)";

/// The field a parse error is about: the one its message names (unknown or missing
/// field), else the `key = …` on the error's line.
fn field_of(source: &str, offset: usize, message: &str) -> Option<String> {
    for prefix in ["unknown field `", "missing field `"] {
        if let Some((_, rest)) = message.split_once(prefix) {
            return rest.split('`').next().map(str::to_string);
        }
    }
    let offset = char_boundary(source, offset);
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    (!key.is_empty() && key.bytes().all(bare)).then(|| key.to_string())
}

/// `offset` within `source`, moved back to the start of its character: a parser's span
/// should always be on one, but slicing must not panic if it is not.
fn char_boundary(source: &str, offset: usize) -> usize {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The `[[section]]` (with its index) that holds `offset`, e.g. `addon[2]`.
fn enclosing_table(source: &str, offset: usize) -> String {
    let offset = char_boundary(source, offset);
    // A missing field is reported at the table's own `[[header]]`: count that line in.
    let line_end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
    let before = &source[..line_end];
    let Some(start) = before.rfind("[[") else {
        return TOP_LEVEL.to_string();
    };
    let Some(len) = before[start..].find("]]") else {
        return TOP_LEVEL.to_string();
    };
    let section = before[start + 2..start + len].trim();
    let index = before.matches(&format!("[[{section}]]")).count().saturating_sub(1);
    format!("{section}[{index}]")
}

fn build(ctx: &Ctx, raw: RawCatalog) -> Result<Catalog, CatalogError> {
    let RawCatalog { portfolio, term, voice, data, sms, addon, sim_option, number_type, donor, language } = raw;
    for (section, len) in [
        ("portfolio", portfolio.len()),
        ("term", term.len()),
        ("voice", voice.len()),
        ("data", data.len()),
        ("sms", sms.len()),
        ("sim_option", sim_option.len()),
        ("number_type", number_type.len()),
        ("donor", donor.len()),
        ("language", language.len()),
    ] {
        if len == 0 {
            return Err(ctx.section_err(section, CatalogProblem::NoEntries));
        }
    }
    check_unique(ctx, "portfolio", portfolio.iter().map(|e| &e.id))?;
    check_unique(ctx, "term", term.iter().map(|e| &e.id))?;
    check_unique(ctx, "voice", voice.iter().map(|e| &e.id))?;
    check_unique(ctx, "data", data.iter().map(|e| &e.id))?;
    check_unique(ctx, "sms", sms.iter().map(|e| &e.id))?;
    check_unique(ctx, "addon", addon.iter().map(|e| &e.id))?;
    check_unique(ctx, "sim_option", sim_option.iter().map(|e| &e.id))?;
    check_unique(ctx, "number_type", number_type.iter().map(|e| &e.id))?;
    check_unique(ctx, "donor", donor.iter().map(|e| &e.id))?;
    check_unique(ctx, "language", language.iter().map(|e| &e.id))?;
    let texts = |id: &Spanned<String>, name: &String, en: &Option<String>| (id.clone(), name.clone(), en.clone());
    for (section, entries) in [
        ("portfolio", portfolio.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect::<Vec<_>>()),
        ("term", term.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("voice", voice.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("data", data.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("sms", sms.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("addon", addon.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("sim_option", sim_option.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("number_type", number_type.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("donor", donor.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
        ("language", language.iter().map(|e| texts(&e.id, &e.name, &e.name_en)).collect()),
    ] {
        check_printable(ctx, section, &entries)?;
    }

    let voice_ids: HashSet<&str> = voice.iter().map(|v| v.id.get_ref().as_str()).collect();
    let addon_ids: HashSet<&str> = addon.iter().map(|a| a.id.get_ref().as_str()).collect();
    for (section, items) in [("voice", &voice), ("data", &data), ("sms", &sms), ("addon", &addon)] {
        for (i, p) in items.iter().enumerate() {
            check_product(ctx, section, i, p, &voice_ids, &addon_ids)?;
        }
    }
    for (i, s) in sim_option.iter().enumerate() {
        check_prices(ctx, "sim_option", i, &s.id, &s.one_time_cents, &s.monthly_cents)?;
    }
    for (i, n) in number_type.iter().enumerate() {
        check_prices(ctx, "number_type", i, &n.id, &n.one_time_cents, &n.monthly_cents)?;
    }
    let data_ids: HashSet<&str> = data.iter().map(|d| d.id.get_ref().as_str()).collect();
    for (section, items) in [("voice", &voice), ("data", &data), ("sms", &sms), ("addon", &addon)] {
        check_addon_data(ctx, section, items, &data_ids)?;
    }
    check_default_term(ctx, &term)?;
    for (section, items) in [("voice", &voice), ("data", &data), ("sms", &sms), ("addon", &addon)] {
        check_default_for(ctx, section, items)?;
    }
    check_kinds(ctx, "sim_option", sim_option.iter().map(|s| &s.kind), &[SimKind::Now, SimKind::Later])?;
    check_kinds(ctx, "number_type", number_type.iter().map(|s| &s.kind), &[NumberKind::New, NumberKind::Port])?;

    let terms =
        term.into_iter()
            .enumerate()
            .map(|(i, t)| {
                let months = u16::try_from(*t.months.get_ref()).ok().filter(|m| *m > 0).ok_or_else(|| {
                    ctx.err(t.months.span(), format!("term[{i}].months"), CatalogProblem::MonthsFromOne)
                })?;
                let default = t.default.as_ref().is_some_and(|d| *d.get_ref());
                Ok(Term { id: t.id.into_inner(), months, name: name(t.name, t.name_en), default })
            })
            .collect::<Result<_, CatalogError>>()?;

    Ok(Catalog {
        portfolios: portfolio.into_iter().map(entry).collect(),
        terms,
        voices: voice
            .into_iter()
            .map(|p| Voice { id: p.id.get_ref().clone(), price: price(&p), name: name(p.name, p.name_en) })
            .collect(),
        data: data.into_iter().map(package).collect(),
        sms: sms.into_iter().map(package).collect(),
        addons: addon.into_iter().map(addon_of).collect(),
        sim_options: sim_option
            .into_iter()
            .map(|s| SimOption {
                id: s.id.get_ref().clone(),
                kind: *s.kind.get_ref(),
                price: kinded_price(&s),
                name: name(s.name, s.name_en),
            })
            .collect(),
        number_types: number_type
            .into_iter()
            .map(|s| NumberType {
                id: s.id.get_ref().clone(),
                kind: *s.kind.get_ref(),
                price: kinded_price(&s),
                name: name(s.name, s.name_en),
            })
            .collect(),
        donors: donor.into_iter().map(entry).collect(),
        languages: language.into_iter().map(entry).collect(),
    })
}

fn entry(e: RawEntry) -> Entry {
    Entry { id: e.id.into_inner(), name: name(e.name, e.name_en) }
}

fn cents(v: &Option<Spanned<i64>>) -> i64 {
    v.as_ref().map(|s| *s.get_ref()).unwrap_or(0)
}

fn price(p: &RawProduct) -> Price {
    Price { one_time_cents: cents(&p.one_time_cents), monthly_cents: cents(&p.monthly_cents) }
}

fn kinded_price<K>(p: &RawKinded<K>) -> Price {
    Price { one_time_cents: cents(&p.one_time_cents), monthly_cents: cents(&p.monthly_cents) }
}

fn strings(v: Vec<Spanned<String>>) -> Vec<String> {
    v.into_iter().map(Spanned::into_inner).collect()
}

fn package(p: RawProduct) -> Package {
    Package {
        id: p.id.get_ref().clone(),
        price: price(&p),
        voice: p.voice.map(|v| strings(v.into_inner())).unwrap_or_default(),
        default_for: strings(p.default_for),
        name: name(p.name, p.name_en),
    }
}

fn addon_of(p: RawProduct) -> Addon {
    Addon {
        id: p.id.get_ref().clone(),
        price: price(&p),
        voice: p.voice.map(|v| strings(v.into_inner())).unwrap_or_default(),
        requires: strings(p.requires),
        excludes: strings(p.excludes),
        data: strings(p.data),
        name: name(p.name, p.name_en),
    }
}

fn check_unique<'a>(
    ctx: &Ctx,
    section: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
) -> Result<(), CatalogError> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if id.get_ref().trim().is_empty() {
            return Err(ctx.err(id.span(), format!("{section}[{i}].id"), CatalogProblem::EmptyId));
        }
        if !seen.insert(id.get_ref().as_str()) {
            return Err(ctx.err(
                id.span(),
                format!("{section}[{i}].id"),
                CatalogProblem::DuplicateId(id.get_ref().clone()),
            ));
        }
    }
    Ok(())
}

/// Ids and names are shown on screens and printed: a control character in one is refused
/// like in any other name (it would reach the terminal, or clear the screen of whoever
/// runs `catalog check`).
fn check_printable(
    ctx: &Ctx,
    section: &str,
    entries: &[(Spanned<String>, String, Option<String>)],
) -> Result<(), CatalogError> {
    for (i, (id, name, en)) in entries.iter().enumerate() {
        for (field, value) in [("id", Some(id.get_ref())), ("name", Some(name)), ("name_en", en.as_ref())] {
            if value.is_some_and(|v| v.chars().any(is_unsafe_for_terminal)) {
                return Err(ctx.err(id.span(), format!("{section}[{i}].{field}"), CatalogProblem::ControlCharacter));
            }
        }
    }
    Ok(())
}

/// Prices are zero or more cents, and at least one is given: an entry without a price key
/// is a forgotten line, not a free product (write `monthly_cents = 0` for that).
fn check_prices(
    ctx: &Ctx,
    section: &str,
    i: usize,
    id: &Spanned<String>,
    one_time: &Option<Spanned<i64>>,
    monthly: &Option<Spanned<i64>>,
) -> Result<(), CatalogError> {
    if one_time.is_none() && monthly.is_none() {
        return Err(ctx.err(
            id.span(),
            format!("{section}[{i}].monthly_cents"),
            CatalogProblem::NoPrice(id.get_ref().clone()),
        ));
    }
    for (field, value) in [("one_time_cents", one_time), ("monthly_cents", monthly)] {
        if let Some(v) = value.as_ref().filter(|v| *v.get_ref() < 0) {
            return Err(ctx.err(
                v.span(),
                format!("{section}[{i}].{field}"),
                CatalogProblem::NegativePrice(*v.get_ref()),
            ));
        }
    }
    Ok(())
}

fn check_product(
    ctx: &Ctx,
    section: &str,
    i: usize,
    p: &RawProduct,
    voices: &HashSet<&str>,
    addons: &HashSet<&str>,
) -> Result<(), CatalogError> {
    check_prices(ctx, section, i, &p.id, &p.one_time_cents, &p.monthly_cents)?;
    let key = |field: &str| format!("{section}[{i}].{field}");
    match (section, &p.voice) {
        ("voice", Some(v)) => {
            return Err(ctx.err(v.span(), key("voice"), CatalogProblem::VoiceNamesVoice));
        }
        ("voice", None) => {}
        (_, None) => {
            return Err(ctx.err(
                p.id.span(),
                key("voice"),
                CatalogProblem::NoVoice { section: section.to_string(), id: p.id.get_ref().clone() },
            ));
        }
        (_, Some(list)) if list.get_ref().is_empty() => {
            return Err(ctx.err(
                list.span(),
                key("voice"),
                CatalogProblem::NoVoice { section: section.to_string(), id: p.id.get_ref().clone() },
            ));
        }
        (_, Some(list)) => {
            for v in list.get_ref() {
                if !voices.contains(v.get_ref().as_str()) {
                    return Err(ctx.err(v.span(), key("voice"), CatalogProblem::UnknownVoice(v.get_ref().clone())));
                }
            }
        }
    }
    for (field, list) in [("requires", &p.requires), ("excludes", &p.excludes)] {
        if section != "addon"
            && let Some(first) = list.first()
        {
            return Err(ctx.err(first.span(), key(field), CatalogProblem::OnlyAddons(field.to_string())));
        }
        for r in list {
            if !addons.contains(r.get_ref().as_str()) {
                return Err(ctx.err(r.span(), key(field), CatalogProblem::UnknownAddon(r.get_ref().clone())));
            }
            if r.get_ref() == p.id.get_ref() {
                return Err(ctx.err(r.span(), key(field), CatalogProblem::NamesItself));
            }
        }
    }
    Ok(())
}

/// `data` only on add-ons, naming known data packages.
fn check_addon_data(
    ctx: &Ctx,
    section: &str,
    items: &[RawProduct],
    data_ids: &HashSet<&str>,
) -> Result<(), CatalogError> {
    for (i, p) in items.iter().enumerate() {
        let key = format!("{section}[{i}].data");
        for d in &p.data {
            if section != "addon" {
                return Err(ctx.err(d.span(), key, CatalogProblem::OnlyAddons("data".into())));
            }
            if !data_ids.contains(d.get_ref().as_str()) {
                return Err(ctx.err(d.span(), key, CatalogProblem::UnknownDataPackage(d.get_ref().to_string())));
            }
        }
    }
    Ok(())
}

/// At most one term is marked `default = true`.
fn check_default_term(ctx: &Ctx, terms: &[RawTerm]) -> Result<(), CatalogError> {
    let mut first = None;
    for (i, t) in terms.iter().enumerate() {
        let Some(flag) = t.default.as_ref().filter(|d| *d.get_ref()) else { continue };
        match first {
            None => first = Some(i),
            Some(j) => {
                return Err(ctx.err(flag.span(), format!("term[{i}].default"), CatalogProblem::DefaultTermTwice(j)));
            }
        }
    }
    Ok(())
}

/// `default_for` only on data and SMS packages, naming voice products the package is
/// offered with, and at most one default package per voice product in each section.
fn check_default_for(ctx: &Ctx, section: &str, items: &[RawProduct]) -> Result<(), CatalogError> {
    let mut taken: Vec<(&str, usize)> = Vec::new();
    for (i, p) in items.iter().enumerate() {
        let key = format!("{section}[{i}].default_for");
        let offered = |v: &str| p.voice.as_ref().is_some_and(|list| list.get_ref().iter().any(|x| x.get_ref() == v));
        for v in &p.default_for {
            if !matches!(section, "data" | "sms") {
                return Err(ctx.err(v.span(), key, CatalogProblem::DefaultForOnlyPackages));
            }
            let v_id = v.get_ref().as_str();
            if !offered(v_id) {
                return Err(ctx.err(
                    v.span(),
                    key,
                    CatalogProblem::DefaultNotOffered { voice: v_id.to_string(), id: p.id.get_ref().clone() },
                ));
            }
            if let Some((_, j)) = taken.iter().find(|(t, _)| *t == v_id) {
                return Err(ctx.err(
                    v.span(),
                    key,
                    CatalogProblem::DefaultTwice { section: section.to_string(), index: *j, voice: v_id.to_string() },
                ));
            }
            taken.push((v_id, i));
        }
    }
    Ok(())
}

/// Each kind (SIM now/later, new/port number) exactly once.
fn check_kinds<'a, K: PartialEq + std::fmt::Debug + 'a>(
    ctx: &Ctx,
    section: &str,
    kinds: impl Iterator<Item = &'a Spanned<K>>,
    wanted: &[K],
) -> Result<(), CatalogError> {
    let kinds: Vec<_> = kinds.collect();
    for (i, k) in kinds.iter().enumerate() {
        if kinds[..i].iter().any(|o| o.get_ref() == k.get_ref()) {
            return Err(ctx.err(
                k.span(),
                format!("{section}[{i}].kind"),
                CatalogProblem::KindTwice(format!("{:?}", k.get_ref()).to_lowercase()),
            ));
        }
    }
    for w in wanted {
        if !kinds.iter().any(|k| k.get_ref() == w) {
            return Err(ctx.section_err(section, CatalogProblem::NoKind(format!("{w:?}").to_lowercase())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The smallest catalog that passes every check; each line that a test edits is unique.
    const MINIMAL: &str = r#"[[portfolio]]
id = "standard"
name = "Standard"

[[term]]
id = "m12"
months = 12
name = "12 Monate"
name_en = "12 months"

[[voice]]
id = "business"
name = "Business User"
monthly_cents = 990

[[voice]]
id = "expert"
name = "Expert User"
monthly_cents = 1990

[[data]]
id = "data-1"
name = "Daten S"
monthly_cents = 490
voice = ["business"]

[[sms]]
id = "sms-100"
name = "SMS 100"
monthly_cents = 290
voice = ["business", "expert"]

[[addon]]
id = "eu-roaming"
name = "EU-Roaming"
monthly_cents = 390
voice = ["business", "expert"]

[[addon]]
id = "world-roaming"
name = "Welt-Roaming"
one_time_cents = 990
voice = ["expert"]
requires = ["eu-roaming"]
excludes = []

[[sim_option]]
id = "sim-now"
kind = "now"
name = "SIM jetzt"
one_time_cents = 990

[[sim_option]]
id = "sim-later"
kind = "later"
name = "SIM später"
one_time_cents = 0

[[number_type]]
id = "new"
kind = "new"
name = "Neue Nummer"
monthly_cents = 0

[[number_type]]
id = "port"
kind = "port"
name = "Portierung"
one_time_cents = 2490

[[donor]]
id = "telekom"
name = "Telekom"

[[language]]
id = "de"
name = "Deutsch"
"#;

    /// MINIMAL with `from` (which must occur exactly once) replaced by `to`.
    fn edit(from: &str, to: &str) -> String {
        assert_eq!(MINIMAL.matches(from).count(), 1, "{from:?} must occur once in MINIMAL");
        MINIMAL.replacen(from, to, 1)
    }

    /// The 1-based line of the only occurrence of `needle` in `src`.
    fn line_of(src: &str, needle: &str) -> usize {
        assert_eq!(src.matches(needle).count(), 1, "{needle:?} must occur once");
        src[..src.find(needle).unwrap()].matches('\n').count() + 1
    }

    fn load_err(src: &str) -> CatalogError {
        Catalog::from_toml(src, "test.toml").expect_err("the catalog must be refused")
    }

    /// Asserts the error's place exactly, and that its problem mentions `word`.
    fn assert_err(e: &CatalogError, line: usize, key: &str, word: &str) {
        assert_eq!((e.file.as_str(), e.line, e.key.as_str()), ("test.toml", line, key), "{e}");
        assert!(e.problem.to_string().contains(word), "problem {:?} should mention {word:?}", e.problem);
    }

    fn ids<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
        items.collect()
    }

    #[test]
    fn a_control_character_in_a_name_or_id_is_refused() {
        let src = edit("name = \"Daten S\"", "name = \"Daten \\u001b]0;x\\u0007S\"");
        assert_err(&load_err(&src), line_of(&src, "id = \"data-1\""), "data[0].name", "control character");
        let src = edit("id = \"eu-roaming\"", "id = \"eu\\u009broaming\"");
        assert!(load_err(&src).key.ends_with(".id"), "{}", load_err(&src));
    }

    #[test]
    fn a_missing_price_is_refused_and_an_explicit_zero_is_fine() {
        let src = edit("monthly_cents = 1990\n", "");
        assert_err(
            &load_err(&src),
            line_of(&src, "id = \"expert\""),
            "voice[1].monthly_cents",
            "no price for \"expert\"",
        );
        let free = edit("monthly_cents = 1990\n", "monthly_cents = 0\n");
        assert_eq!(Catalog::from_toml(&free, "test.toml").unwrap().voice("expert").unwrap().price.monthly_cents, 0);
        let src = edit(
            "kind = \"later\"\nname = \"SIM später\"\none_time_cents = 0\n",
            "kind = \"later\"\nname = \"SIM später\"\n",
        );
        assert_err(&load_err(&src), line_of(&src, "id = \"sim-later\""), "sim_option[1].monthly_cents", "no price");
    }

    #[test]
    fn crlf_files_give_the_same_lines_as_lf() {
        for (from, to) in
            [("bizniz", "x"), ("\"eu-roaming\"]\nexcludes", "\"eu-roamin\"]\nexcludes"), ("months = 12", "months = 0")]
        {
            let lf = if from == "bizniz" {
                edit("voice = [\"business\"]\n\n[[sms]]", "voice = [\"bizniz\"]\n\n[[sms]]")
            } else {
                edit(from, to)
            };
            let crlf = lf.replace('\n', "\r\n");
            let (a, b) = (load_err(&lf), load_err(&crlf));
            assert_eq!((a.line, &a.key), (b.line, &b.key), "{a} / {b}");
        }
        let lf = edit("months = 12", "months = \"twelve\"");
        let (a, b) = (load_err(&lf), load_err(&lf.replace('\n', "\r\n")));
        assert_eq!((a.line, &a.key), (b.line, &b.key), "{a} / {b}");
        assert_eq!(a.line, line_of(&lf, "months ="), "{a}");
    }

    #[test]
    fn invalid_utf8_names_line_table_and_offset() {
        let mut bytes = MINIMAL.as_bytes().to_vec();
        let at = MINIMAL.find("Daten S").unwrap();
        bytes[at] = 0xff;
        let e = Catalog::from_bytes(&bytes, "test.toml").unwrap_err();
        assert_err(&e, line_of(MINIMAL, "Daten S"), "data[0]", &format!("byte offset {at}"));
        assert!(e.to_string().starts_with(&format!("test.toml:{}: data[0]: not UTF-8", e.line)), "{e}");
    }

    #[test]
    fn builtin_catalog_loads_with_rules_and_tiered_packages() {
        let c = Catalog::builtin().unwrap();
        assert!(c.addons.len() >= 8, "{} add-ons", c.addons.len());
        assert!(c.addons.iter().any(|a| !a.requires.is_empty()));
        assert!(c.addons.iter().any(|a| !a.excludes.is_empty()));
        assert_eq!(c.voices.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["business", "professional", "expert"]);
        let mut data_sets = Vec::new();
        let mut sms_sets = Vec::new();
        for v in &c.voices {
            let data = ids(c.data_for(&v.id).map(|p| p.id.as_str()));
            let sms = ids(c.sms_for(&v.id).map(|p| p.id.as_str()));
            assert!(data.len() >= 2, "{}: data {data:?}", v.id);
            assert!(sms.len() >= 2, "{}: sms {sms:?}", v.id);
            assert!(!data_sets.contains(&data), "{}: same data packages as another tier", v.id);
            assert!(!sms_sets.contains(&sms), "{}: same SMS packages as another tier", v.id);
            data_sets.push(data);
            sms_sets.push(sms);
        }
        assert_eq!(c.sim_options.len(), 2);
        assert_eq!(c.number_types.len(), 2);
    }

    #[test]
    fn minimal_catalog_loads_every_field() {
        let c = Catalog::from_toml(MINIMAL, "test.toml").unwrap();
        assert_eq!(
            c.term("m12"),
            Some(&Term {
                id: "m12".into(),
                months: 12,
                name: name("12 Monate".into(), Some("12 months".into())),
                default: false
            })
        );
        assert_eq!(c.voice("expert").unwrap().price, Price { one_time_cents: 0, monthly_cents: 1990 });
        assert_eq!(c.data("data-1").unwrap().voice, ["business"]);
        let world = c.addon("world-roaming").unwrap();
        assert_eq!(world.price, Price { one_time_cents: 990, monthly_cents: 0 });
        assert_eq!((world.requires.as_slice(), world.excludes.len()), (&["eu-roaming".to_string()][..], 0));
        assert_eq!(c.sim_option("sim-later").unwrap().kind, SimKind::Later);
        assert_eq!(c.number_type("port").unwrap().price.one_time_cents, 2490);
        assert_eq!(c.language("de").unwrap().name.en(), "Deutsch");
    }

    #[test]
    fn duplicate_id() {
        let src = edit("id = \"expert\"", "id = \"business\" # again");
        assert_err(&load_err(&src), line_of(&src, "# again"), "voice[1].id", "duplicate id \"business\"");
    }

    #[test]
    fn unknown_voice_in_data_product() {
        let src = edit("voice = [\"business\"]", "voice = [\"bizniz\"]");
        assert_err(&load_err(&src), line_of(&src, "bizniz"), "data[0].voice", "unknown voice product \"bizniz\"");
    }

    #[test]
    fn unknown_addon_in_requires() {
        let src = edit("requires = [\"eu-roaming\"]", "requires = [\"eu-roming\"]");
        assert_err(&load_err(&src), line_of(&src, "eu-roming"), "addon[1].requires", "unknown add-on \"eu-roming\"");
    }

    #[test]
    fn unknown_addon_in_excludes() {
        let src = edit("excludes = []", "excludes = [\"hotspot\"]");
        assert_err(&load_err(&src), line_of(&src, "hotspot"), "addon[1].excludes", "unknown add-on \"hotspot\"");
    }

    #[test]
    fn data_product_without_voice_key() {
        let src = edit("voice = [\"business\"]\n", "");
        assert_err(&load_err(&src), line_of(&src, "id = \"data-1\""), "data[0].voice", "no voice product");
    }

    #[test]
    fn sms_product_with_empty_voice_list() {
        let sms_voice = "voice = [\"business\", \"expert\"]\n\n[[addon]]\nid = \"eu-roaming\"";
        let src = edit(sms_voice, "voice = []\n\n[[addon]]\nid = \"eu-roaming\"");
        assert_err(&load_err(&src), line_of(&src, "voice = []"), "sms[0].voice", "no voice product");
    }

    #[test]
    fn negative_product_price() {
        let src = edit("monthly_cents = 290", "monthly_cents = -290");
        assert_err(&load_err(&src), line_of(&src, "-290"), "sms[0].monthly_cents", "negative price -290");
    }

    #[test]
    fn negative_sim_option_and_number_type_price() {
        let src = edit("name = \"SIM jetzt\"\none_time_cents = 990", "name = \"SIM jetzt\"\none_time_cents = -990");
        assert_err(&load_err(&src), line_of(&src, "-990"), "sim_option[0].one_time_cents", "negative price -990");
        let src = edit("one_time_cents = 2490", "monthly_cents = -1");
        assert_err(&load_err(&src), line_of(&src, "= -1"), "number_type[1].monthly_cents", "negative price -1");
    }

    #[test]
    fn missing_languages() {
        let src = edit("[[language]]\nid = \"de\"\nname = \"Deutsch\"\n", "");
        assert_err(&load_err(&src), 1, "language", "at least one entry");
    }

    #[test]
    fn missing_portfolios() {
        let src = edit("[[portfolio]]\nid = \"standard\"\nname = \"Standard\"\n", "");
        assert_err(&load_err(&src), 1, "portfolio", "at least one entry");
    }

    #[test]
    fn toml_syntax_error_names_its_line() {
        let src = edit("name = \"Daten S\"", "name = \"Daten S");
        assert_err(&load_err(&src), line_of(&src, "\"Daten S"), "data[0].name", "invalid basic string");
    }

    #[test]
    fn wrong_value_type() {
        let src = edit("monthly_cents = 990", "monthly_cents = \"9,90\"");
        assert_err(&load_err(&src), line_of(&src, "9,90"), "voice[0].monthly_cents", "invalid type");
    }

    #[test]
    fn unknown_field() {
        let src = edit("excludes = []", "excludes = []\ncolour = \"red\"");
        assert_err(&load_err(&src), line_of(&src, "colour"), "addon[1].colour", "unknown field `colour`");
    }

    #[test]
    fn sim_option_without_kind() {
        let src = edit("kind = \"later\"\n", "");
        let header = line_of(&src, "[[sim_option]]\nid = \"sim-later\"");
        assert_err(&load_err(&src), header, "sim_option[1].kind", "missing field `kind`");
    }

    #[test]
    fn defaults_are_read() {
        let src = edit("months = 12", "months = 12\ndefault = true");
        let src = src.replacen(
            "voice = [\"business\", \"expert\"]\n",
            "voice = [\"business\", \"expert\"]\ndefault_for = [\"expert\"]\n",
            1,
        );
        let c = Catalog::from_toml(&src, "test.toml").unwrap();
        assert_eq!(c.default_term().map(|t| t.id.as_str()), Some("m12"));
        assert_eq!(c.default_sms("expert").map(|p| p.id.as_str()), Some("sms-100"));
        assert_eq!(c.default_sms("business"), None);
        assert_eq!(c.default_data("business"), None);
    }

    #[test]
    fn two_default_terms() {
        let src = edit("months = 12", "months = 12\ndefault = true");
        let src = src.replacen(
            "[[voice]]",
            "[[term]]\nid = \"m24\"\nmonths = 24\nname = \"24\"\ndefault = true # second\n\n[[voice]]",
            1,
        );
        assert_err(&load_err(&src), line_of(&src, "# second"), "term[1].default", "term[0] is the default already");
    }

    #[test]
    fn default_package_must_fit_its_voice_products() {
        let src = edit("voice = [\"business\"]\n", "voice = [\"business\"]\ndefault_for = [\"expert\"]\n");
        assert_err(&load_err(&src), line_of(&src, "default_for"), "data[0].default_for", "not offered with");
    }

    #[test]
    fn two_default_packages_for_one_voice_product() {
        let src = edit("voice = [\"business\"]\n", "voice = [\"business\"]\ndefault_for = [\"business\"]\n");
        let src = src.replacen(
            "[[sms]]",
            "[[data]]\nid = \"data-5\"\nname = \"M\"\nmonthly_cents = 0\nvoice = [\"business\"]\ndefault_for = [\"business\"] # second\n\n[[sms]]",
            1,
        );
        assert_err(&load_err(&src), line_of(&src, "# second"), "data[1].default_for", "data[0] is the default");
    }

    #[test]
    fn default_for_only_on_packages() {
        let src = edit("excludes = []", "excludes = []\ndefault_for = [\"expert\"]");
        assert_err(&load_err(&src), line_of(&src, "default_for"), "addon[1].default_for", "only data and SMS");
    }

    #[test]
    fn builtin_catalog_has_a_default_term_data_and_sms_for_every_voice_product() {
        let c = Catalog::builtin().unwrap();
        assert!(c.default_term().is_some());
        for v in &c.voices {
            assert!(c.default_data(&v.id).is_some(), "{}", v.id);
            assert!(c.default_sms(&v.id).is_some(), "{}", v.id);
        }
    }

    #[test]
    fn addon_data_packages_are_checked() {
        let src = edit("excludes = []", "excludes = []\ndata = [\"data-1\"]");
        assert_eq!(Catalog::from_toml(&src, "test.toml").unwrap().addon("world-roaming").unwrap().data, ["data-1"]);
        let src = edit("excludes = []", "excludes = []\ndata = [\"data-9\"]");
        assert_err(&load_err(&src), line_of(&src, "data-9"), "addon[1].data", "unknown data package \"data-9\"");
        let src = edit("name = \"SMS 100\"", "name = \"SMS 100\"\ndata = [\"data-1\"]");
        assert_err(&load_err(&src), line_of(&src, "data = [\"data-1\"]"), "sms[0].data", "only add-ons");
    }

    #[test]
    fn builtin_data_lock_goes_only_with_no_data_package_offered_with_every_voice_product() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.addon("data-lock").unwrap().data, ["data-none"]);
        let none = c.data("data-none").unwrap();
        assert_eq!(none.price, Price::default());
        for v in &c.voices {
            assert!(none.voice.contains(&v.id), "{}", v.id);
        }
    }

    #[test]
    fn term_of_zero_months() {
        let src = edit("months = 12", "months = 0");
        assert_err(&load_err(&src), line_of(&src, "months = 0"), "term[0].months", "from 1");
    }
}
