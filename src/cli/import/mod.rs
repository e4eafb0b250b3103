//! `comuniq-order import KIND FILE.csv`: customers, users, extensions, number blocks and SIM
//! delivery notes from the operator's spreadsheets. Every row is checked with the wizard's
//! rules (`domain::rules`), against the database and within the file; then the whole file
//! is written in one transaction, or nothing is.

mod csv_file;
mod rows;

use super::{Common, Failure, load_catalog, out, paths};
use anyhow::Result;
use clap::{Args, ValueEnum};
use comuniq_order::domain::rules::text::for_terminal;
use comuniq_order::i18n::Lang;
use comuniq_order::i18n::fill;
use std::path::PathBuf;

/// Examples shown by `import --help`.
pub const EXAMPLES: &str = "Examples:
  comuniq-order import sims lieferschein.csv            add a SIM delivery note to the stock
  comuniq-order import numbers block.csv --dry-run      check a number block, write nothing
  comuniq-order import customers kunden.csv --db /srv/orders.db

Columns (a header row is required; any order; see the README):
  customers   number,name,city,dial_plan_len,area_code
  users       customer,username,first_name,last_name,email,language  [prefix]
  extensions  customer,number,name
  numbers     customer,number
  sims        iccid

Exit codes: 0 imported (or checked, with --dry-run), 1 rows refused by a rule (listed on
stderr as FILE:LINE: COLUMN VALUE: WHY; nothing written), 2 usage, 3 an unreadable or
malformed file, or a database error (nothing written).";

/// What the file holds.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Kind {
    Customers,
    Users,
    Extensions,
    Numbers,
    Sims,
}

impl Kind {
    /// The table the rows go into.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Users => "users",
            Kind::Extensions => "extensions",
            Kind::Numbers => "numbers",
            Kind::Sims => "sims",
        }
    }
}

/// Options of `import`.
#[derive(Args)]
pub struct ImportArgs {
    /// What the file holds.
    kind: Kind,
    /// The CSV file (UTF-8, comma-separated, a header row).
    file: PathBuf,
    /// Check every row; write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// A refused row: where, which column and value, and why.
pub struct RowError {
    pub line: u64,
    pub column: &'static str,
    pub value: String,
    pub message: String,
}

/// At most this many refused rows are listed; the count says how many there are.
const MAX_LISTED: usize = 200;

/// Runs `import`.
pub fn run(common: &Common, args: ImportArgs) -> Result<()> {
    let name = args.file.file_name().map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into());
    // The file's name is the operator's argument: escaped once, for every message.
    let name = for_terminal(&name).into_owned();
    let lang = super::lang(common);
    let texts = lang.texts();
    let catalog = load_catalog(common.catalog.as_deref(), lang)?;
    let mut store = paths::open_database(common.target.as_ref())?;
    let ctx = rows::Ctx { lang, catalog: &catalog };
    let outcome = rows::check_and_write(&mut store, &ctx, args.kind, &args.file, &name, args.dry_run)?;
    if outcome.errors > 0 {
        for e in &outcome.listed {
            // The value comes from the file: `warn` escapes what a terminal would obey.
            out::warn(&format!(
                "{name}:{}: {} {}: {}",
                e.line,
                e.column,
                for_terminal(&abbreviate(&e.value, lang)),
                e.message
            ));
        }
        if outcome.errors > outcome.listed.len() {
            out::warn(&format!(
                "{name}: {}",
                fill(texts.import_more, &[&(outcome.errors - outcome.listed.len()).to_string()])
            ));
        }
        let msg = format!("{name}: {}", (texts.import_refused)(outcome.rows, outcome.refused_rows, outcome.errors));
        return Err(Failure::Refused(msg).into());
    }
    if args.dry_run {
        out::say(&format!("{name}: {}", (texts.import_checked)(outcome.rows)))
    } else {
        out::say(&format!("{name}: {}", (texts.import_done)(outcome.rows)))
    }
}

/// A long value shortened for the message, as an operator would read it off the
/// delivery note: `8949…123`.
fn abbreviate(value: &str, lang: Lang) -> String {
    let chars: Vec<char> = value.chars().collect();
    if value.is_empty() {
        return lang.cli().import_empty_value.to_string();
    }
    if chars.len() <= 12 {
        return value.to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 3..].iter().collect();
    format!("{head}…{tail}")
}
