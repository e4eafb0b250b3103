//! The command line's own texts (results, refusals, errors reaching `main`), German and
//! English: one struct, so a text missing in one language is a compile error.

use crate::domain::catalog::CatalogProblem;
use crate::domain::integrity::Invariant;

/// The texts of the command line in one language. `{0}`, `{1}` are filled by
/// [`super::fill`].
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct CliTexts {
    /// `order`: `{0}` the order number, `{1}` its state.
    pub order_placed: &'static str,
    pub order_valid_dry_run: &'static str,
    pub order_active: &'static str,
    /// `{0}` what the order waits for.
    pub order_pending: &'static str,
    pub pending_sim: &'static str,
    pub pending_porting: &'static str,
    /// A warning line: `{0}` the warning.
    pub warning_line: &'static str,
    /// `{0}` the database's message.
    pub reading_database: &'static str,
    pub writing_order: &'static str,
    pub pin_prompt: &'static str,
    pub cancelled: &'static str,
    /// `{0}` a file or what is read.
    pub reading: &'static str,
    pub opening: &'static str,
    pub removing: &'static str,
    pub reading_customers: &'static str,
    pub reading_orders: &'static str,
    pub reading_invoice_items: &'static str,
    pub reading_pin: &'static str,
    pub restoring_terminal: &'static str,
    pub pruning_drafts: &'static str,
    pub reading_demo: &'static str,
    pub seeding_demo: &'static str,
    pub placing_demo_orders: &'static str,
    pub no_data_dir: &'static str,
    /// A write to stdout failed (a full disk; a closed pipe ends quietly instead).
    pub writing_stdout: &'static str,
    pub writing_json: &'static str,
    pub writing_csv: &'static str,
    pub writing_table: &'static str,
    /// `sim link`: `{0}` the order asked for.
    pub no_such_order: &'static str,
    /// The wizard's start on a pipe or a dumb terminal.
    pub needs_terminal: &'static str,
    /// `demo --reset` on a file that is no demo database: `{0}` the file.
    pub demo_reset_refused: &'static str,
    /// Context of a catalog error.
    pub catalog_broken: &'static str,
    /// `catalog check`: `{0}` the file.
    pub catalog_ok: &'static str,
    pub catalog_builtin: &'static str,
    /// portfolios, terms, SIM options, number types, donors, languages.
    pub catalog_counts: fn([usize; 6]) -> String,
    pub catalog_per_tier: &'static str,
    /// data, SMS, add-ons of one tier.
    pub catalog_tier: fn(data: usize, sms: usize, addons: usize) -> String,
    /// add-ons, requires, excludes.
    pub catalog_rules: fn(addons: usize, requires: usize, excludes: usize) -> String,
    /// A catalog problem, worded.
    pub catalog_problem: fn(&CatalogProblem) -> String,
    /// The full screen stopped: the terminal went away (followed by [`Self::draft_kept`]
    /// when an order's draft is kept).
    pub hang_up: &'static str,
    /// `{0}` the signal number (followed by [`Self::draft_kept`] when a draft is kept).
    pub stopped_by_signal: &'static str,
    /// `{0}` the panic's message, `{1}` the draft's fate, `{2}` the log file.
    pub internal_error: &'static str,
    pub draft_kept: &'static str,
    pub draft_not_saved: &'static str,
    /// Generic database error: `{0}` the engine's words.
    pub db_error: &'static str,
    /// `{0}` the database path that does not exist.
    pub db_missing: &'static str,
    /// `{0}` why a draft can't be used.
    pub bad_draft: &'static str,
    /// What an order refers to is not in the database: `{0}` one of the four below.
    pub not_found: &'static str,
    /// `{0}` the customer's id.
    pub missing_customer: &'static str,
    /// `{0}` the user's id.
    pub missing_user: &'static str,
    /// `{0}` the ICCID.
    pub missing_sim: &'static str,
    /// `{0}` the number (E.164).
    pub missing_number: &'static str,
    /// An action on an order that is gone from the database.
    pub order_gone: &'static str,
    /// *SIM verbinden* without a SIM chosen (the screens never ask it so).
    pub no_sim_chosen: &'static str,
    /// *Stornieren* without its reason (the screens never ask it so).
    pub cancel_needs_reason: &'static str,
    /// `import`.
    pub import_nothing_written: &'static str,
    pub import_empty_value: &'static str,
    /// `{0}` the required columns.
    pub csv_empty: &'static str,
    /// `{0}` the error.
    pub csv_cannot_read: &'static str,
    /// fields in the row, fields in the header.
    pub csv_width: fn(found: usize, header: usize) -> String,
    /// `{0}` the longest line in bytes.
    pub csv_too_long: &'static str,
    /// `{0}` column, `{1}` byte offset.
    pub csv_not_utf8: &'static str,
    /// `{0}` column.
    pub csv_unclosed_quote: &'static str,
    pub csv_after_quote: &'static str,
    pub csv_line_break: &'static str,
    /// `{0}` the column, `{1}` the required columns, `{2}` the optional part (or empty).
    pub csv_unknown_column: &'static str,
    /// `{0}` the optional columns.
    pub csv_optional: &'static str,
    pub csv_twice: &'static str,
    /// `{0}` the column, `{1}` the required columns.
    pub csv_missing: &'static str,
    /// `--db ""`: `{0}` the option (`--db`, `--from`, `--to`).
    pub db_target_empty: &'static str,
    /// A password in `--db`: `{0}` the database without credentials, `{1}` the option.
    pub db_password_given: &'static str,
    /// `{0}` the client library's reason (names the option, never its value), `{1}` the
    /// option.
    pub db_target_invalid: &'static str,
    /// `{0}` the `PG*` variable.
    pub db_bad_variable: &'static str,
    /// `{0}` the database (host and name), `{1}` the reason.
    pub db_connect_failed: &'static str,
    /// `{0}` the database (host and name), `{1}` the server's message.
    pub db_server_refused: &'static str,
    /// Why no password was found: `{0}` the password file.
    pub db_pgpass_missing: &'static str,
    /// `{0}` the password file, which others may read.
    pub db_pgpass_loose: &'static str,
    /// `{0}` the password file, `{1}` host:port:database:user looked for.
    pub db_pgpass_no_line: &'static str,
    /// `{0}` the PostgreSQL database, `{1}` one of the other program's tables in it.
    pub db_foreign: &'static str,
    /// `db copy`: `{0}` what `--from` names.
    pub copy_from_not_sqlite: &'static str,
    /// `{0}` what `--to` names.
    pub copy_to_not_postgres: &'static str,
    /// `{0}` the file, `{1}` its schema version, `{2}` the program's.
    pub copy_source_version: &'static str,
    /// `{0}` the database, `{1}` a table with rows.
    pub copy_not_empty: &'static str,
    /// `{0}` the table, `{1}` what differs.
    pub copy_shape: &'static str,
    /// `{0}` the table, `{1}` the row, `{2}` the column.
    pub copy_value: &'static str,
    /// `{0}` the file, `{1}` the database.
    pub copy_done: &'static str,
    /// `{0}` the table, `{1}` its rows.
    pub copy_table: &'static str,
    /// `db check`: `{0}` the database.
    pub check_database: &'static str,
    /// customers, users, orders pending/active/cancelled, SIMs free/assigned, numbers
    /// free/assigned, extensions, invoice items, drafts.
    pub check_counts: fn([i64; 12]) -> String,
    /// SQLite, sound: `{0}` the number of rules across tables.
    pub check_sound_sqlite: &'static str,
    /// PostgreSQL, sound: `{0}` the number of rules across tables.
    pub check_sound_postgres: &'static str,
    /// `{0}` a line of SQLite's `quick_check`.
    pub check_damage: &'static str,
    /// `{0}` the table, `{1}` the row, `{2}` the table it refers to.
    pub check_dangling: &'static str,
    /// `{0}` the rule, `{1}` the table, `{2}` how many rows, `{3}` the first ids.
    pub check_broken: &'static str,
    /// The command's error after the findings.
    pub check_failed: &'static str,
    /// A rule across tables, worded.
    pub invariant: fn(Invariant) -> &'static str,
}

