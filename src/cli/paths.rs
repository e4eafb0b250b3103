//! Where the data lives, and who the operator is.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::{DbTarget, OpenMode, Store, StoreWarning};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The real database: `--db`, or `orders.db` in the data directory.
pub fn database(db: Option<&Path>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p.to_path_buf()),
        None => Ok(data_dir()?.join("orders.db")),
    }
}

/// The language of the warnings printed when a database opens; set once by `main`.
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language of the warnings printed when a database opens.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// Opens the real database, creating it (and its folder) if missing: the wizard, `import`.
pub fn open_database(db: Option<&Path>) -> Result<Store> {
    open_database_with(db, OpenMode::Create)
}

/// Opens the real database, which must exist: the commands that read or change existing
/// orders (`orders`, `invoice-items`, `sim link`, `order --answers`) create nothing.
pub fn open_existing_database(db: Option<&Path>) -> Result<Store> {
    open_database_with(db, OpenMode::MustExist)
}

fn open_database_with(db: Option<&Path>, mode: OpenMode) -> Result<Store> {
    let path = database(db)?;
    // A PostgreSQL connection string opens that database (the contract tests run the
    // binary on both engines); anything else is the SQLite file, as before. The full
    // `--db` handling (a DbTarget through every command) is the command line's own work.
    let target = path.to_str().and_then(|v| DbTarget::parse(v).ok()).filter(|t| matches!(t, DbTarget::Postgres(_)));
    let opened = match &target {
        Some(target) => Store::open_target(target, mode),
        None => Store::open_with(&path, mode),
    };
    let store = opened.with_context(|| fill(lang().cli().opening, &[&path.display().to_string()]))?;
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

/// The demo database's file; with `reset`, refused unless it is plainly a demo database
/// (`--reset` deletes it). Touches no file.
pub fn demo_path(db: Option<&Path>, reset: bool, lang: Lang) -> Result<PathBuf> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => data_dir()?.join("demo.db"),
    };
    let is_demo_file = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("demo"));
    if reset && !is_demo_file {
        bail!("{}", fill(lang.cli().demo_reset_refused, &[&path.display().to_string()]));
    }
    Ok(path)
}

/// Opens the demo database, seeding it (customers, stock, sample orders placed before
/// `today`) on first use or with `--reset`.
pub fn open_demo(db: Option<&Path>, reset: bool, catalog: &Catalog, today: NaiveDate, lang: Lang) -> Result<Store> {
    let c = lang.cli();
    let path = demo_path(db, reset, lang)?;
    if reset {
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
    let mut store = Store::open(&path).with_context(|| fill(c.opening, &[&path.display().to_string()]))?;
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
