//! Which fields a step shows, and whether each answer passes its rule.
//!
//! The wizard, an answers file and the tests all call these functions, so every rule is
//! written once.

use crate::domain::answers::{Answers, Field, Step};
use crate::domain::catalog::{Addon, Catalog, NumberKind, SimKind};
use crate::domain::model::{Customer, CustomerContext, Sim, SimId};
use crate::domain::rules::{RuleError, date, extension, iccid};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What the rules need to know besides the answers.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Facts<'a> {
    pub catalog: &'a Catalog,
    /// Today, as an input so that tests don't depend on the calendar.
    pub today: NaiveDate,
    /// The chosen customer, once loaded.
    pub customer: Option<&'a Customer>,
    /// The chosen customer's users, extensions and free numbers.
    pub context: &'a CustomerContext,
    /// Free SIMs that match what was typed into *SIM auswählen*.
    pub sim_matches: &'a [Sim],
}

/// A refused answer: which field, and why.
pub type FieldError = (Field, RuleError);

/// The fields `step` shows for these answers, in order: the table's fields of the step that
/// are shown ([`crate::domain::field::Spec::shown`]), each offered add-on in catalog order.
pub fn visible_fields(step: Step, a: &Answers, catalog: &Catalog) -> Vec<Field> {
    Field::EACH
        .into_iter()
        .filter(|f| f.step() == step)
        .flat_map(|f| match f {
            Field::Addon(_) => (0..catalog.addons.len()).map(Field::Addon).collect::<Vec<_>>(),
            f => vec![f],
        })
        .filter(|f| (f.spec().shown)(*f, a, catalog))
        .collect()
}

/// Catalog indices of the add-ons the chosen voice product allows.
pub fn offered_addons<'a>(a: &'a Answers, catalog: &'a Catalog) -> impl Iterator<Item = usize> + 'a {
    let voice = a.voice.as_deref().unwrap_or("");
    catalog.addons.iter().enumerate().filter(move |(_, x)| x.voice.iter().any(|v| v == voice)).map(|(i, _)| i)
}

/// The kind of the chosen SIM option.
pub fn sim_kind(a: &Answers, catalog: &Catalog) -> Option<SimKind> {
    a.sim_option.as_deref().and_then(|id| catalog.sim_option(id)).map(|s| s.kind)
}

/// The kind of the chosen number type.
pub fn number_kind(a: &Answers, catalog: &Catalog) -> Option<NumberKind> {
    a.number_type.as_deref().and_then(|id| catalog.number_type(id)).map(|n| n.kind)
}

/// Every refused answer on a step.
pub fn step_errors(step: Step, a: &Answers, f: &Facts) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = visible_fields(step, a, f.catalog)
        .into_iter()
        .filter_map(|field| check_field(field, a, f).err().map(|e| (field, e)))
        .collect();
    if step == Step::Addons {
        // Ticked add-ons that the voice product doesn't offer have no visible field.
        for id in &a.addons {
            let offered = a.voice.as_deref().is_some_and(|v| f.catalog.addons_for(v).any(|x| &x.id == id));
            if !offered {
                let index = f.catalog.addons.iter().position(|x| &x.id == id).unwrap_or(usize::MAX);
                let err = if index == usize::MAX { RuleError::UnknownChoice } else { RuleError::NotForVoice };
                errors.push((Field::Addon(index), err));
            }
        }
    }
    errors
}

/// Every refused answer on every step, in step order.
pub fn all_errors(a: &Answers, f: &Facts) -> Vec<FieldError> {
    Step::ALL.iter().flat_map(|s| step_errors(*s, a, f)).collect()
}

/// Checks one field, by its rule in the field table.
pub fn check_field(field: Field, a: &Answers, f: &Facts) -> Result<(), RuleError> {
    (field.spec().check)(field, a, f)
}

/// The order goes to the loaded customer: it must be the one the answers chose.
pub(crate) fn check_customer(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    match (a.customer, f.customer) {
        (Some(id), Some(loaded)) if loaded.id == id => Ok(()),
        (Some(_), Some(_)) => Err(RuleError::UnknownChoice),
        _ => Err(RuleError::Required),
    }
}

