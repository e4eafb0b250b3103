//! `comuniq-order catalog check [FILE]`: the start-up checks of the catalog, on demand.

use super::{Common, load_catalog};
use anyhow::Result;
use clap::Subcommand;
use comuniq_order::domain::Catalog;
use std::path::PathBuf;

/// Examples shown by `catalog --help`.
pub const EXAMPLES: &str = "Examples:
  comuniq-order catalog check                  the built-in catalog (or --catalog PATH)
  comuniq-order catalog check my-catalog.toml  a changed catalog, before putting it to use

Exit codes: 0 the catalog is fine, 3 it is broken or unreadable (file, line and key on stderr).";

/// What to do with the catalog.
#[derive(Subcommand)]
pub enum Action {
    /// Check a catalog with the same checks as at start-up and print a summary.
    #[command(after_help = EXAMPLES)]
    Check {
        /// The catalog file [default: --catalog PATH, else the built-in catalog].
        file: Option<PathBuf>,
    },
}

/// Runs `catalog check`.
pub fn run(common: &Common, action: Action) -> Result<()> {
    let Action::Check { file } = action;
    let path = file.or_else(|| common.catalog.clone());
    // The same loader as the wizard's start-up: the same checks, the same messages.
    let catalog = load_catalog(path.as_deref())?;
    let name = path.map_or_else(|| "catalog.toml (built in)".to_string(), |p| p.display().to_string());
    // Ids and the file name come from the file and the command line: `say` escapes them.
    super::out::say(summary(&name, &catalog).trim_end())
}

/// What the catalog offers: products per voice product (tier), add-ons and their rules.
pub fn summary(name: &str, c: &Catalog) -> String {
    let mut out = format!("{name}: ok\n");
    out.push_str(&format!(
        "portfolios {}, terms {}, SIM options {}, number types {}, donors {}, languages {}\n",
        c.portfolios.len(),
        c.terms.len(),
        c.sim_options.len(),
        c.number_types.len(),
        c.donors.len(),
        c.languages.len()
    ));
    out.push_str("products per tier:\n");
    for v in &c.voices {
        out.push_str(&format!(
            "  {:<14} data {}, SMS {}, add-ons {}\n",
            v.id,
            c.data_for(&v.id).count(),
            c.sms_for(&v.id).count(),
            c.addons_for(&v.id).count()
        ));
    }
    let requires: usize = c.addons.iter().map(|a| a.requires.len()).sum();
    let excludes: usize = c.addons.iter().map(|a| a.excludes.len()).sum();
    out.push_str(&format!("add-ons {}\nrules: {requires} requires, {excludes} excludes\n", c.addons.len()));
    out
}
