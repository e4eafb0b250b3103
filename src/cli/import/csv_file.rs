//! Reading an import file: CSV with a header row, every malformed case refused with a
//! message (never a panic), before any row is checked or written.

use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::Path;

/// The longest line an import takes. Real rows are under 300 bytes; a longer one is a
/// broken export (a quote that never closes swallows the rest of the file).
pub const MAX_LINE: usize = 4096;

/// One data row: its line in the file and its fields by column name (trimmed).
pub struct Row {
    pub line: u64,
    fields: Vec<String>,
    columns: std::rc::Rc<HashMap<String, usize>>,
}

impl Row {
    /// The value of a column; empty when the column is optional and absent.
    pub fn get(&self, column: &str) -> &str {
        self.columns.get(column).and_then(|i| self.fields.get(*i)).map_or("", String::as_str)
    }
}

/// Reads `path` as CSV whose header names exactly `required` plus any of `optional`, in
/// any order. The file's display name goes into every message.
pub fn read(path: &Path, name: &str, required: &[&str], optional: &[&str]) -> Result<Vec<Row>> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
    // A spreadsheet's UTF-8 export often starts with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!("{name}: the file is empty: expected a header row ({})", required.join(","));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let columns = std::rc::Rc::new(header(&mut reader, name, required, optional)?);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => bail!("{}", csv_error(name, &e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        check_record(name, line, &record, &columns)?;
        rows.push(Row {
            line,
            fields: record.iter().map(|f| f.trim().to_string()).collect(),
            columns: columns.clone(),
        });
    }
    Ok(rows)
}

/// The header row, checked: every required column, nothing unknown, none twice.
fn header(
    reader: &mut csv::Reader<&[u8]>,
    name: &str,
    required: &[&str],
    optional: &[&str],
) -> Result<HashMap<String, usize>> {
    let header = reader.headers().map_err(|e| anyhow::anyhow!("{}", csv_error(name, &e)))?.clone();
    if header.as_byte_record().as_slice().len() > MAX_LINE {
        bail!("{name}:1: the header line is longer than {MAX_LINE} bytes");
    }
    let mut columns = HashMap::new();
    for (i, column) in header.iter().enumerate() {
        let column = column.trim().to_ascii_lowercase();
        if !required.contains(&column.as_str()) && !optional.contains(&column.as_str()) {
            bail!(
                "{name}:1: unknown column {column:?}: the header row must name the columns {}{} \
                 (a missing header row looks like this too)",
                required.join(","),
                if optional.is_empty() { String::new() } else { format!(" and optionally {}", optional.join(",")) }
            );
        }
        if columns.insert(column.clone(), i).is_some() {
            bail!("{name}:1: column {column:?} appears twice");
        }
    }
    if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
        bail!("{name}:1: missing column {missing:?}: the header row must name {}", required.join(","));
    }
    Ok(columns)
}

/// Refuses a line that is too long or a field that spans lines (an unbalanced quote).
fn check_record(name: &str, line: u64, record: &csv::StringRecord, columns: &HashMap<String, usize>) -> Result<()> {
    if record.as_byte_record().as_slice().len() > MAX_LINE {
        bail!("{name}:{line}: the line is longer than {MAX_LINE} bytes");
    }
    for (column, i) in columns {
        if record.get(*i).is_some_and(|f| f.contains(['\n', '\r'])) {
            bail!("{name}:{line}: {column}: a line break inside a field: is a quote (\") not closed?");
        }
    }
    Ok(())
}

/// A CSV error in the file's terms: the line, and what is wrong.
fn csv_error(name: &str, e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => {
            let line = pos.as_ref().map_or(0, csv::Position::line);
            format!("{name}:{line}: {len} columns, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            let line = pos.as_ref().map_or(0, csv::Position::line);
            format!("{name}:{line}: column {}: not UTF-8 text (save the file as UTF-8)", err.field() + 1)
        }
        _ => format!("{name}: {e}"),
    }
}