/// A number of the customer's pool that is still free.
pub(crate) fn check_number(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    match a.number {
        None => Err(RuleError::Required),
        Some(id) if f.context.number(id).is_some() => Ok(()),
        Some(_) => Err(RuleError::NumberNotFree),
    }
}

/// The extension: an existing user's own one, or a free one that fits the dial plan.
pub(crate) fn check_extension(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    let len = f.customer.map(|c| c.dial_plan_len).ok_or(RuleError::Required)?;
    match own_extension(a, f) {
        // His own extension is taken by him: accepted, and the only one he may have.
        Some(own) if a.extension.trim() == own => Ok(()),
        Some(own) => Err(RuleError::ExtensionOfUser { own: own.to_string() }),
        None => extension::check(a.extension.trim(), len, &f.context.extensions),
    }
}

/// The porting date: not in the past, and not before the start date (the number can't
/// move to an order that isn't valid yet). An invalid start date is its own field's error.
pub(crate) fn check_port_date(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    let port = date::parse_not_past(&a.port_date, f.today)?;
    match date::parse(&a.start_date) {
        Ok(start) if port < start => Err(RuleError::PortBeforeStart),
        _ => Ok(()),
    }
}

/// What a text-like field takes from the keyboard, from its rule; `None` for the lists
/// and checkboxes.
pub fn input(field: Field) -> Option<crate::domain::rules::Input> {
    field.spec().input
}

/// A required choice that must name something in the catalog.
pub(crate) fn known(value: &Option<String>, exists: impl Fn(&str) -> bool) -> Result<(), RuleError> {
    match value.as_deref() {
        None => Err(RuleError::Required),
        Some(id) if exists(id) => Ok(()),
        Some(_) => Err(RuleError::UnknownChoice),
    }
}

/// A data or SMS package that exists and goes with the chosen voice product.
pub(crate) fn package_fits<'c>(
    value: &Option<String>,
    a: &Answers,
    voices_of: impl Fn(&str) -> Option<&'c Vec<String>>,
) -> Result<(), RuleError> {
    let id = value.as_deref().ok_or(RuleError::Required)?;
    let voices = voices_of(id).ok_or(RuleError::UnknownChoice)?;
    match a.voice.as_deref() {
        Some(v) if voices.iter().any(|x| x == v) => Ok(()),
        _ => Err(RuleError::NotForVoice),
    }
}

/// A ticked add-on's rules: offered with the voice product, going with the data package
/// (`data` in the catalog), its requirements ticked,
/// nothing it excludes ticked (in either direction).
pub(crate) fn check_addon(i: usize, a: &Answers, c: &Catalog) -> Result<(), RuleError> {
    let addon = c.addons.get(i).ok_or(RuleError::UnknownChoice)?;
    if !a.addons.contains(&addon.id) {
        return Ok(());
    }
    if !a.voice.as_deref().is_some_and(|v| addon.voice.iter().any(|x| x == v)) {
        return Err(RuleError::NotForVoice);
    }
    addon_fits(addon, a, c)
}

/// The add-on rules, written once: `addon` goes with the chosen data package, every add-on
/// it requires is ticked, and no ticked add-on excludes it or is excluded by it. The check of
/// a ticked add-on uses it, and so does the wizard before it ticks one.
pub fn addon_fits(addon: &Addon, a: &Answers, c: &Catalog) -> Result<(), RuleError> {
    if !addon.fits_data(a.data.as_deref()) {
        return Err(RuleError::AddonNotWithData(a.data.clone().unwrap_or_default()));
    }
    if let Some(missing) = missing_requirement(addon, &a.addons) {
        return Err(RuleError::AddonRequires(missing.to_string()));
    }
    let excluded_by_other = c.addons.iter().find(|o| a.addons.contains(&o.id) && o.excludes.contains(&addon.id));
    match addon.excludes.iter().find(|x| a.addons.contains(*x)).or(excluded_by_other.map(|o| &o.id)) {
        Some(other) => Err(RuleError::AddonExcludes(other.clone())),
        None => Ok(()),
    }
}

