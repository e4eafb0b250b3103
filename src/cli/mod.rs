//! The command line: parses the arguments and runs the command. One file per command;
//! [`paths`] knows where the data lives.

mod catalog;
mod db;
mod exit;
mod export;
mod import;
mod order;
mod out;
mod paths;
mod sim;
mod wizard;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use comuniq_order::domain::Catalog;
use comuniq_order::domain::model::Customer;
use comuniq_order::domain::rules::text;
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Order COMuniq ONE users with a mobile phone, in the terminal.
#[derive(Parser)]
#[command(version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Option<Command>,
}

const EXAMPLES: &str = "Examples:
  comuniq-order demo                             the wizard on a demo database with realistic data
  comuniq-order demo --reset                     the demo, seeded afresh
  comuniq-order --customer K-100123              the wizard with that customer in focus
  comuniq-order sim link CO-2026-000042 --sim 1234
  comuniq-order sim link --customer K-100123 --sim 89490200000000012345
  comuniq-order --db /srv/orders.db --lang en
  comuniq-order db copy --from orders.db --to postgres://order@db.example/orders
  comuniq-order db check --db postgres://order@db.example/orders
  comuniq-order --accessible                     line mode: one prompt a line, for screen readers";

#[derive(Args)]
pub struct Common {
    /// The database: a SQLite file (a path, or sqlite:PATH), or a PostgreSQL database
    /// (postgres://user@host/dbname, or host=… dbname=…; PG* variables fill in what it leaves
    /// out; the password goes in ~/.pgpass or PGPASSWORD, never here) [default: orders.db in
    /// the user's data directory].
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub db: Option<std::ffi::OsString>,
    /// `--db` as read by [`paths::target`], set by [`main`] before a command runs.
    #[arg(skip)]
    pub target: Option<comuniq_order::store::DbTarget>,
    /// A catalog file instead of the built-in catalog.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Language of the interface: de or en [default: from LANG, else de].
    #[arg(long, global = true, value_parser = ["de", "en"])]
    pub lang: Option<String>,
    /// Open with this customer in focus (customer number, e.g. K-100123).
    #[arg(long, global = true, value_name = "NUMBER")]
    pub customer: Option<String>,
    /// The operator recorded with each order [default: the OS user].
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Drafts not saved for this many days are deleted at start.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = 30)]
    pub draft_max_age_days: u32,
    /// Line mode: plain prompt lines for a screen reader, a braille display or a serial
    /// console (also with ACCESSIBLE=1, TERM=dumb, or no terminal on stdin or stdout).
    #[arg(long, global = true)]
    pub accessible: bool,
    /// Pretend today is this date (YYYY-MM-DD), for demos and reproducible walkthroughs.
    #[arg(long, global = true, value_name = "DATE", hide = true)]
    pub today: Option<NaiveDate>,
}

#[derive(Subcommand)]
pub enum Command {
    /// The wizard on a demo database (created and seeded on first use, apart from the real one).
    Demo {
        /// Throw the demo database away and seed it afresh.
        #[arg(long)]
        reset: bool,
    },
    /// SIM cards: link one to an order waiting for it.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
    /// Place an order from an answers file, through the wizard's rules and transaction.
    #[command(after_help = order::EXAMPLES)]
    Order(order::OrderArgs),
    /// Import customers, users, extensions, numbers or SIMs from a CSV file (all or nothing).
    #[command(after_help = import::EXAMPLES)]
    Import(import::ImportArgs),
    /// List orders (filter with --customer, --state, --since) as a table, CSV or JSON.
    #[command(after_help = export::EXAMPLES)]
    Orders(export::ExportArgs),
    /// List invoice items of the orders, with the same filters and formats as `orders`.
    #[command(after_help = export::EXAMPLES)]
    InvoiceItems(export::ExportArgs),
    /// The database itself: copy a SQLite database into PostgreSQL, check one.
    #[command(after_help = db::EXAMPLES)]
    Db {
        #[command(subcommand)]
        command: db::DbCommand,
    },
    /// Check the product catalog and print what it offers.
    #[command(after_help = catalog::EXAMPLES)]
    Catalog {
        #[command(subcommand)]
        action: catalog::Action,
    },
}

