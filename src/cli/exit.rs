//! Exit codes, documented in the README. Errors travel as `anyhow` chains; the code is
//! read from the typed error inside.

use super::paths::BadTarget;
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::{self, CopyError, StoreError};
use comuniq_order::tui::{Interrupted, NoDraft};

/// A data or file error: a broken catalog, an unknown customer, any other database error.
pub const DATA: u8 = 3;
/// The database file is not SQLite, is damaged, or is not a file at all (a folder, a
/// device, a dangling symlink).
pub const DB_NOT_SQLITE: u8 = 4;
/// The database was written by a newer version of the program.
pub const DB_TOO_NEW: u8 = 5;
/// The database file is read-only.
pub const DB_READ_ONLY: u8 = 6;
/// The database's directory cannot be written (or created).
pub const DB_DIR: u8 = 7;
/// Another program held the database's lock longer than the wait: nothing was written;
/// try again later.
pub const DB_BUSY: u8 = 8;
/// Wrong usage (clap's own code): also a `--db` that can't be used as written.
pub const USAGE: u8 = 2;
/// A bug: the program panicked (the terminal is restored, the draft saved if possible).
pub const PANIC: u8 = 101;
/// The terminal went away (SIGHUP, end of input): 128 + SIGHUP, as a shell reports it.
/// SIGTERM gives 143 and SIGINT 130, the same way. When two signals come, the first one the
/// program takes decides (two that arrive together count in signal-number order: SIGHUP,
/// SIGINT, SIGTERM); a later one changes nothing.
pub const HANG_UP: u8 = 129;

/// The exit code for an error.
pub fn code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            return store(s);
        }
        if cause.downcast_ref::<BadTarget>().is_some() {
            return USAGE;
        }
        if let Some(c) = cause.downcast_ref::<CopyError>() {
            return match c {
                CopyError::Store(s) => store(s),
                CopyError::NotEmpty { .. } => super::EXIT_REFUSED,
                CopyError::SourceVersion { .. } | CopyError::Shape { .. } | CopyError::Value { .. } => DATA,
            };
        }
        if let Some(i) = cause.downcast_ref::<Interrupted>() {
            return match i {
                Interrupted::HangUp => HANG_UP,
                Interrupted::Signal(n) => u8::try_from(128 + n).unwrap_or(HANG_UP),
                Interrupted::Panic { .. } => PANIC,
            };
        }
    }
    // The wizard passes the store's errors on as text; what happened is recorded.
    if store::damage_seen() {
        DB_NOT_SQLITE
    } else if store::gave_up_waiting() {
        DB_BUSY
    } else {
        DATA
    }
}

/// The operator's message for a database error in `e`, in `lang`, if it is one; `db` names
/// the database when the error itself does not.
pub fn message(e: &anyhow::Error, lang: Lang, db: &str) -> Option<String> {
    let t = lang.texts();
    if let Some(s) = e.chain().find_map(|c| c.downcast_ref::<StoreError>()) {
        return Some(s.message(lang, db));
    }
    if let Some(bad) = e.chain().find_map(|c| c.downcast_ref::<BadTarget>()) {
        return Some(bad.error.message_for(lang, bad.option));
    }
    if let Some(c) = e.chain().find_map(|c| c.downcast_ref::<CopyError>()) {
        return Some(copy_message(c, lang, db));
    }
    if let Some(i) = e.chain().find_map(|c| c.downcast_ref::<Interrupted>()) {
        let kept = e.downcast_ref::<NoDraft>().is_none();
        return Some(interrupted_message(i, lang, kept));
    }
    if store::damage_seen() {
        Some(fill(t.db_damaged, &[db]))
    } else if store::gave_up_waiting() {
        Some(t.db_busy.to_string())
    } else {
        None
    }
}

