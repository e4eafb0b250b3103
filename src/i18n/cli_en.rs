//! English texts of the command line.

use super::CliTexts;

pub static CLI: CliTexts = CliTexts {
    order_placed: "placed {0} ({1})",
    order_valid_dry_run: "valid: nothing written (--dry-run)",
    order_active: "active",
    order_pending: "pending: {0}",
    pending_sim: "SIM card",
    pending_porting: "porting",
    warning_line: "warning: {0}",
    reading_database: "reading the database: {0}",
    writing_order: "writing the order: {0}",
    pin_prompt: "PIN (4 to 6 digits, not shown; Enter to finish): ",
    cancelled: "cancelled",
    reading: "reading {0}",
    opening: "opening {0}",
    removing: "removing {0}",
    reading_customers: "reading the customers",
    reading_orders: "reading the orders",
    reading_invoice_items: "reading the invoice items",
    reading_pin: "reading the PIN",
    restoring_terminal: "restoring the terminal",
    pruning_drafts: "pruning old drafts",
    reading_demo: "reading the demo database",
    seeding_demo: "seeding the demo database",
    placing_demo_orders: "placing the demo's sample orders",
    no_data_dir: "no data directory: set HOME or XDG_DATA_HOME, or pass --db",
    no_such_order: "no order {0}",
    needs_terminal: "needs an interactive terminal (stdout is not a terminal, or TERM=dumb)",
    demo_reset_refused: "--reset only deletes demo databases (a file name containing \"demo\"), not {0}",
    catalog_broken: "the catalog is broken",
    catalog_ok: "{0}: ok",
    catalog_builtin: "catalog.toml (built in)",
    catalog_counts: |[p, t, s, n, d, l]| {
        format!("portfolios {p}, terms {t}, SIM options {s}, number types {n}, donors {d}, languages {l}")
    },
    catalog_per_tier: "products per tier:",
    catalog_tier: |data, sms, addons| format!("data {data}, SMS {sms}, add-ons {addons}"),
    catalog_rules: |addons, requires, excludes| {
        format!("add-ons {addons}\nrules: {requires} requires, {excludes} excludes")
    },
    catalog_problem: |p| p.to_string(),
    hang_up: "the terminal went away; the order is kept as a draft",
    stopped_by_signal: "stopped by signal {0}; the order is kept as a draft",
    internal_error: "internal error ({0}); {1}; details in {2}",
    draft_kept: "the order is kept as a draft",
    draft_not_saved: "the draft could not be saved",
    db_error: "database error: {0}",
    bad_draft: "draft: {0}",
    import_nothing_written: "nothing written",
    import_empty_value: "(empty)",
    csv_empty: "the file is empty: expected a header row ({0})",
    csv_cannot_read: "cannot read: {0}",
    csv_width: |found, header| {
        let cols = if found == 1 { "column" } else { "columns" };
        format!("{found} {cols}, but the header has {header}")
    },
    csv_too_long: "the line is longer than {0} bytes",
    csv_not_utf8: "column {0}: not UTF-8 text at byte offset {1} of the file (save the file as UTF-8)",
    csv_unclosed_quote: "column {0}: a quote (\") opened on this line is never closed",
    csv_after_quote: "column {0}: text after a closing quote (write a quote inside a quoted field as \"\")",
    csv_line_break: "column {0}: a line break (CR) inside a field: is a quote (\") not closed?",
    csv_unknown_column: "unknown column {0}: the header row must name the columns {1}{2} (a missing header row looks like this too)",
    csv_optional: " and optionally {0}",
    csv_twice: "column {0} appears twice",
    csv_missing: "missing column {0}: the header row must name {1}",
};