#[derive(Subcommand)]
pub enum SimCommand {
    /// *SIM verbinden*: link a SIM to an order waiting for one; the order becomes active when
    /// it waits for nothing else.
    #[command(after_help = "Examples:
  comuniq-order sim link CO-2026-000042 --sim 1234
  comuniq-order sim link 2026-000042 --sim 8949020000000001234
  comuniq-order sim link --customer K-100123 --sim 1234   (the customer's only waiting order)
  comuniq-order sim link --sim 1234                       (lists the waiting orders if several)

Exit codes: 0 linked, 1 refused (no such free SIM, Luhn check, order not waiting, several
orders wait), 3 data or file error, 4-7 the database file can't be used as it is, 8 the
database stayed busy (another program writing): nothing written, try again.")]
    Link {
        /// The order (CO-2026-000042, 2026-000042 or 42). Without it, the orders waiting for a
        /// SIM (of --customer) are listed, and with exactly one the SIM is linked to it.
        order: Option<String>,
        /// The SIM: its last four digits, or the full ICCID as a scanner types it.
        #[arg(long, value_name = "DIGITS_OR_ICCID")]
        sim: String,
    },
}

/// Exit code: a rule refused the input (an invalid answer, a bad row).
const EXIT_REFUSED: u8 = 1;
// Exit code 2, wrong usage, is clap's own; the data, file and signal codes are in `exit`.

/// A refusal that ends the program with exit code 1. Other errors get theirs from
/// [`exit::code`].
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A rule refused the input; what was refused has already been listed on stderr.
    #[error("{0}")]
    Refused(String),
}

impl Failure {
    /// The exit code of this failure.
    fn code(&self) -> u8 {
        match self {
            Failure::Refused(_) => EXIT_REFUSED,
        }
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let lang = Lang::pick(cli.common.lang.as_deref(), std::env::var("LANG").ok().as_deref());
    paths::set_lang(lang);
    // `--db` is read once, before anything else: a password in it is refused here.
    let given = match cli.common.db.as_deref().map(|db| paths::target(db, "--db")).transpose() {
        Ok(given) => given,
        Err(e) => return failed(&e, lang, ""),
    };
    // Named in messages about damage found while reading, which carry no path of their own.
    let db = paths::database(given.as_ref()).map(|t| t.to_string()).unwrap_or_default();
    cli.common.target = given;
    set_up_waiting(&cli, lang);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&e, lang, &db),
    }
}

/// Says why the command failed, in `lang`, and gives its exit code.
fn failed(e: &anyhow::Error, lang: Lang, db: &str) -> ExitCode {
    // The reader of stdout went away (`… | head -n 1`): end quietly, as `ls` does.
    if out::is_closed_pipe(e) {
        return ExitCode::from(out::CLOSED_PIPE);
    }
    // The database's errors in the operator's language, never in SQLite's words.
    let text = exit::message(e, lang, db).unwrap_or_else(|| format!("{e:#}"));
    // Not eprintln!: after a hang-up stderr is gone, and a failed print must not panic.
    // The message may carry a file's or an argument's text: escaped for the terminal.
    out::warn(&format!("comuniq-order: {text}"));
    ExitCode::from(e.downcast_ref::<Failure>().map_or_else(|| exit::code(e), Failure::code))
}

/// Help, version, or a usage error from clap. Not `Error::exit`: clap would echo a wrong
/// value's escape sequences onto a terminal raw. Help and version go to stdout (a closed
/// pipe ignored), errors to stderr, escaped, with clap's exit code (2).
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let text = e.render().to_string();
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) && e.exit_code() == 0
    {
        // Our own text; a reader that went away is no error.
        let _ = out::say(text.trim_end());
    } else {
        out::warn(text.trim_end());
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// The environment variable with the longest wait, in milliseconds, for another program's
/// write before a write gives up (default 5000; the wizard's *Bestellen* tries three times).
pub const BUSY_WAIT_ENV: &str = "COMUNIQ_ORDER_BUSY_WAIT_MS";

/// How long writes wait for another program's lock, and, for the commands without a full
/// screen, a line on stderr when they start waiting (once: the retries say nothing new).
fn set_up_waiting(cli: &Cli, lang: Lang) {
    if let Some(ms) = std::env::var(BUSY_WAIT_ENV).ok().and_then(|v| v.trim().parse::<u64>().ok()) {
        comuniq_order::store::set_busy_wait(std::time::Duration::from_millis(ms));
    }
    let full_screen = match &cli.command {
        None | Some(Command::Demo { .. }) => !wizard::line_mode(&cli.common),
        Some(Command::Order(args)) => args.is_interactive() && !wizard::line_mode(&cli.common),
        _ => false,
    };
    if full_screen {
        return;
    }
    let told = std::sync::atomic::AtomicBool::new(false);
    let text = lang.texts().db_busy_waiting;
    comuniq_order::store::on_busy_wait(Box::new(move || {
        if !told.swap(true, std::sync::atomic::Ordering::Relaxed) {
            let _ = writeln!(std::io::stderr(), "comuniq-order: {text}");
        }
    }));
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => wizard::run(&cli.common, false, false),
        Some(Command::Demo { reset }) => wizard::run(&cli.common, true, reset),
        Some(Command::Sim { command: SimCommand::Link { order, sim } }) => {
            sim::link(&cli.common, order.as_deref(), &sim)
        }
        Some(Command::Order(args)) => order::run(&cli.common, args),
        Some(Command::Import(args)) => import::run(&cli.common, args),
        Some(Command::Orders(args)) => export::orders(&cli.common, args),
        Some(Command::InvoiceItems(args)) => export::invoice_items(&cli.common, args),
        Some(Command::Db { command }) => db::run(&cli.common, command),
        Some(Command::Catalog { action }) => catalog::run(&cli.common, action),
    }
}

