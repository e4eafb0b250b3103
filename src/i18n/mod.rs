//! Every user-facing string, German (the default) and English, one file per language.
//!
//! The keys are plain struct fields, so a string missing in one language is a compile
//! error. Field, step, rule and warning texts are keyed by the domain's own enums rather
//! than a copy of them: a new rule must get its words here before the code compiles.

mod de;
mod en;

use crate::domain::Field;
use crate::domain::Step;
use crate::domain::order::Warning;
use crate::domain::rules::RuleError;

/// The language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// A saved draft in the menu: customer, step, age.
    pub menu_draft: &'static str,
    pub age_minutes: &'static str,
    pub age_hours: &'static str,
    pub age_days: &'static str,
    /// Another program held the database too long; the answers stay.
    pub busy: &'static str,
    pub menu_database: &'static str,
    pub menu_demo: &'static str,
    pub keys_form: &'static str,
    pub keys_list: &'static str,
    pub keys_confirm: &'static str,
    pub next_step: &'static str,
    pub place_order: &'static str,
    pub choose: &'static str,
    pub no_options: &'static str,
    pub list_count: &'static str,
    pub filter: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub none: &'static str,
    pub date_hint: &'static str,
    pub existing_extensions: &'static str,
    pub no_extensions: &'static str,
    pub sim_later_note: &'static str,
    pub sim_matches: &'static str,
    pub sim_chosen: &'static str,
    pub sim_pick_hint: &'static str,
    pub port_note: &'static str,
    pub pin_must_change: &'static str,
    pub pin_entered: &'static str,
    pub cleared_notice: &'static str,
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
    pub help_title: &'static str,
    pub help_keys: &'static [(&'static str, &'static str)],
    pub port_immediately: &'static str,
    pub port_on_date: &'static str,
    pub new_user_summary: &'static str,
    pub too_small: &'static str,
    pub customers_loading: &'static str,
    pub menu_overview: &'static str,
    pub ov_title: &'static str,
    pub ov_columns: [&'static str; 8],
    pub ov_billing_auto: &'static str,
    pub ov_billing_manual: &'static str,
    pub ov_filter: &'static str,
    pub ov_all: &'static str,
    pub ov_customer: &'static str,
    pub ov_text: &'static str,
    pub ov_empty: &'static str,
    pub ov_count: &'static str,
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
    pub field_label: fn(Field) -> &'static str,
    pub field_help: fn(Field) -> &'static str,
    pub step_name: fn(Step) -> &'static str,
    pub warning: fn(Warning) -> &'static str,
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
}
