//! Every user-facing string, German (the default) and English, one file per language.
//!
//! The keys are plain struct fields, so a string missing in one language is a compile
//! error. Field, step, rule and warning texts are keyed by the domain's own enums rather
//! than a copy of them: a new rule must get its words here before the code compiles.

mod cli;
mod cli_de;
mod cli_en;
mod de;
mod en;
mod line;
mod line_de;
mod line_en;

pub use cli::CliTexts;
pub use line::{LineTexts, Words};

use crate::domain::Field;
use crate::domain::Step;
use crate::domain::order::Warning;
use crate::domain::rules::RuleError;

/// The language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// From `--lang` if given, else from `LANG` (`en…` gives English), else German.
    pub fn pick(flag: Option<&str>, env_lang: Option<&str>) -> Lang {
        let starts_en = |s: &str| s.to_ascii_lowercase().starts_with("en");
        match (flag, env_lang) {
            (Some(f), _) => {
                if starts_en(f) {
                    Lang::En
                } else {
                    Lang::De
                }
            }
            (None, Some(l)) if starts_en(l) => Lang::En,
            _ => Lang::De,
        }
    }

    /// The strings of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &de::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }

    /// The command line's texts in this language.
    pub fn cli(self) -> &'static CliTexts {
        match self {
            Lang::De => &cli_de::CLI,
            Lang::En => &cli_en::CLI,
        }
    }

    /// Line mode's texts in this language.
    pub fn line(self) -> &'static LineTexts {
        match self {
            Lang::De => &line_de::LINE,
            Lang::En => &line_en::LINE,
        }
    }

    /// How many a lookup found, at the start of a sentence: "Mindestens 50" when it stopped
    /// at its cap (`capped`) and more may match, else the number.
    pub fn found_count(self, count: usize, capped: bool) -> String {
        if capped { fill(self.texts().at_least, &[&count.to_string()]) } else { count.to_string() }
    }

    /// A catalog name in this language.
    pub fn name(self, name: &crate::domain::catalog::Name) -> &str {
        match self {
            Lang::De => &name.de,
            Lang::En => name.en(),
        }
    }

    /// An amount of euro cents, formatted the way this language writes money.
    pub fn money(self, cents: i64) -> String {
        match self {
            Lang::De => crate::domain::pricing::euro_de(cents),
            Lang::En => crate::domain::pricing::euro_en(cents),
        }
    }
}

/// Turns a catalog id (of an add-on) into its display name, for rule messages.
pub type NameOf<'a> = dyn Fn(&str) -> String + 'a;