/// The operator recorded with orders and owning drafts: `--operator`, else the OS user.
/// Checked with the domain's rule, so a control character never reaches the database or a
/// later export: refused with exit code 1.
pub fn operator(common: &Common, lang: Lang) -> Result<String> {
    let operator = common.operator.clone().unwrap_or_else(paths::os_user);
    text::check_operator(&operator).map_err(|e| {
        let why = (lang.texts().rule_error)(&e, &|id: &str| id.to_string());
        Failure::Refused(format!("--operator {operator:?}: {why}"))
    })?;
    Ok(operator)
}

/// The customer `--customer` names, if given. An unknown number is the same error on every
/// command (exit code 3, the same words): the wizard, `order`, `orders`, `invoice-items`
/// and `sim link`.
pub fn focus_customer(store: &Store, common: &Common, lang: Lang) -> Result<Option<Customer>> {
    let Some(number) = common.customer.as_deref() else { return Ok(None) };
    let found = store.customer_by_number(number).context(lang.cli().reading_customers)?;
    match found {
        Some(c) => Ok(Some(c)),
        None => bail!("{}", fill(lang.texts().unknown_customer, &[&format!("{number:?}")])),
    }
}

/// The language: `--lang`, else `LANG`.
pub fn lang(common: &Common) -> Lang {
    Lang::pick(common.lang.as_deref(), std::env::var("LANG").ok().as_deref())
}

/// The catalog: the built-in one, or `--catalog PATH`. A broken one is refused with file,
/// line and key, worded in `lang`.
pub fn load_catalog(path: Option<&Path>, lang: Lang) -> Result<Catalog> {
    let catalog = match path {
        Some(p) => read_catalog(p),
        None => Catalog::builtin(),
    };
    catalog.map_err(|e| anyhow::anyhow!(catalog_error(&e, lang)).context(lang.cli().catalog_broken))
}

/// Reads a catalog file and checks it; the domain parses text and reads no file.
fn read_catalog(path: &Path) -> Result<Catalog, comuniq_order::domain::catalog::CatalogError> {
    let file = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => Catalog::from_bytes(&bytes, &file),
        Err(e) => Err(comuniq_order::domain::catalog::CatalogError::cannot_read(file, e.to_string())),
    }
}

/// A catalog error in `lang`: `file:line: key: problem`.
pub fn catalog_error(e: &comuniq_order::domain::catalog::CatalogError, lang: Lang) -> String {
    let file = if e.file == "catalog.toml (built in)" { lang.cli().catalog_builtin } else { e.file.as_str() };
    format!("{file}:{}: {}: {}", e.line, e.key, (lang.cli().catalog_problem)(&e.problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_file_is_read_here_and_refused_with_file_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        let e = read_catalog(&missing).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line, e.key.as_str()),
            (missing.display().to_string().as_str(), 1, "(top level)")
        );
        assert!(matches!(e.problem, comuniq_order::domain::catalog::CatalogProblem::CannotRead(_)), "{e}");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"[[portfolio]]\nid = \"x\"\nname = \"\xff\"\n").unwrap();
        let e = read_catalog(&bad).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(matches!(e.problem, comuniq_order::domain::catalog::CatalogProblem::NotUtf8 { .. }), "{e}");
    }
}