/// An add-on `addon` requires that is not among the `ticked` ones.
pub fn missing_requirement<'c>(addon: &'c Addon, ticked: &BTreeSet<String>) -> Option<&'c str> {
    addon.requires.iter().find(|r| !ticked.contains(*r)).map(String::as_str)
}

/// The extension the chosen existing user already has (without a mobile line): the mobile
/// phone goes on it. `None` for a new user, or a user without one.
pub fn own_extension<'f>(a: &Answers, f: &Facts<'f>) -> Option<&'f str> {
    if a.new_user {
        return None;
    }
    let id = a.existing_user?;
    f.context.user(id)?.extension.as_deref()
}

pub(crate) fn check_existing_user(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    let id = a.existing_user.ok_or(RuleError::Required)?;
    match f.context.user(id) {
        None => Err(RuleError::UnknownChoice),
        Some(u) if u.has_mobile => Err(RuleError::UserHasMobile),
        Some(_) => Ok(()),
    }
}

/// *SIM auswählen*: four digits or a full ICCID, and a free SIM that fits it picked among
/// the matches (a single match counts as picked).
pub(crate) fn check_sim(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    resolve_sim(&a.sim_query, f.sim_matches, a.sim).map(|_| ())
}

/// Which free SIM a typed or scanned SIM query means, among the free SIMs looked up for it:
/// the scanned ICCID, the only one ending in the four digits, or the `picked` one of several.
/// Step 5 of the wizard and *SIM verbinden* in the overview both decide with this.
pub fn resolve_sim<'s>(input: &str, free: &'s [Sim], picked: Option<SimId>) -> Result<&'s Sim, RuleError> {
    let query = iccid::parse_query(input)?;
    let candidates: Vec<&Sim> = free.iter().filter(|s| query.matches(&s.iccid)).collect();
    let chosen = picked.and_then(|id| candidates.iter().find(|s| s.id == id));
    match (chosen, candidates.as_slice(), query) {
        (Some(s), _, _) | (None, [s], _) => Ok(*s),
        (None, _, iccid::SimQuery::Full(_)) => Err(RuleError::SimNotFree),
        (None, [], iccid::SimQuery::LastFour(digits)) => Err(RuleError::SimNoMatch { digits }),
        (None, many, iccid::SimQuery::LastFour(digits)) => Err(RuleError::SimAmbiguous { digits, count: many.len() }),
    }
}