/// All strings of one language. `{0}`, `{1}` are filled by [`fill`].
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Texts {
    pub app_title: &'static str,
    pub menu_title: &'static str,
    pub menu_section: &'static str,
    pub menu_quit: &'static str,
    pub menu_resume: &'static str,
    pub menu_step: &'static str,
    pub menu_step_short: &'static str,
    pub menu_hint: &'static str,
    /// The menu's key line when drafts are listed (Del discards one).
    pub menu_hint_drafts: &'static str,
    /// A saved draft in the menu: customer, step, age, and the draft's number (two drafts of
    /// one customer at one step read apart).
    pub menu_draft: &'static str,
    /// A draft saved less than a minute ago.
    pub age_now: &'static str,
    pub age_minutes: &'static str,
    pub age_hours: &'static str,
    pub age_days: &'static str,
    /// Another program held the database too long; the answers stay.
    pub busy: &'static str,
    /// On stderr, once, when a command waits for another program's write.
    pub db_busy_waiting: &'static str,
    /// In the wizard's message line while *Bestellen* waits for another program's lock.
    pub placing_waiting: &'static str,
    /// In the wizard's message line: the draft could not be saved; `{0}` why.
    pub draft_not_saved: &'static str,
    /// In the wizard's message line: the draft is saved again after a failure.
    pub draft_saved_again: &'static str,
    /// Why a draft could not be saved: another program held the lock.
    pub draft_busy_reason: &'static str,
    /// On stderr after the screen is left: the last save of the draft failed; `{0}` why.
    pub draft_lost: &'static str,
    /// The database's own refusals, for the command line; `{0}` is the file.
    pub db_busy: &'static str,
    pub db_damaged: &'static str,
    pub db_not_sqlite: &'static str,
    pub db_is_dir: &'static str,
    pub db_dangling_symlink: &'static str,
    pub db_device: &'static str,
    pub db_special: &'static str,
    /// `{0}` found, `{1}` known.
    pub db_too_new: &'static str,
    pub db_unknown_version: &'static str,
    pub db_read_only: &'static str,
    pub db_dir_not_writable: &'static str,
    /// `{0}` the file or folder, `{1}` why.
    pub db_cannot_create: &'static str,
    pub db_constraint: &'static str,
    /// `{0}` the file, `{1}` its mode (octal).
    pub db_loose_mode: &'static str,
    pub menu_database: &'static str,
    pub menu_demo: &'static str,
    pub keys_form: &'static str,
    pub keys_list: &'static str,
    pub keys_confirm: &'static str,
    pub next_step: &'static str,
    pub place_order: &'static str,
    pub choose: &'static str,
    /// An open list's filter matches none of its entries.
    pub no_matches: &'static str,
    pub no_options: &'static str,
    pub list_count: &'static str,
    /// A count that may be only the first of more (a lookup stopped at its cap), at the
    /// start of a sentence: `{0}` the count.
    pub at_least: &'static str,
    pub filter: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub none: &'static str,
    pub date_hint: &'static str,
    pub existing_extensions: &'static str,
    pub no_extensions: &'static str,
    /// After the extensions listed when more begin with what was typed (the panel narrows
    /// to those beginning with the digits typed).
    pub more_extensions: &'static str,
    /// *Bestehende Nebenstellen* when none begins with the digits typed.
    pub no_extensions_typed: &'static str,
    pub sim_matches: &'static str,
    pub sim_chosen: &'static str,
    pub sim_pick_hint: &'static str,
    pub pin_must_change: &'static str,
    pub pin_entered: &'static str,
    pub cleared_notice: &'static str,
    /// A typed *Name* follows the user again; {0}: whom it was typed for.
    pub name_follows_notice: &'static str,
    /// The same, when no one had been chosen.
    pub name_follows_plain_notice: &'static str,
    /// A typed derived field (the extension) follows the customer or user again: {0} the
    /// field, {1} whom (or which customer) it was typed for.
    pub typed_follows_notice: &'static str,
    /// The same when nobody was chosen: {0} the field.
    pub typed_follows_plain_notice: &'static str,
    /// "{add-on} unticked: needs {the add-on unticked}": an add-on that lost its requirement.
    pub addon_unticked_notice: &'static str,
    pub prices: &'static str,
    pub one_time: &'static str,
    pub monthly: &'static str,
    pub per_month: &'static str,
    pub one_time_short: &'static str,
    pub monthly_short: &'static str,
    pub total: &'static str,
    pub warnings: &'static str,
    pub manual_invoice_note: &'static str,
    pub edit_section: &'static str,
    pub placing: &'static str,
    pub placed_title: &'static str,
    pub placed_body: &'static str,
    pub placed_pending: &'static str,
    pub placed_active: &'static str,
    pub any_key: &'static str,
    pub storage_error: &'static str,
    /// After Ctrl+S on *Bestätigen*: `{0}` is the file.
    pub answers_saved: &'static str,
    /// Ends a help text cut to three rows: F1 shows it whole.
    pub help_more: &'static str,
    pub help_title: &'static str,
    /// The last row of a help too long for the terminal: how to scroll, {0}–{1} of {2} rows.
    pub help_scroll: &'static str,
    pub help_keys: &'static [(&'static str, &'static str)],
    pub port_immediately: &'static str,
    pub port_on_date: &'static str,
    pub new_user_summary: &'static str,
    pub too_small: &'static str,
    pub menu_overview: &'static str,
    pub ov_title: &'static str,
    pub ov_columns: [&'static str; 8],
    pub ov_billing_auto: &'static str,
    pub ov_billing_manual: &'static str,
    pub ov_filter: &'static str,
    pub ov_all: &'static str,
    pub ov_customer: &'static str,
    pub ov_text: &'static str,
    /// No order matches the filter, and how to change it.
    pub ov_empty: &'static str,
    /// No order at all, no filter set: where to create one (`{0}`: the menu keys).
    pub ov_none_yet: &'static str,
    pub ov_count: &'static str,
    /// The count when exactly one order matches.
    pub ov_count_one: &'static str,
    pub keys_overview: &'static str,
    pub keys_overview_text: &'static str,
    pub keys_detail: &'static str,
    pub keys_actions: &'static str,
    pub keys_link_sim: &'static str,
    pub keys_confirm_cancel: &'static str,
    pub detail_title: &'static str,
    pub detail_placed_by: &'static str,
    pub detail_invoice_items: &'static str,
    pub detail_history: &'static str,
    pub detail_none: &'static str,
    pub actions_title: &'static str,
    pub actions_none: &'static str,
    pub link_sim_title: &'static str,
    pub link_sim_prompt: &'static str,
    pub link_sim_pick: &'static str,
    pub cancel_question: &'static str,
    /// Enter on *Stornieren* before a reason is chosen.
    pub cancel_pick_reason: &'static str,
    pub action_done: &'static str,
    pub sim_taken_by: &'static str,
    pub sim_link_none: &'static str,
    pub sim_link_several: &'static str,
    /// `--customer` names no customer: the same words on every command ({0}: the number).
    pub unknown_customer: &'static str,
    /// An import row repeats one further up ({0}: that line).
    pub import_also_on_line: &'static str,
    /// An imported user's first and last name, together the wizard's display name, too long.
    pub import_display_name_too_long: &'static str,
    /// More refusals than listed ({0}: how many more).
    pub import_more: &'static str,
    /// `rows` read, `refused` of them refused with `errors` refusals in all.
    pub import_refused: fn(rows: usize, refused: usize, errors: usize) -> String,
    /// `rows` imported.
    pub import_done: fn(rows: usize) -> String,
    /// `rows` checked with `--dry-run`, all valid.
    pub import_checked: fn(rows: usize) -> String,
    /// `n` answers of an answers file refused.
    pub answers_refused: fn(n: usize) -> String,
    pub state_filter: fn(crate::domain::orders::StateFilter) -> &'static str,
    pub state_label: fn(crate::domain::lifecycle::OrderStatus) -> &'static str,
    pub state_name: fn(crate::domain::lifecycle::OrderState) -> &'static str,
    pub action_name: fn(crate::domain::lifecycle::Action) -> &'static str,
    pub action_error: fn(crate::domain::lifecycle::ActionError) -> &'static str,
    /// A reason of *Stornieren*.
    pub cancel_reason: fn(crate::domain::lifecycle::CancelReason) -> &'static str,
    /// An entry's reason in the state history.
    pub history_reason: fn(&crate::domain::lifecycle::HistoryReason) -> String,
    /// An invoice item that ended with its order's cancellation: `{0}` is the last day billed.
    pub item_until: &'static str,
    /// The column heads of `orders` as a table.
    pub export_orders_header: [&'static str; 9],
    /// The column heads of `invoice-items` as a table.
    pub export_items_header: [&'static str; 10],
    pub field_label: fn(Field) -> &'static str,
    pub field_help: fn(Field) -> &'static str,
    /// What the operator can do when a list has no entries at all (no users, no free
    /// numbers, no customers); `None` where an empty list can't happen (catalog lists).
    pub empty_list: fn(Field) -> Option<&'static str>,
    pub step_name: fn(Step) -> &'static str,
    pub warning: fn(Warning) -> &'static str,
    /// A warning as the note under the fields of its step's page ([`Warning::step`]).
    pub page_note: fn(Warning) -> &'static str,
    /// A rule error; `name` turns a catalog id (of an add-on) into its display name.
    pub rule_error: fn(&RuleError, &NameOf) -> String,
}

/// Fills `{0}`, `{1}`, … in a template.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SIM count at the lookup's cap says "at least"; one below it is the plain number.
    #[test]
    fn a_capped_sim_count_says_at_least() {
        use crate::domain::rules::iccid::MAX_LISTED;
        let said = |lang: Lang, count| {
            (lang.texts().rule_error)(&RuleError::SimAmbiguous { digits: "1577".into(), count }, &|n| n.to_string())
        };
        assert!(said(Lang::De, MAX_LISTED).starts_with("Mindestens 50 freie SIM-Karten"), "{}", said(Lang::De, 50));
        assert!(said(Lang::En, MAX_LISTED).starts_with("50 or more free SIM cards"), "{}", said(Lang::En, 50));
        assert!(said(Lang::De, MAX_LISTED - 1).starts_with("49 freie SIM-Karten"), "{}", said(Lang::De, 49));
        assert!(said(Lang::En, MAX_LISTED - 1).starts_with("49 free SIM cards"), "{}", said(Lang::En, 49));
    }

    #[test]
    fn language_choice() {
        assert_eq!(Lang::pick(None, None), Lang::De);
        assert_eq!(Lang::pick(None, Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::pick(None, Some("de_DE.UTF-8")), Lang::De);
        assert_eq!(Lang::pick(Some("de"), Some("en_US.UTF-8")), Lang::De);
        assert_eq!(Lang::pick(Some("en"), None), Lang::En);
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("{0} von {1}", &["3", "7"]), "3 von 7");
    }

    #[test]
    fn every_field_has_label_and_help_in_both_languages() {
        let fields = crate::domain::Field::EACH;
        for lang in [Lang::De, Lang::En] {
            let t = lang.texts();
            for f in fields {
                assert!(!(t.field_label)(f).is_empty(), "{lang:?} {f:?}");
                assert!(!(t.field_help)(f).is_empty(), "{lang:?} {f:?}");
            }
        }
        assert_ne!((de::TEXTS.field_label)(Field::Customer), (en::TEXTS.field_label)(Field::Customer));
    }

    /// The portal's help page (`shared/spec/bestellprozess-de.txt`) gives each field an
    /// *Erläuterung*; the German help carries every one of its sentences, word for word.
    #[test]
    fn german_help_carries_every_sentence_of_the_portal_help() {
        let source: &[(Field, &[&str])] = &[
            (
                Field::Customer,
                &[
                    "Wählen Sie den Kunden, für den Sie die Option bestellen möchten, indem Sie den Namen eingeben und ihn aus der Dropdown-Liste auswählen.",
                    "Wenn Sie bereits einen Kunden aufgerufen haben, wird der entsprechende Kunde automatisch ausgewählt.",
                ],
            ),
            (Field::Portfolio, &["Wählen Sie das Portfolio, das Sie bestellen möchten."]),
            (Field::Reference, &["Sie können optional Ihre eigene Bestellnummer eingeben"]),
            (Field::StartDate, &["Wählen Sie das Startdatum, ab dem Ihre Bestellung gültig sein soll"]),
            (Field::Term, &["Wählen Sie die Vertragsdauer dieser Bestellung."]),
            (Field::ExistingUser, &["Wählen Sie einen Benutzer, dem Sie diese Bestellung zuordnen möchten"]),
            (Field::NewUser, &["Aktivieren Sie das Kontrollkästchen, um einen neuen Benutzer anzulegen."]),
            (Field::FirstName, &["Geben Sie den Vornamen des Benutzers ein."]),
            (Field::Prefix, &["Geben Sie eine Vorwahl für den Benutzer ein."]),
            (Field::LastName, &["Geben Sie den Nachnamen des Benutzers ein."]),
            (Field::Email, &["Geben Sie die E-Mail-Adresse des Benutzers ein."]),
            (
                Field::SimOption,
                &[
                    "Wählen Sie diese Option, um dem Benutzer die SIM-Karte sofort während der Bestellung zuzuordnen.",
                    "Sie können den Bestellprozess fortführen.",
                    "Wählen Sie diese Option, um dem Benutzer die SIM-Karte nachträglich zuzuordnen.",
                    "Um die Bestellung tatsächlich zu aktivieren, müssen Sie die SIM-Karte zu einem späteren Zeitpunkt in der Bestellübersicht verknüpfen",
                    "Solange die SIM-Karte noch nicht verknüpft ist, ist der COMuniq ONE Benutzer mit Mobiltelefon",
                    "noch nicht funktional für den Endbenutzer verfügbar, kann aber bereits konfiguriert werden.",
                ],
            ),
            (
                Field::Sim,
                &["Geben Sie die letzten vier Ziffern Ihrer SIM-Karte ein, um sie der Bestellung hinzuzufügen"],
            ),
            (
                Field::NumberType,
                &[
                    "Wählen Sie diese Option, wenn Sie eine neue Rufnummer erstellen möchten.",
                    "Wählen Sie diese Option, wenn Sie eine Rufnummer von einem anderen Anbieter übernehmen möchten.",
                ],
            ),
            (Field::Number, &["Wählen Sie die Nummer aus der Dropdown-Liste aus."]),
            (
                Field::Extension,
                &[
                    "Geben Sie eine eindeutige Nebenstellennummer ein.",
                    "zeigt, welche Nebenstellen bereits im Konto erstellt wurden.",
                ],
            ),
            (Field::DisplayName, &["Geben Sie einen Namen für den Benutzer ein."]),
            (
                Field::Pin,
                &[
                    "Geben Sie einen PIN-Code ein, mit dem sich der Benutzer am System anmelden kann.",
                    "wird der Benutzer bei der Anmeldung aufgefordert, ihn zu ändern.",
                ],
            ),
            (Field::AreaCode, &["Geben Sie die Vorwahl ein, in der sich der Benutzer standardmäßig befindet."]),
            (
                Field::AutoInvoice,
                &[
                    "Deaktivieren Sie ggf. das Kontrollkästchen Rechnungspositionen für Kunden automatisch erzeugen, um die automatischen Rechnungsstellungsregeln zu deaktivieren.",
                    "*Bitte beachten Sie, dass Sie bei Aktivierung dieser Option die Bestellung manuell zur Rechnung des Kunden hinzufügen müssen",
                ],
            ),
        ];
        for (field, sentences) in source {
            let help = (de::TEXTS.field_help)(*field);
            for sentence in *sentences {
                assert!(help.contains(sentence), "help of {field:?} lacks: {sentence}\n  it reads: {help}");
            }
        }
    }

    #[test]
    fn the_lists_that_can_be_empty_say_what_to_do_in_both_languages() {
        for lang in [Lang::De, Lang::En] {
            for f in [Field::Customer, Field::ExistingUser, Field::Number] {
                let hint = (lang.texts().empty_list)(f);
                assert!(hint.is_some_and(|h| h.len() > 30), "{lang:?} {f:?}");
            }
        }
    }

    #[test]
    fn history_reasons_in_both_languages_with_singular_and_plural() {
        use crate::domain::lifecycle::{CancelReason, HistoryEvent, HistoryReason};
        let cancelled = |ended, dropped| HistoryReason {
            event: HistoryEvent::Cancelled { reason: Some(CancelReason::Duplicate), ended, dropped },
            waits_for_sim: false,
            waits_for_port: false,
        };
        assert_eq!(
            (de::TEXTS.history_reason)(&cancelled(1, 2)),
            "storniert: Doppelt bestellt · 1 Rechnungsposition beendet · 2 Rechnungspositionen entfernt"
        );
        assert_eq!(
            (en::TEXTS.history_reason)(&cancelled(2, 1)),
            "cancelled: ordered twice · 2 invoice items ended · 1 invoice item removed"
        );
        let placed = HistoryReason { event: HistoryEvent::Placed, waits_for_sim: true, waits_for_port: true };
        assert_eq!((de::TEXTS.history_reason)(&placed), "bestellt; wartet auf SIM-Karte und Portierung");
        assert_eq!((en::TEXTS.history_reason)(&placed), "placed; waits for a SIM card and the porting");
        for r in CancelReason::ALL {
            assert_ne!((de::TEXTS.cancel_reason)(r), (en::TEXTS.cancel_reason)(r));
        }
    }
}
