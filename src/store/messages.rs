//! The store's errors in the operator's words: the one translation the command line, the
//! full screen and line mode share. The `Display` texts of the error types stay English,
//! for logs; what the operator reads comes from here, in the language chosen.

use super::{ActionFailure, Missing, NotAFile, PlaceError, StoreError};
use crate::domain::rules::RuleError;
use crate::i18n::{Lang, fill};
use std::path::Path;

impl StoreError {
    /// The message in `lang`; `db` names the database where the error itself does not
    /// (damage seen after opening carries no path).
    pub fn message(&self, lang: Lang, db: &str) -> String {
        let t = lang.texts();
        let c = lang.cli();
        let shown = |p: &Path| if p.as_os_str().is_empty() { db.to_string() } else { p.display().to_string() };
        match self {
            StoreError::Busy => t.db_busy.to_string(),
            StoreError::Corrupt { path } => fill(t.db_damaged, &[&shown(path)]),
            StoreError::NotADatabase { path } => fill(t.db_not_sqlite, &[&shown(path)]),
            StoreError::NotAFile { path, kind } => {
                let template = match kind {
                    NotAFile::Directory => t.db_is_dir,
                    NotAFile::DanglingSymlink => t.db_dangling_symlink,
                    NotAFile::Device => t.db_device,
                    NotAFile::Special => t.db_special,
                };
                fill(template, &[&shown(path)])
            }
            StoreError::TooNew { found, known } => fill(t.db_too_new, &[&found.to_string(), &known.to_string()]),
            StoreError::UnknownVersion { found } => fill(t.db_unknown_version, &[&found.to_string()]),
            StoreError::ReadOnly { path } => fill(t.db_read_only, &[&shown(path)]),
            StoreError::DirNotWritable { path } => fill(t.db_dir_not_writable, &[&shown(path)]),
            StoreError::CreateDir { path, source } | StoreError::CreateFile { path, source } => {
                fill(t.db_cannot_create, &[&shown(path), &source.to_string()])
            }
            StoreError::Constraint => t.db_constraint.to_string(),
            StoreError::Missing { path } => fill(c.db_missing, &[&shown(path)]),
            StoreError::BadDraft(why) => fill(c.bad_draft, &[why]),
            // Neither busy, damaged nor a constraint: an I/O error or a bug, in the engine's
            // words behind the operator's.
            StoreError::Db(e) => fill(c.db_error, &[&e.to_string()]),
            StoreError::Connect(e) => e.message(lang),
            StoreError::Server { target, reason } => fill(c.db_server_refused, &[target, reason]),
            StoreError::Foreign { target, table } => fill(c.db_foreign, &[target, table]),
        }
    }
}

impl PlaceError {
    /// The message in `lang`; `db` names the database for damage. (The wizard takes a
    /// resource taken or a rule refused back to its field; this words them all the same.)
    pub fn message(&self, lang: Lang, db: &str) -> String {
        let t = lang.texts();
        let c = lang.cli();
        let name = |n: &str| n.to_string();
        match self {
            PlaceError::Taken { by_order, .. } => (t.rule_error)(&RuleError::TakenByOrder(by_order.clone()), &name),
            PlaceError::Refused { error, .. } => (t.rule_error)(error, &name),
            PlaceError::Missing(what) => {
                let what = match what {
                    Missing::Customer(id) => fill(c.missing_customer, &[&id.to_string()]),
                    Missing::User(id) => fill(c.missing_user, &[&id.to_string()]),
                    Missing::Sim(iccid) => fill(c.missing_sim, &[iccid]),
                    Missing::Number(e164) => fill(c.missing_number, &[e164]),
                };
                fill(c.not_found, &[&what])
            }
            PlaceError::Busy => t.db_busy.to_string(),
            PlaceError::Damaged => fill(t.db_damaged, &[db]),
            PlaceError::Constraint => t.db_constraint.to_string(),
            PlaceError::Db(e) => fill(c.db_error, &[&e.to_string()]),
        }
    }
}

impl ActionFailure {
    /// The message in `lang`; `db` names the database where a store error does not.
    pub fn message(&self, lang: Lang, db: &str) -> String {
        match self {
            ActionFailure::NoSuchOrder => lang.cli().order_gone.to_string(),
            ActionFailure::Refused(e) => (lang.texts().action_error)(*e).to_string(),
            ActionFailure::SimTaken { iccid, by_order } => {
                let by = by_order.as_ref().map(|o| format!(" ({o})")).unwrap_or_default();
                fill(lang.texts().sim_taken_by, &[iccid, &by])
            }
            ActionFailure::Store(e) => e.message(lang, db),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every store error reads in German when German is chosen: none shows the English
    /// `Display` text (the engine's own words aside).
    #[test]
    fn the_messages_follow_the_language() {
        let errors = [
            StoreError::Busy,
            StoreError::Constraint,
            StoreError::BadDraft("x".into()),
            StoreError::Corrupt { path: "".into() },
            StoreError::ReadOnly { path: "orders.db".into() },
        ];
        for e in errors {
            let de = e.message(Lang::De, "orders.db");
            let en = e.message(Lang::En, "orders.db");
            assert_ne!(de, en, "{e:?}");
            assert_ne!(de, e.to_string(), "{e:?}");
        }
        assert!(StoreError::Corrupt { path: "".into() }.message(Lang::De, "orders.db").contains("orders.db"));
        let missing = PlaceError::Missing(Missing::Sim("8949".into()));
        assert!(missing.message(Lang::De, "x").contains("8949"), "{}", missing.message(Lang::De, "x"));
        assert_ne!(missing.message(Lang::De, "x"), missing.to_string());
        assert_ne!(PlaceError::Damaged.message(Lang::De, "x"), PlaceError::Damaged.to_string());
        assert_ne!(ActionFailure::NoSuchOrder.message(Lang::De, "x"), ActionFailure::NoSuchOrder.to_string());
    }
}
