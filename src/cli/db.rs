//! `comuniq-order db copy` and `db check`: a SQLite database moved into PostgreSQL, and a
//! database of either engine counted and checked.

use super::{Common, Failure, out, paths};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use comuniq_order::domain::integrity::Invariant;
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::{self, CheckReport, DbTarget};
use std::ffi::OsString;

/// Examples shown by `db --help`.
pub const EXAMPLES: &str = "Examples:
  comuniq-order db copy --from orders.db --to postgres://order@db.example/orders
  comuniq-order db copy --to 'host=db.example dbname=orders user=order'   (from --db, else orders.db)
  comuniq-order db check                                   the SQLite file (--db, else orders.db)
  comuniq-order db check --db postgres://order@db.example/orders

The password never goes on the command line: ~/.pgpass (mode 0600) or PGPASSWORD.
Exit codes: 0 ok; 1 db check found a problem, or db copy's target is not empty; 2 wrong usage
(also a password in --db, --from or --to); 3 a data error; 4-8 as for every command (7 also:
the PostgreSQL server could not be reached or refused the login).";

/// What to do with the database.
#[derive(Subcommand)]
pub enum DbCommand {
    /// Copy a SQLite database (every table, with its ids) into an empty PostgreSQL database,
    /// in one transaction; the SQLite file is only read.
    #[command(after_help = EXAMPLES)]
    Copy {
        /// The SQLite file [default: --db, else orders.db in the user's data directory].
        #[arg(long, value_name = "PATH")]
        from: Option<OsString>,
        /// The empty PostgreSQL database: postgres://user@host/dbname or host=… dbname=….
        #[arg(long, value_name = "URL")]
        to: OsString,
    },
    /// Count what the database holds and check its integrity, on SQLite or PostgreSQL.
    #[command(after_help = EXAMPLES)]
    Check,
}

/// Runs `db copy` or `db check`.
pub fn run(common: &Common, command: DbCommand) -> Result<()> {
    let lang = super::lang(common);
    match command {
        DbCommand::Copy { from, to } => copy(common, from, &to, lang),
        DbCommand::Check => check(common, lang),
    }
}

/// `db copy`: refuses a `--from` that is no SQLite file and a `--to` that is no PostgreSQL
/// database before anything is opened.
fn copy(common: &Common, from: Option<OsString>, to: &OsString, lang: Lang) -> Result<()> {
    let c = lang.cli();
    let from = match from {
        Some(value) => paths::target(&value, "--from")?,
        None => paths::database(common.target.as_ref())?,
    };
    let to = paths::target(to, "--to")?;
    let DbTarget::Sqlite(path) = &from else { bail!("{}", fill(c.copy_from_not_sqlite, &[&from.to_string()])) };
    let DbTarget::Postgres(pg) = &to else { bail!("{}", fill(c.copy_to_not_postgres, &[&to.to_string()])) };
    let copied = store::copy_to_postgres(path, pg)?;
    let mut lines = vec![fill(c.copy_done, &[&from.to_string(), &to.to_string()])];
    for table in copied {
        lines.push(fill(c.copy_table, &[&format!("{:<14}", table.table), &table.rows.to_string()]));
    }
    out::say(&lines.join("\n"))
}

/// `db check`: the counts and the findings on stdout; exit code 1 when something is wrong.
fn check(common: &Common, lang: Lang) -> Result<()> {
    let c = lang.cli();
    let target = paths::database(common.target.as_ref())?;
    let report = store::check_database(&target).with_context(|| fill(c.opening, &[&target.to_string()]))?;
    let mut lines = vec![fill(c.check_database, &[&target.to_string()])];
    lines.extend(report_lines(&report, matches!(target, DbTarget::Sqlite(_)), lang));
    out::say(&lines.join("\n"))?;
    if !report.is_sound() {
        return Err(Failure::Refused(c.check_failed.to_string()).into());
    }
    Ok(())
}

/// The counts, then "ok" or each finding, in `lang`.
fn report_lines(report: &CheckReport, sqlite: bool, lang: Lang) -> Vec<String> {
    let c = lang.cli();
    let n = &report.counts;
    let mut lines = vec![(c.check_counts)([
        n.customers,
        n.users,
        n.orders_pending,
        n.orders_active,
        n.orders_cancelled,
        n.sims_free,
        n.sims_assigned,
        n.numbers_free,
        n.numbers_assigned,
        n.extensions,
        n.invoice_items,
        n.drafts,
    ])];
    if report.is_sound() {
        let sound = if sqlite { c.check_sound_sqlite } else { c.check_sound_postgres };
        lines.push(fill(sound, &[&Invariant::ALL.len().to_string()]));
        return lines;
    }
    lines.extend(report.damage.iter().map(|d| fill(c.check_damage, &[d])));
    for d in &report.dangling {
        let row = d.row.map_or_else(|| "?".to_string(), |r| r.to_string());
        lines.push(fill(c.check_dangling, &[&d.table, &row, &d.parent]));
    }
    for b in &report.broken {
        let ids: Vec<String> = b.examples.iter().map(i64::to_string).collect();
        let more = if b.rows > b.examples.len() as i64 { ", …" } else { "" };
        let ids = format!("{}{more}", ids.join(", "));
        lines.push(fill(c.check_broken, &[(c.invariant)(b.rule), b.table, &b.rows.to_string(), &ids]));
    }
    lines
}