#[cfg(test)]
mod tests {
    use super::super::Lang;
    use crate::domain::catalog::CatalogProblem;

    /// Every catalog problem has words in both languages, and they differ (the German is
    /// no copy of the English).
    #[test]
    fn every_catalog_problem_has_text_in_both_languages() {
        let examples = CatalogProblem::examples();
        assert_eq!(examples.len(), 23, "a new variant needs an example here and words in cli_de.rs");
        for p in &examples {
            let de = (Lang::De.cli().catalog_problem)(p);
            let en = (Lang::En.cli().catalog_problem)(p);
            assert!(!de.is_empty() && !en.is_empty(), "{p:?}");
            assert_ne!(de, en, "{p:?}");
        }
        let de = (Lang::De.cli().catalog_problem)(&CatalogProblem::UnknownAddon("x".into()));
        assert_eq!(de, "unbekanntes Add-on „x“");
    }

    #[test]
    fn counted_texts_have_singular_and_plural() {
        assert_eq!((Lang::De.cli().csv_width)(1, 2), "1 Spalte, die Kopfzeile hat aber 2");
        assert_eq!((Lang::De.cli().csv_width)(3, 2), "3 Spalten, die Kopfzeile hat aber 2");
        assert_eq!((Lang::En.cli().csv_width)(1, 2), "1 column, but the header has 2");
        assert_eq!((Lang::En.cli().csv_width)(3, 2), "3 columns, but the header has 2");
    }
}
