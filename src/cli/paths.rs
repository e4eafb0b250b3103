//! Where the data lives, and who the operator is.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::{DbTarget, OpenMode, Store, StoreWarning};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

/// What the value of `option` (`--db`, `db copy`'s `--from`/`--to`) names, read as libpq
/// reads it ([`DbTarget::parse`]): a password in it is refused ([`BadTarget`], worded by
/// `exit::message`). A value that is not UTF-8 can only be a file name.
pub fn target(value: &OsStr, option: &'static str) -> Result<DbTarget> {
    match value.to_str() {
        Some(text) => DbTarget::parse(text).map_err(|error| BadTarget { option, error }.into()),
        None => Ok(DbTarget::Sqlite(PathBuf::from(value))),
    }
}

/// A database option's value that can't be used, with the option it was given as.
#[derive(Debug)]
pub struct BadTarget {
    /// `--db`, `--from` or `--to`.
    pub option: &'static str,
    /// What is wrong with it.
    pub error: comuniq_order::store::TargetError,
}

impl std::fmt::Display for BadTarget {
    /// The English message, for logs; the operator's is `exit::message`'s.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error.message_for(Lang::En, self.option))
    }
}

impl std::error::Error for BadTarget {}

/// The real database: `--db`, or `orders.db` in the data directory.
pub fn database(db: Option<&DbTarget>) -> Result<DbTarget> {
    match db {
        Some(t) => Ok(t.clone()),
        None => Ok(DbTarget::Sqlite(data_dir()?.join("orders.db"))),
    }
}

/// The language of the warnings printed when a database opens; set once by `main`.
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language of the warnings printed when a database opens.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// Opens the real database, creating it (and its folder) if missing: the wizard, `import`.
pub fn open_database(db: Option<&DbTarget>) -> Result<Store> {
    open_database_with(db, OpenMode::Create)
}

/// Opens the real database, which must exist: the commands that read or change existing
/// orders (`orders`, `invoice-items`, `sim link`, `order --answers`) create nothing.
pub fn open_existing_database(db: Option<&DbTarget>) -> Result<Store> {
    open_database_with(db, OpenMode::MustExist)
}

fn open_database_with(db: Option<&DbTarget>, mode: OpenMode) -> Result<Store> {
    let target = database(db)?;
    let store =
        Store::open_target(&target, mode).with_context(|| fill(lang().cli().opening, &[&target.to_string()]))?;
    warn(&store);
    Ok(store)
}

/// Says on stderr what the operator should know about the database file.
/// The language set by `main` (German before that), for messages made where no `Common`
/// is at hand.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

fn warn(store: &Store) {
    let t = lang().texts();
    for warning in store.warnings() {
        match warning {
            StoreWarning::LooseMode { path, mode } => {
                let text = fill(t.db_loose_mode, &[&path.display().to_string(), &format!("{mode:04o}")]);
                let _ = writeln!(std::io::stderr(), "comuniq-order: {text}");
            }
        }
    }
}

/// The program's folder in the user's data directory (XDG: ~/.local/share/comuniq-order).
pub fn data_dir() -> Result<PathBuf> {
    dirs::data_dir().map(|d| d.join("comuniq-order")).context(lang().cli().no_data_dir)
}

/// The demo database; with `reset`, refused unless it is plainly a demo database file
/// (`--reset` deletes it; it deletes no PostgreSQL database). Touches no file.
pub fn demo_target(db: Option<&DbTarget>, reset: bool, lang: Lang) -> Result<DbTarget> {
    let target = match db {
        Some(t) => t.clone(),
        None => DbTarget::Sqlite(data_dir()?.join("demo.db")),
    };
    let is_demo_file = match &target {
        DbTarget::Sqlite(path) => path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("demo")),
        DbTarget::Postgres(_) => false,
    };
    if reset && !is_demo_file {
        bail!("{}", fill(lang.cli().demo_reset_refused, &[&target.to_string()]));
    }
    Ok(target)
}

/// Opens the demo database, seeding it (customers, stock, sample orders placed before
/// `today`) on first use or with `--reset`.
pub fn open_demo(db: Option<&DbTarget>, reset: bool, catalog: &Catalog, today: NaiveDate, lang: Lang) -> Result<Store> {
    let c = lang.cli();
    let target = demo_target(db, reset, lang)?;
    if let (true, DbTarget::Sqlite(path)) = (reset, &target) {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| fill(c.removing, &[&file.display().to_string()]));
                }
                _ => {}
            }
        }
    }
    let mut store =
        Store::open_target(&target, OpenMode::Create).with_context(|| fill(c.opening, &[&target.to_string()]))?;
    warn(&store);
    if store.counts().context(c.reading_demo)?.customers == 0 {
        let data = demo::generate(demo::DEMO_SEED, demo::DEMO_CUSTOMERS);
        comuniq_order::demo::seed(&mut store, &data).context(c.seeding_demo)?;
        demo::place_sample_orders(&mut store, catalog, today, demo::DEMO_ORDERS)
            .map_err(anyhow::Error::msg)
            .context(c.placing_demo_orders)?;
    }
    Ok(store)
}

/// The OS user, recorded as the operator.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(user_of_this_process)
        .unwrap_or_else(|| "operator".to_string())
}

/// The account name of the process's user, from `/etc/passwd`: sessions started by tmux,
/// cron or systemd may not have `USER` set.
fn user_of_this_process() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.get(2) == Some(&uid.as_str()))
        .map(|f| f[0].to_string())
}

/// Where the details of a crash go: the state directory (XDG: ~/.local/state/comuniq-order),
/// else the data directory, else the temporary directory.
pub fn log_file() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::data_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("comuniq-order")
        .join("comuniq-order.log")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_user_is_found_without_the_environment() {
        let name = user_of_this_process().expect("this process's uid is in /etc/passwd");
        let id = std::process::Command::new("id").arg("-un").output().expect("id(1)");
        assert_eq!(name, String::from_utf8_lossy(&id.stdout).trim());
    }
}
