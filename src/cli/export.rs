//! `comuniq-order orders` and `comuniq-order invoice-items`: the orders and their invoice
//! items as a table, CSV or JSON. Amounts in cents in CSV and JSON, in euros in the table.
//! No PIN or PIN hash: the store's export queries never read them.

use super::{Common, out, paths};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use comuniq_order::domain::Field;
use comuniq_order::domain::lifecycle::{CancelReason, OrderState, OrderStatus};
use comuniq_order::domain::rules::text::for_terminal;
use comuniq_order::i18n::{Lang, Texts};
use comuniq_order::store::{ExportFilter, InvoiceItemExport, OrderExport};
use std::io::Write;

/// Examples shown by `orders --help` and `invoice-items --help`.
pub const EXAMPLES: &str = "Examples:
  comuniq-order orders                                    every order, as a table
  comuniq-order orders --customer K-100123 --state pending
  comuniq-order orders --since 2026-11-01 --format csv > orders.csv
  comuniq-order invoice-items --since 2026-11-01 --format json

Amounts: cents in CSV and JSON (amount_cents), euros in the table. No PIN, ever.
Exit codes: 0 ok (also when nothing matches), 2 usage, 3 a database error.";

/// How to print the rows.
#[derive(Clone, Copy, Debug, ValueEnum, Default)]
pub enum Format {
    /// Aligned columns for reading; amounts in euros.
    #[default]
    Table,
    /// CSV with a header row; amounts in cents.
    Csv,
    /// A JSON array of objects; amounts in cents.
    Json,
}

/// Filters and format shared by both exports. The customer filter is the global
/// `--customer K-…`.
#[derive(Args)]
pub struct ExportArgs {
    /// Only orders in this state.
    #[arg(long, value_parser = ["pending", "active", "cancelled"])]
    state: Option<String>,
    /// Only orders placed on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn filter(common: &Common, args: &ExportArgs) -> ExportFilter {
    ExportFilter { customer: common.customer.clone(), state: args.state.clone(), since: args.since }
}

/// Runs `orders`.
pub fn orders(common: &Common, args: ExportArgs) -> Result<()> {
    let store = paths::open_existing_database(common.target.as_ref())?;
    super::focus_customer(&store, common, super::lang(common))?;
    let rows: Vec<OrderExport> =
        store.export_orders(&filter(common, &args)).context(super::lang(common).cli().reading_orders)?;
    match args.format {
        Format::Csv => write_csv(&rows),
        Format::Json => write_json(&rows),
        Format::Table => {
            // For reading: states and reasons in the UI language (CSV and JSON keep the ids).
            let t = ui_lang(common).texts();
            let cells = rows
                .iter()
                .map(|o| {
                    vec![
                        o.order_no.clone(),
                        o.created_at.clone(),
                        o.customer.clone(),
                        o.username.clone(),
                        o.voice.clone(),
                        o.texts.get(Field::Reference).to_string(),
                        state_text(t, &o.state, o.waits_for_sim, o.waits_for_port),
                        o.cancel_reason
                            .as_deref()
                            .and_then(CancelReason::parse)
                            .map(t.cancel_reason)
                            .unwrap_or("")
                            .into(),
                        o.number.clone(),
                    ]
                })
                .collect();
            write_table(&t.export_orders_header, cells)
        }
    }
}

/// Runs `invoice-items`.
pub fn invoice_items(common: &Common, args: ExportArgs) -> Result<()> {
    let store = paths::open_existing_database(common.target.as_ref())?;
    super::focus_customer(&store, common, super::lang(common))?;
    let rows: Vec<InvoiceItemExport> =
        store.export_invoice_items(&filter(common, &args)).context(super::lang(common).cli().reading_invoice_items)?;
    match args.format {
        Format::Csv => write_csv(&rows),
        Format::Json => write_json(&rows),
        Format::Table => {
            let lang = ui_lang(common);
            let t = lang.texts();
            let cells = rows
                .iter()
                .map(|i| {
                    vec![
                        i.order_no.clone(),
                        i.customer.clone(),
                        state_text(t, &i.state, false, false),
                        i.product.clone(),
                        i.text.clone(),
                        lang.money(i.amount_cents),
                        if i.charge == "monthly" { t.monthly } else { t.one_time }.to_string(),
                        i.start_date.clone(),
                        i.end_date.clone().unwrap_or_default(),
                        i.term_months.to_string(),
                    ]
                })
                .collect();
            write_table(&t.export_items_header, cells)
        }
    }
}

/// The language of the table: `--lang`, else `LANG`.
fn ui_lang(common: &Common) -> Lang {
    Lang::pick(common.lang.as_deref(), std::env::var("LANG").ok().as_deref())
}

/// A stored state as the overview names it (with what a pending order waits for); an
/// unknown name as it is.
fn state_text(t: &Texts, state: &str, waits_for_sim: bool, waits_for_port: bool) -> String {
    match OrderState::parse(state) {
        Some(OrderState::Pending) if waits_for_sim || waits_for_port => (t.state_label)(OrderStatus {
            state: OrderState::Pending,
            waits_for_sim,
            waits_for_port,
            auto_invoice: false,
            invoiced: false,
        })
        .to_string(),
        Some(s) => (t.state_name)(s).to_string(),
        None => state.to_string(),
    }
}

/// CSV with a header row from the field names (serde), to stdout: exact into a file or a
/// pipe, with control characters escaped when stdout is a terminal.
fn write_csv<T: serde::Serialize>(rows: &[T]) -> Result<()> {
    let terminal = out::stdout_is_terminal();
    let mut csv_out = csv::Writer::from_writer(std::io::stdout().lock());
    // serde gives the header from the field names; each record is re-serialised as its
    // fields, so every value goes through the one escaping function.
    let mut header_done = false;
    for row in rows {
        let mut fields = csv::Writer::from_writer(Vec::new());
        fields.serialize(row).context(paths::lang().cli().writing_csv)?;
        let bytes = fields.into_inner().map_err(|e| anyhow::anyhow!("{}: {e}", paths::lang().cli().writing_csv))?;
        let mut records = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
        for (i, record) in records.records().enumerate() {
            let record = record.context(paths::lang().cli().writing_csv)?;
            // The first record of the first row is the header, written once.
            if i == 0 && header_done {
                continue;
            }
            csv_out
                .write_record(record.iter().map(|f| out::csv_field(f, terminal).into_owned()))
                .context(paths::lang().cli().writing_csv)?;
        }
        header_done = true;
    }
    csv_out.flush().context(paths::lang().cli().writing_csv)?;
    Ok(())
}

fn write_json<T: serde::Serialize>(rows: &[T]) -> Result<()> {
    out::json(&rows)
}

/// Columns padded to their widest cell.
fn write_table(header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    // Cells come from the database: each is made safe for the terminal, and a tab or a
    // line break in one stays inside its cell as `\u{9}`.
    let rows: Vec<Vec<String>> =
        rows.into_iter().map(|row| row.iter().map(|c| for_terminal(c).into_owned()).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = std::io::stdout().lock();
    let line = |cells: Vec<String>| -> String {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(header.iter().map(|h| h.to_string()).collect()))
        .context(paths::lang().cli().writing_table)?;
    for row in rows {
        writeln!(out, "{}", line(row)).context(paths::lang().cli().writing_table)?;
    }
    Ok(())
}
