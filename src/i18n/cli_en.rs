//! English texts of the command line.

use super::CliTexts;
use crate::domain::integrity::Invariant;

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
    writing_stdout: "writing to stdout",
    writing_json: "writing JSON",
    writing_csv: "writing CSV",
    writing_table: "writing the table",
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
    hang_up: "the terminal went away",
    stopped_by_signal: "stopped by signal {0}",
    internal_error: "internal error ({0}); {1}; details in {2}",
    draft_kept: "the order is kept as a draft",
    draft_not_saved: "the draft could not be saved",
    db_error: "database error: {0}",
    db_missing: "No database at {0}: this command only reads or changes an existing one and creates none. The wizard (comuniq-order without a command, with the same --db) or `comuniq-order import` creates it. Nothing was created.",
    bad_draft: "draft: {0}",
    not_found: "{0} not found; nothing was written",
    missing_customer: "customer #{0}",
    missing_user: "user #{0} of this customer",
    missing_sim: "SIM {0} in stock",
    missing_number: "number {0} in the customer's pool",
    order_gone: "The order is no longer in the database; nothing was written.",
    no_sim_chosen: "No SIM chosen; nothing was written.",
    cancel_needs_reason: "Cancelling needs a reason; nothing was written.",
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
    db_target_empty: "{0} is empty: give a file name or a PostgreSQL connection",
    db_password_given: "The password does not belong in {1} ({0}): it would stand in the process list and the shell history. Give {1} without it and put the password in ~/.pgpass (mode 0600; PGPASSFILE names another file) or pass it in the environment variable PGPASSWORD. Nothing was opened.",
    db_target_invalid: "{1} is no readable PostgreSQL connection: {0}",
    db_bad_variable: "the environment variable {0} has an unusable value",
    db_connect_failed: "cannot connect to {0}: {1}",
    db_server_refused: "{0}: the server refused: {1}",
    db_pgpass_missing: "no password: neither PGPASSWORD nor the password file {0}",
    db_pgpass_loose: "the password file {0} is not read because others may read it: chmod 600 {0}",
    db_pgpass_no_line: "no line of the password file {0} matches {1}",
    db_foreign: "{0} holds tables of another program ({1}) and none of comuniq-order's: nothing was changed. Give the program an empty database of its own (createdb -O ROLE NAME).",
    copy_from_not_sqlite: "--from must be a SQLite file, not {0}",
    copy_to_not_postgres: "--to must be a PostgreSQL database (postgres://user@host/dbname or host=… dbname=…), not the file {0}",
    copy_source_version: "{0} has schema version {1}, this program writes {2}: open it once with this program (comuniq-order db check --db {0}) to bring it up to date, then copy it. Nothing was copied.",
    copy_not_empty: "{0} is not empty (the table {1} has rows): db copy only fills an empty database. Nothing was copied.",
    copy_shape: "the table {0} differs between the two databases ({1}). Nothing was copied.",
    copy_value: "{0}, row {1}: the value of {2} does not fit the column. Nothing was copied.",
    copy_done: "copied {0} into {1}, in one transaction:",
    copy_table: "  {0} {1}",
    check_database: "database {0}",
    check_counts: |[
        customers,
        users,
        pending,
        active,
        cancelled,
        free,
        assigned,
        n_free,
        n_assigned,
        ext,
        items,
        drafts,
    ]| {
        let orders = pending + active + cancelled;
        format!(
            "  customers      {customers}\n  users          {users}\n  orders         {orders} (pending {pending}, active {active}, cancelled {cancelled})\n  SIMs           {} (free {free}, assigned {assigned})\n  numbers        {} (free {n_free}, assigned {n_assigned})\n  extensions     {ext}\n  invoice items  {items}\n  drafts         {drafts}",
            free + assigned,
            n_free + n_assigned
        )
    },
    check_sound_sqlite: "integrity: ok (every page, the foreign keys, {0} rules across tables)",
    check_sound_postgres: "integrity: ok ({0} rules across tables; PostgreSQL keeps the foreign keys itself)",
    check_damage: "damaged: {0}",
    check_dangling: "{0} row {1} refers to a row of {2} that does not exist",
    check_broken: "broken: {0} ({1}: {2} rows, ids {3})",
    check_failed: "the database has problems (listed above); restore it from a backup or have the broken rows put right",
    invariant: |rule| match rule {
        Invariant::AssignedSimHasItsOrder => {
            "an assigned SIM belongs to an order that is not cancelled and holds its ICCID"
        }
        Invariant::WaitingOrderHasNoSim => "an order waiting for a SIM has none",
        Invariant::OrderHasItsSim => {
            "an order that is neither cancelled nor waiting for a SIM has the SIM of its ICCID"
        }
        Invariant::NumberHasItsOrder => {
            "a number given to an order belongs to a live order of the same customer with that number"
        }
        Invariant::OrderHasItsNumber => "an order that is not cancelled has its number",
        Invariant::ExtensionHasItsOrder => {
            "an extension given to an order belongs to a live order of the same customer with that extension"
        }
        Invariant::OrderHasItsExtension => "an order that is not cancelled has its extension",
        Invariant::MobileLineHasItsOrder => "a user's mobile line is a live order of that user",
        Invariant::OrderIsItsUsersLine => "an order that is not cancelled is its user's mobile line",
        Invariant::UserOfTheCustomer => "an order's user belongs to the order's customer",
        Invariant::StateMatchesWaiting => "an order is pending exactly when it waits for a SIM or a porting",
        Invariant::HistoryEndsInState => "an order's history ends in the order's state",
        Invariant::InvoiceItemOfTheCustomer => "an invoice item is billed to its order's customer",
        Invariant::SimStateMatchesOrder => "a free SIM belongs to no order, an assigned one to an order",
    },
};