/// Why the program stopped, in `lang`; that the order is kept as a draft only when one is
/// (`draft_kept`: not at the menu, nor before the first answer).
pub fn interrupted_message(i: &Interrupted, lang: Lang, draft_kept: bool) -> String {
    let c = lang.cli();
    let kept = |why: String| if draft_kept { format!("{why}; {}", c.draft_kept) } else { why };
    match i {
        Interrupted::HangUp => kept(c.hang_up.to_string()),
        Interrupted::Signal(n) => kept(fill(c.stopped_by_signal, &[&n.to_string()])),
        Interrupted::Panic { message, draft_saved, log } => {
            let draft = if *draft_saved { c.draft_kept } else { c.draft_not_saved };
            fill(c.internal_error, &[message, draft, &log.display().to_string()])
        }
    }
}

/// `db copy`'s refusals; `db` names the database when the error does not.
fn copy_message(e: &CopyError, lang: Lang, db: &str) -> String {
    let c = lang.cli();
    match e {
        CopyError::Store(s) => s.message(lang, db),
        CopyError::SourceVersion { path, found, known } => {
            fill(c.copy_source_version, &[&path.display().to_string(), &found.to_string(), &known.to_string()])
        }
        CopyError::NotEmpty { target, table } => fill(c.copy_not_empty, &[target, table]),
        CopyError::Shape { table, detail } => fill(c.copy_shape, &[table, detail]),
        CopyError::Value { table, column, row } => fill(c.copy_value, &[table, &row.to_string(), column]),
    }
}

fn store(e: &StoreError) -> u8 {
    match e {
        StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } | StoreError::NotAFile { .. } => DB_NOT_SQLITE,
        StoreError::Busy => DB_BUSY,
        StoreError::TooNew { .. } | StoreError::UnknownVersion { .. } => DB_TOO_NEW,
        StoreError::ReadOnly { .. } => DB_READ_ONLY,
        // The server, like the file's folder, is where the database should be and cannot be
        // reached.
        StoreError::DirNotWritable { .. }
        | StoreError::CreateDir { .. }
        | StoreError::CreateFile { .. }
        | StoreError::Connect(_) => DB_DIR,
        StoreError::BadDraft(_) | StoreError::Db(_) | StoreError::Constraint | StoreError::Missing { .. } => DATA,
        StoreError::Server { .. } | StoreError::Foreign { .. } => DATA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;
    use comuniq_order::store::{NotAFile, TargetError};
    use std::path::PathBuf;

    fn of(e: StoreError) -> u8 {
        code(&Err::<(), _>(e).context("opening orders.db").unwrap_err())
    }

    #[test]
    fn every_database_refusal_has_its_own_code() {
        let path = PathBuf::from("orders.db");
        let codes = [
            of(StoreError::NotADatabase { path: path.clone() }),
            of(StoreError::TooNew { found: 9, known: 2 }),
            of(StoreError::ReadOnly { path: path.clone() }),
            of(StoreError::DirNotWritable { path: path.clone() }),
            of(StoreError::Busy),
            of(StoreError::NotAFile { path, kind: NotAFile::Device }),
            code(&anyhow::anyhow!("the catalog is broken")),
        ];
        assert_eq!(codes, [DB_NOT_SQLITE, DB_TOO_NEW, DB_READ_ONLY, DB_DIR, DB_BUSY, DB_NOT_SQLITE, DATA]);
        assert_eq!(code(&Interrupted::Signal(15).into()), 143);
        let target = "postgresql://db.example:5432/orders".to_string();
        let pg = [
            of(StoreError::Connect(comuniq_order::store::pg::ConnectError {
                target: target.clone(),
                reason: "refused".into(),
                hint: None,
            })),
            of(StoreError::Server { target: target.clone(), reason: "x".into() }),
            code(&BadTarget { option: "--to", error: TargetError::PasswordGiven { target: target.clone() } }.into()),
            code(&CopyError::NotEmpty { target, table: "customers" }.into()),
        ];
        assert_eq!(pg, [DB_DIR, DATA, USAGE, super::super::EXIT_REFUSED]);
        assert_eq!(code(&Interrupted::Signal(2).into()), 130);
        assert_eq!(code(&Interrupted::HangUp.into()), HANG_UP);
    }
}