/// The SIM the answers assign now: the one picked among the matches that fit what was
/// typed, or the only one (a single match is preselected; a scanned ICCID has at most one).
pub fn picked_sim<'f>(a: &Answers, f: &Facts<'f>) -> Option<&'f Sim> {
    resolve_sim(&a.sim_query, f.sim_matches, a.sim).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answers::PortWhen;
    use crate::domain::model::Extension as Ext;
    use crate::domain::testkit::{Fixture, iccid_ending, sim, valid_answers};

    /// The field of a catalog add-on, by id.
    fn addon(c: &Catalog, id: &str) -> Field {
        Field::Addon(c.addons.iter().position(|a| a.id == id).unwrap())
    }

    fn ticked(ids: &[&str]) -> std::collections::BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn valid_answers_pass_every_step() {
        let fx = Fixture::new();
        assert_eq!(all_errors(&valid_answers(), &fx.facts()), vec![]);
    }

    #[test]
    fn user_step_shows_new_user_fields_only_when_ticked() {
        let c = Fixture::new().catalog;
        let mut a = valid_answers();
        use Field::*;
        assert_eq!(
            visible_fields(Step::User, &a, &c),
            [NewUser, Username, FirstName, Prefix, LastName, Email, Language]
        );
        a.new_user = false;
        assert_eq!(visible_fields(Step::User, &a, &c), [ExistingUser, NewUser]);
    }

    #[test]
    fn sim_step_shows_sim_field_only_for_now() {
        let c = Fixture::new().catalog;
        let mut a = valid_answers();
        assert_eq!(visible_fields(Step::Sim, &a, &c), [Field::SimOption, Field::Sim]);
        a.sim_option = Some("sim-later".into());
        assert_eq!(visible_fields(Step::Sim, &a, &c), [Field::SimOption]);
        a.sim_option = None;
        assert_eq!(visible_fields(Step::Sim, &a, &c), [Field::SimOption]);
    }

    #[test]
    fn number_step_fields_per_number_type() {
        let c = Fixture::new().catalog;
        let mut a = valid_answers();
        use Field::*;
        assert_eq!(visible_fields(Step::Number, &a, &c), [NumberType, Number]);
        a.number_type = Some("port".into());
        assert_eq!(visible_fields(Step::Number, &a, &c), [NumberType, PortNumber, Donor, PortWhen]);
        a.port_when = crate::domain::answers::PortWhen::OnDate;
        assert_eq!(visible_fields(Step::Number, &a, &c), [NumberType, PortNumber, Donor, PortWhen, PortDate]);
        a.number_type = None;
        assert_eq!(visible_fields(Step::Number, &a, &c), [NumberType]);
    }

    #[test]
    fn addons_step_shows_only_the_voice_products_addons() {
        let c = Fixture::new().catalog;
        let mut a = valid_answers();
        let shown = |a: &Answers| -> Vec<String> {
            visible_fields(Step::Addons, a, &c)
                .into_iter()
                .map(|f| match f {
                    Field::Addon(i) => c.addons[i].id.clone(),
                    other => panic!("{other:?} on the add-ons page"),
                })
                .collect()
        };
        a.voice = Some("business".into());
        assert_eq!(shown(&a), ["voicemail-plus", "fax2mail", "eu-roaming", "multisim", "hotspot", "data-lock"]);
        a.voice = Some("expert".into());
        assert_eq!(shown(&a).len(), c.addons.len());
        a.voice = None;
        assert_eq!(shown(&a), Vec::<String>::new());
    }

    #[test]
    fn data_and_sms_must_fit_the_voice_product() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.voice = Some("business".into());
        assert_eq!(
            step_errors(Step::Connection, &a, &fx.facts()),
            [(Field::Data, RuleError::NotForVoice), (Field::Sms, RuleError::NotForVoice)]
        );
        a.data = Some("data-1".into());
        a.sms = Some("sms-gigantic".into());
        assert_eq!(step_errors(Step::Connection, &a, &fx.facts()), [(Field::Sms, RuleError::UnknownChoice)]);
        a.sms = None;
        assert_eq!(step_errors(Step::Connection, &a, &fx.facts()), [(Field::Sms, RuleError::Required)]);
    }

    #[test]
    fn addon_requires() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.addons = ticked(&["world-roaming"]);
        assert_eq!(
            step_errors(Step::Addons, &a, &fx.facts()),
            [(addon(&fx.catalog, "world-roaming"), RuleError::AddonRequires("eu-roaming".into()))]
        );
    }

    #[test]
    fn addon_excludes_in_both_directions() {
        let fx = Fixture::new();
        let c = &fx.catalog;
        let mut a = valid_answers();
        a.data = Some("data-none".into());
        a.addons = ticked(&["data-lock", "hotspot"]);
        assert_eq!(
            step_errors(Step::Addons, &a, &fx.facts()),
            [
                (addon(c, "hotspot"), RuleError::AddonExcludes("data-lock".into())),
                (addon(c, "data-lock"), RuleError::AddonExcludes("hotspot".into())),
            ]
        );
        a.addons = ticked(&["data-lock"]);
        assert_eq!(step_errors(Step::Addons, &a, &fx.facts()), []);
    }

    #[test]
    fn data_lock_goes_only_without_a_data_package() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.addons = ticked(&["data-lock"]);
        a.voice = Some("expert".into());
        for (data, ok) in [("data-none", true), ("data-15", false), ("data-unlimited", false)] {
            a.data = Some(data.into());
            let want = if ok {
                vec![]
            } else {
                vec![(addon(&fx.catalog, "data-lock"), RuleError::AddonNotWithData(data.into()))]
            };
            assert_eq!(step_errors(Step::Addons, &a, &fx.facts()), want, "{data}");
        }
        a.addons = ticked(&["eu-roaming"]);
        assert_eq!(step_errors(Step::Addons, &a, &fx.facts()), [], "other add-ons go with any data package");
    }

    #[test]
    fn addon_not_offered_for_the_voice_product() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.voice = Some("business".into());
        a.addons = ticked(&["eu-roaming", "recording"]);
        assert_eq!(
            step_errors(Step::Addons, &a, &fx.facts()),
            [(addon(&fx.catalog, "recording"), RuleError::NotForVoice)]
        );
    }

    #[test]
    fn existing_user() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.new_user = false;
        a.existing_user = Some(1);
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), [(Field::ExistingUser, RuleError::UserHasMobile)]);
        a.existing_user = Some(2);
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), []);
        a.existing_user = Some(99);
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), [(Field::ExistingUser, RuleError::UnknownChoice)]);
        a.existing_user = None;
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), [(Field::ExistingUser, RuleError::Required)]);
    }

    #[test]
    fn new_user_name_unique_within_the_customer() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.username = "Bernd.Bauer".into();
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), [(Field::Username, RuleError::UsernameTaken)]);
    }

    fn sim_error(a: &Answers, fx: &Fixture) -> Result<(), RuleError> {
        check_field(Field::Sim, a, &fx.facts())
    }

    #[test]
    fn sim_last_four_without_match() {
        let mut fx = Fixture::new();
        fx.sim_matches = vec![];
        let mut a = valid_answers();
        a.sim_query = "9999".into();
        a.sim = None;
        assert_eq!(sim_error(&a, &fx), Err(RuleError::SimNoMatch { digits: "9999".into() }));
    }

    #[test]
    fn sim_last_four_with_several_matches() {
        let mut fx = Fixture::new();
        fx.sim_matches = vec![sim(7, "4321"), sim(8, "4321")];
        let mut a = valid_answers();
        a.sim = None;
        assert_eq!(sim_error(&a, &fx), Err(RuleError::SimAmbiguous { digits: "4321".into(), count: 2 }));
        a.sim = Some(8);
        assert_eq!(sim_error(&a, &fx), Ok(()));
        a.sim = Some(9);
        assert_eq!(sim_error(&a, &fx), Err(RuleError::SimAmbiguous { digits: "4321".into(), count: 2 }));
    }

    #[test]
    fn sim_single_match_is_taken_without_a_pick() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.sim = None;
        assert_eq!(sim_error(&a, &fx), Ok(()));
        assert_eq!(picked_sim(&a, &fx.facts()), Some(&fx.sim_matches[0]));
    }

    #[test]
    fn sim_full_iccid() {
        let mut fx = Fixture::new();
        let mut a = valid_answers();
        // Scanned, free: the store's match is that SIM.
        a.sim_query = fx.sim_matches[0].iccid.clone();
        a.sim = None;
        assert_eq!(sim_error(&a, &fx), Ok(()));
        // Scanned, not free: no match.
        fx.sim_matches = vec![];
        assert_eq!(sim_error(&a, &fx), Err(RuleError::SimNotFree));
        // A pick left over from an earlier query doesn't stand for another ICCID.
        fx.sim_matches = vec![sim(7, "4321")];
        a.sim = Some(7);
        a.sim_query = iccid_ending("5555", 3);
        assert_eq!(sim_error(&a, &fx), Err(RuleError::SimNotFree));
        // An ICCID with a wrong check digit is refused before any lookup.
        let good = iccid_ending("5555", 3);
        a.sim_query = format!("{}6", &good[..good.len() - 1]);
        assert_eq!(sim_error(&a, &fx), Err(RuleError::IccidLuhn));
    }

    #[test]
    fn number_must_be_free() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.number = Some(12);
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), []);
        a.number = Some(99);
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), [(Field::Number, RuleError::NumberNotFree)]);
        a.number = None;
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), [(Field::Number, RuleError::Required)]);
    }

    #[test]
    fn porting_fields() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.number_type = Some("port".into());
        a.port_number = "030 9876543".into();
        a.donor = Some("telekom".into());
        a.port_when = PortWhen::OnDate;
        a.port_date = "25.11.2026".into();
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), [(Field::PortDate, RuleError::DateInPast)]);
        // Not before the start date (01.12.2026) either.
        a.port_date = "30.11.2026".into();
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), [(Field::PortDate, RuleError::PortBeforeStart)]);
        a.port_date = "01.12.2026".into();
        assert_eq!(step_errors(Step::Number, &a, &fx.facts()), []);
        a.port_date = "2026-12-15".into();
        a.donor = Some("acme".into());
        a.port_number = "+33 1 23456789".into();
        assert_eq!(
            step_errors(Step::Number, &a, &fx.facts()),
            [(Field::PortNumber, RuleError::PhoneNotGerman), (Field::Donor, RuleError::UnknownChoice)]
        );
    }

    #[test]
    fn extension_follows_the_customers_dial_plan() {
        let mut fx = Fixture::new();
        let mut a = valid_answers();
        let ext = |a: &Answers, fx: &Fixture| check_field(Field::Extension, a, &fx.facts());
        a.extension = "2022".into();
        assert_eq!(ext(&a, &fx), Err(RuleError::ExtensionLength { expected: 3 }));
        a.extension = " 200 ".into();
        assert_eq!(ext(&a, &fx), Err(RuleError::ExtensionTaken { name: "Anna Alt".into() }));
        fx.customer.dial_plan_len = 4;
        a.extension = "2022".into();
        assert_eq!(ext(&a, &fx), Ok(()));
        a.extension = "2001".into();
        assert_eq!(ext(&a, &fx), Err(RuleError::ExtensionPrefixClash { other: "200".into() }));
        fx.context.extensions.push(Ext { number: "2022".into(), name: "Dora".into() });
        a.extension = "2022".into();
        assert_eq!(ext(&a, &fx), Err(RuleError::ExtensionTaken { name: "Dora".into() }));
        let no_customer = Facts { customer: None, ..fx.facts() };
        assert_eq!(check_field(Field::Extension, &a, &no_customer), Err(RuleError::Required));
    }

    #[test]
    fn an_existing_user_keeps_his_own_extension() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.new_user = false;
        a.existing_user = Some(2); // Bernd, extension 201
        let ext = |a: &Answers| check_field(Field::Extension, a, &fx.facts());
        a.extension = "201".into();
        assert_eq!(ext(&a), Ok(()), "his own extension is not 'taken'");
        a.extension = "202".into();
        assert_eq!(ext(&a), Err(RuleError::ExtensionOfUser { own: "201".into() }), "no second extension");
        // A new user has none of his own: the usual rule.
        a.new_user = true;
        assert_eq!(ext(&a), Ok(()));
        a.extension = "201".into();
        assert_eq!(ext(&a), Err(RuleError::ExtensionTaken { name: "Bernd Bauer".into() }));
    }

    #[test]
    fn start_date_not_in_the_past() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.start_date = "25.11.2026".into();
        assert_eq!(step_errors(Step::Customer, &a, &fx.facts()), [(Field::StartDate, RuleError::DateInPast)]);
        a.start_date = "26.11.2026".into();
        assert_eq!(step_errors(Step::Customer, &a, &fx.facts()), []);
    }

    #[test]
    fn customer_step_choices() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.portfolio = Some("gold".into());
        a.term = None;
        a.reference = "x".repeat(41);
        let no_customer = Facts { customer: None, ..fx.facts() };
        assert_eq!(
            step_errors(Step::Customer, &a, &no_customer),
            [
                (Field::Customer, RuleError::Required),
                (Field::Portfolio, RuleError::UnknownChoice),
                (Field::Reference, RuleError::TooLong { len: 41, max: 40 }),
                (Field::Term, RuleError::Required),
            ]
        );
    }

    #[test]
    fn customer_must_be_chosen_and_loaded() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        let customer = |a: &Answers| check_field(Field::Customer, a, &fx.facts());
        assert_eq!(customer(&a), Ok(()));
        a.customer = None;
        assert_eq!(customer(&a), Err(RuleError::Required));
        a.customer = Some(6);
        assert_eq!(customer(&a), Err(RuleError::UnknownChoice));
    }

    #[test]
    fn porting_date_not_before_the_start_date() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.number_type = Some("port".into());
        a.port_number = "030 98765432".into();
        a.donor = Some("telekom".into());
        a.port_when = PortWhen::OnDate;
        a.start_date = "10.12.2026".into();
        a.port_date = "09.12.2026".into();
        assert_eq!(check_field(Field::PortDate, &a, &fx.facts()), Err(RuleError::PortBeforeStart));
        a.port_date = "2026-12-10".into();
        assert_eq!(check_field(Field::PortDate, &a, &fx.facts()), Ok(()));
        // A start date in the past is refused on its own field, whatever the porting date.
        a.start_date = "01.01.2020".into();
        assert_eq!(check_field(Field::StartDate, &a, &fx.facts()), Err(RuleError::DateInPast));
    }

    #[test]
    fn prefix_is_an_optional_dial_prefix() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        let prefix = |a: &Answers| check_field(Field::Prefix, a, &fx.facts());
        for (typed, ok) in
            [("", true), ("0", true), ("123456", true), ("1234567", false), ("Dr.", false), ("+49", false)]
        {
            a.prefix = typed.into();
            assert_eq!(prefix(&a).is_ok(), ok, "{typed:?}");
        }
        a.prefix = "von".into();
        assert_eq!(step_errors(Step::User, &a, &fx.facts()), [(Field::Prefix, RuleError::DialPrefix)]);
    }

    /// The terminal's typed-character filter and the rule agree: every character the filter
    /// lets through stands in some accepted value, and the longest value the filter lets
    /// through is accepted (one more character would be refused by both).
    #[test]
    fn each_fields_input_filter_agrees_with_its_rule() {
        let fx = Fixture::new();
        let f = fx.facts();
        let base = valid_answers();
        let with = |field: Field, value: String| {
            let mut a = base.clone();
            *match field {
                Field::Prefix => &mut a.prefix,
                Field::AreaCode => &mut a.area_code,
                Field::Username => &mut a.username,
                Field::Email => &mut a.email,
                Field::Pin => &mut a.pin,
                Field::Reference => &mut a.reference,
                _ => unreachable!(),
            } = value;
            check_field(field, &a, &f)
        };
        // A value holding `c`, of the rule's own making; and the longest accepted value.
        let witness = |field: Field, c: char| -> String {
            match field {
                Field::Prefix | Field::Username | Field::Reference => c.to_string(),
                Field::AreaCode => format!("03{c}"),
                Field::Pin => format!("47{c}9"),
                Field::Email if c == '@' => "a@b.de".into(),
                Field::Email => format!("a{c}a@b.de"),
                _ => unreachable!(),
            }
        };
        let longest = |field: Field, n: usize| -> String {
            match field {
                Field::AreaCode => format!("03{}", "1".repeat(n - 2)),
                Field::Pin => "471193"[..n].to_string(),
                Field::Email => {
                    // Labels of at most 63: the domain fills what the local part leaves.
                    let domain =
                        format!("{}.{}.{}.de", "b".repeat(63), "c".repeat(63), "d".repeat(n - 64 - 1 - 128 - 3));
                    format!("{}@{domain}", "a".repeat(64))
                }
                _ => "1".repeat(n),
            }
        };
        for field in [Field::Prefix, Field::AreaCode, Field::Username, Field::Email, Field::Pin, Field::Reference] {
            let limits = input(field).unwrap();
            for c in (0u32..0x3000).filter_map(char::from_u32).filter(|c| (limits.allows)(*c)) {
                let value = witness(field, c);
                assert_eq!(with(field, value.clone()), Ok(()), "{field:?}: {c:?} in {value:?}");
            }
            let value = longest(field, limits.max_len);
            assert_eq!(value.chars().count(), limits.max_len, "{field:?}");
            assert_eq!(with(field, value.clone()), Ok(()), "{field:?}: {value:?}");
        }
    }

    #[test]
    fn fmc_pin_and_area_code() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        a.pin = "1234".into();
        a.area_code = "30".into();
        a.display_name = " ".into();
        assert_eq!(
            step_errors(Step::Fmc, &a, &fx.facts()),
            [
                (Field::DisplayName, RuleError::Required),
                (Field::Pin, RuleError::PinTrivial),
                (Field::AreaCode, RuleError::AreaCode),
            ]
        );
        a = valid_answers();
        a.pin = "0000".into();
        assert_eq!(step_errors(Step::Fmc, &a, &fx.facts()), []);
    }
}
