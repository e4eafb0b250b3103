//! `comuniq-order catalog check [FILE]`: the start-up checks of the catalog, on demand.

use super::{Common, load_catalog};
use anyhow::Result;
use clap::Subcommand;
use comuniq_order::domain::Catalog;
use comuniq_order::i18n::{Lang, fill};
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
    let lang = super::lang(common);
    let catalog = load_catalog(path.as_deref(), lang)?;
    let name = path.map_or_else(|| lang.cli().catalog_builtin.to_string(), |p| p.display().to_string());
    // Ids and the file name come from the file and the command line: `say` escapes them.
    super::out::say(summary(&name, &catalog, lang).trim_end())
}

/// What the catalog offers: products per voice product (tier), add-ons and their rules.
pub fn summary(name: &str, c: &Catalog, lang: Lang) -> String {
    let t = lang.cli();
    let mut out = format!("{}\n", fill(t.catalog_ok, &[name]));
    let counts = [
        c.portfolios.len(),
        c.terms.len(),
        c.sim_options.len(),
        c.number_types.len(),
        c.donors.len(),
        c.languages.len(),
    ];
    out.push_str(&format!("{}\n{}\n", (t.catalog_counts)(counts), t.catalog_per_tier));
    for v in &c.voices {
        let tier = (t.catalog_tier)(c.data_for(&v.id).count(), c.sms_for(&v.id).count(), c.addons_for(&v.id).count());
        out.push_str(&format!("  {:<14} {tier}\n", v.id));
    }
    let requires: usize = c.addons.iter().map(|a| a.requires.len()).sum();
    let excludes: usize = c.addons.iter().map(|a| a.excludes.len()).sum();
    out.push_str(&format!("{}\n", (t.catalog_rules)(c.addons.len(), requires, excludes)));
    out
}
