//! The command line: parses the arguments and runs the command. One file per command;
//! [`paths`] knows where the data lives.

mod exit;
mod paths;
mod wizard;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use comuniq_order::domain::Catalog;
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
  comuniq-order demo                 the wizard on a demo database with realistic data
  comuniq-order demo --reset         the demo, seeded afresh
  comuniq-order --customer K-100123  the wizard with that customer preselected
  comuniq-order --db /srv/orders.db --lang en";

#[derive(Args)]
pub struct Common {
    /// The database file [default: orders.db in the user's data directory].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
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
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: after a hang-up stderr is gone, and a failed print must not panic.
            let _ = writeln!(std::io::stderr(), "comuniq-order: {e:#}");
            ExitCode::from(exit::code(&e))
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => wizard::run(&cli.common, false, false),
        Some(Command::Demo { reset }) => wizard::run(&cli.common, true, reset),
    }
}

/// The catalog: the built-in one, or `--catalog PATH`.
pub fn load_catalog(path: Option<&Path>) -> Result<Catalog> {
    let catalog = match path {
        Some(p) => Catalog::from_file(p),
        None => Catalog::builtin(),
    };
    catalog.context("the catalog is broken")
}
