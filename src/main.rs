//! The command line: opens the catalog and the database, then starts the terminal wizard
//! (on the real database, or on the demo).

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::i18n::Lang;
use comuniq_order::runner::{Runner, wall_clock};
use comuniq_order::store::Store;
use comuniq_order::tui::{self, App};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Order COMuniq ONE users with a mobile phone, in the terminal.
#[derive(Parser)]
#[command(version, about, after_help = EXAMPLES)]
struct Cli {
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
struct Common {
    /// The database file [default: orders.db in the user's data directory].
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A catalog file instead of the built-in catalog.toml.
    #[arg(long, global = true, value_name = "PATH")]
    catalog: Option<PathBuf>,
    /// Language of the interface: de or en [default: from LANG, else de].
    #[arg(long, global = true, value_parser = ["de", "en"])]
    lang: Option<String>,
    /// Open with this customer in focus (customer number, e.g. K-100123).
    #[arg(long, global = true, value_name = "NUMBER")]
    customer: Option<String>,
    /// The operator recorded with each order [default: the OS user].
    #[arg(long, global = true, value_name = "NAME")]
    operator: Option<String>,
    /// Pretend today is this date (YYYY-MM-DD), for demos and reproducible walkthroughs.
    #[arg(long, global = true, value_name = "DATE", hide = true)]
    today: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum Command {
    /// The wizard on a demo database (created and seeded on first use, apart from the real one).
    Demo {
        /// Throw the demo database away and seed it afresh.
        #[arg(long)]
        reset: bool,
    },
}

/// Exit codes: 0 ok, 2 usage (clap), 3 a data or file error.
const EXIT_DATA: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("comuniq-order: {e:#}");
            ExitCode::from(EXIT_DATA)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let common = cli.common;
    // Refuse before touching any file: a pipe or a dumb terminal would get escape codes.
    if !std::io::stdout().is_terminal() || std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        bail!("needs an interactive terminal (stdout is not a terminal, or TERM=dumb)");
    }
    let catalog = Arc::new(load_catalog(common.catalog.as_deref())?);
    let (mut store, demo_mode) = match cli.command {
        Some(Command::Demo { reset }) => (open_demo(common.db.as_deref(), reset)?, true),
        None => {
            let path = match common.db.clone() {
                Some(p) => p,
                None => data_dir()?.join("orders.db"),
            };
            (Store::open(&path).with_context(|| format!("opening {}", path.display()))?, false)
        }
    };
    let lang = Lang::pick(common.lang.as_deref(), std::env::var("LANG").ok().as_deref());
    let today = common.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let customers = Arc::new(store.customers().context("reading the customers")?);
    let open_customer = match common.customer.as_deref() {
        Some(number) => Some(
            customers
                .iter()
                .find(|c| c.number.eq_ignore_ascii_case(number))
                .map(|c| c.id)
                .with_context(|| format!("no customer with number {number}"))?,
        ),
        None => None,
    };
    let label = store.path().display().to_string();
    let mut app = App::new(catalog, customers, today, lang)
        .with_open_customer(open_customer)
        .with_database_label(label, demo_mode);
    let operator = common.operator.unwrap_or_else(os_user);
    let mut runner = Runner::new(&mut store, operator, wall_clock);
    tui::run(&mut app, &mut |effect| runner.handle(effect))
}

fn load_catalog(path: Option<&Path>) -> Result<Catalog> {
    let catalog = match path {
        Some(p) => Catalog::from_file(p),
        None => Catalog::builtin(),
    };
    catalog.context("the catalog is broken")
}

/// The program's folder in the user's data directory (XDG: ~/.local/share/comuniq-order).
fn data_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("comuniq-order"))
        .context("no data directory: set HOME or XDG_DATA_HOME, or pass --db")
}

/// Opens the demo database, seeding it on first use or with `--reset`.
fn open_demo(db: Option<&Path>, reset: bool) -> Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => data_dir()?.join("demo.db"),
    };
    // --reset deletes a file: only ever one that is plainly a demo database.
    let is_demo_file = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("demo"));
    if reset && !is_demo_file {
        bail!("--reset only deletes demo databases (a file name containing \"demo\"), not {}", path.display());
    }
    if reset {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("removing {}", file.display()));
                }
                _ => {}
            }
        }
    }
    let mut store = Store::open(&path).with_context(|| format!("opening {}", path.display()))?;
    if store.counts().context("reading the demo database")?.customers == 0 {
        let data = demo::generate(demo::DEMO_SEED, demo::DEMO_CUSTOMERS);
        store.seed(&data).context("seeding the demo database")?;
    }
    Ok(store)
}

/// The OS user, recorded as the operator.
fn os_user() -> String {
    std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "operator".to_string())
}
