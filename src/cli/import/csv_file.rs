//! Reading an import file: CSV with a header row, one row a line, read as a stream (a
//! million rows take no more memory than ten). Every malformed case is refused with the
//! line it is on (never a panic): line endings `\n` or `\r\n` alike, a quote never closed
//! (with the line it opened on), text that is not UTF-8 (with its byte offset).
//!
//! A field can't span lines: a line break inside a field is a quote left open in a
//! spreadsheet's export, so each line is parsed on its own.

use anyhow::{Result, bail};
use comuniq_order::i18n::{CliTexts, fill};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// The longest line an import takes. Real rows are under 300 bytes; a longer one is a
/// broken export (a quote that never closes swallows the rest of the file).
pub const MAX_LINE: usize = 4096;

/// One data row: its line in the file and its fields by column name (trimmed).
#[derive(Clone)]
pub struct Row {
    pub line: u64,
    fields: Vec<String>,
    columns: Rc<HashMap<String, usize>>,
}

impl Row {
    /// The value of a column; empty when the column is optional and absent.
    pub fn get(&self, column: &str) -> &str {
        self.columns.get(column).and_then(|i| self.fields.get(*i)).map_or("", String::as_str)
    }
}

/// An open import file, positioned after its header row.
pub struct CsvFile<R> {
    input: R,
    name: String,
    /// The line last read (1-based).
    line: u64,
    /// The byte offset of the next line's start.
    offset: u64,
    buf: Vec<u8>,
    columns: Rc<HashMap<String, usize>>,
    width: usize,
    /// The language of the messages.
    texts: &'static CliTexts,
}

/// Opens `path` as CSV whose header names exactly `required` plus any of `optional`, in
/// any order. The file's display name goes into every message.
pub fn open(
    path: &Path,
    name: &str,
    required: &[&str],
    optional: &[&str],
    texts: &'static CliTexts,
) -> Result<CsvFile<BufReader<std::fs::File>>> {
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("{name}: {}", fill(texts.csv_cannot_read, &[&e.to_string()])))?;
    from_reader(BufReader::with_capacity(64 * 1024, file), name, required, optional, texts)
}

/// As [`open`], from any reader (the tests feed bytes).
pub fn from_reader<R: BufRead>(
    input: R,
    name: &str,
    required: &[&str],
    optional: &[&str],
    texts: &'static CliTexts,
) -> Result<CsvFile<R>> {
    let mut file = CsvFile {
        input,
        name: name.to_string(),
        line: 0,
        offset: 0,
        buf: Vec::new(),
        columns: Rc::default(),
        width: 0,
        texts,
    };
    let Some(header) = file.next_fields()? else {
        bail!("{name}: {}", fill(texts.csv_empty, &[&required.join(",")]));
    };
    file.columns = Rc::new(header_columns(texts, name, file.line, &header, required, optional)?);
    file.width = header.len();
    Ok(file)
}

impl<R: BufRead> CsvFile<R> {
    /// The next data row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        let Some(fields) = self.next_fields()? else { return Ok(None) };
        if fields.len() != self.width {
            bail!("{}:{}: {}", self.name, self.line, (self.texts.csv_width)(fields.len(), self.width));
        }
        Ok(Some(Row { line: self.line, fields, columns: self.columns.clone() }))
    }

    /// The fields of the next line that is not blank, trimmed.
    fn next_fields(&mut self) -> Result<Option<Vec<String>>> {
        loop {
            self.buf.clear();
            let start = self.offset;
            // At most one byte more than a line may have (and its `\r\n`): a file without
            // line breaks is refused after 4 KiB, not read whole.
            let limit = (MAX_LINE + 3) as u64;
            let n = (&mut self.input).take(limit).read_until(b'\n', &mut self.buf).map_err(|e| {
                anyhow::anyhow!("{}: {}", self.name, fill(self.texts.csv_cannot_read, &[&e.to_string()]))
            })?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            self.offset += n as u64;
            // A spreadsheet's UTF-8 export often starts with a byte-order mark.
            let bom = if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            let bytes = &self.buf[bom..];
            let ended = bytes.last() == Some(&b'\n');
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.len() > MAX_LINE || (!ended && n as u64 == limit) {
                bail!("{}:{}: {}", self.name, self.line, fill(self.texts.csv_too_long, &[&MAX_LINE.to_string()]));
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    // What comes before the bad byte is valid: its commas give the column.
                    let column = bytes[..e.valid_up_to()].iter().filter(|b| **b == b',').count() + 1;
                    let offset = start + (bom + e.valid_up_to()) as u64;
                    let why = fill(self.texts.csv_not_utf8, &[&column.to_string(), &offset.to_string()]);
                    bail!("{}:{}: {why}", self.name, self.line)
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return parse_line(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("{}:{}: {}", self.name, self.line, e.worded(self.texts)));
        }
    }
}

/// Why a line could not be split into fields.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("column {column}: a quote (\") opened on this line is never closed")]
    UnclosedQuote { column: usize },
    #[error("column {column}: text after a closing quote (write a quote inside a quoted field as \"\")")]
    AfterQuote { column: usize },
    #[error("column {column}: a line break (CR) inside a field: is a quote (\") not closed?")]
    LineBreak { column: usize },
}

impl LineError {
    /// The error in the language of `texts`.
    pub fn worded(&self, texts: &CliTexts) -> String {
        let (template, column) = match self {
            LineError::UnclosedQuote { column } => (texts.csv_unclosed_quote, column),
            LineError::AfterQuote { column } => (texts.csv_after_quote, column),
            LineError::LineBreak { column } => (texts.csv_line_break, column),
        };
        fill(template, &[&column.to_string()])
    }
}

/// Splits one line (without its line ending) into trimmed fields, RFC 4180 style.
pub fn parse_line(line: &str) -> Result<Vec<String>, LineError> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let column = fields.len() + 1;
        let mut field = String::new();
        // Spaces before an opening quote are allowed, as the trim would drop them anyway.
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(LineError::UnclosedQuote { column }),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some('\r') => return Err(LineError::LineBreak { column }),
                    Some(c) => field.push(c),
                }
            }
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(_) => return Err(LineError::AfterQuote { column }),
            }
            continue;
        }
        loop {
            match chars.next() {
                None => {
                    fields.push(field.trim().to_string());
                    return Ok(fields);
                }
                Some(',') => break,
                Some('\r') => return Err(LineError::LineBreak { column }),
                Some(c) => field.push(c),
            }
        }
        fields.push(field.trim().to_string());
    }
}

/// The header row, checked: every required column, nothing unknown, none twice.
fn header_columns(
    texts: &CliTexts,
    name: &str,
    line: u64,
    header: &[String],
    required: &[&str],
    optional: &[&str],
) -> Result<HashMap<String, usize>> {
    let mut columns = HashMap::new();
    for (i, column) in header.iter().enumerate() {
        let column = column.trim().to_ascii_lowercase();
        if !required.contains(&column.as_str()) && !optional.contains(&column.as_str()) {
            let optional =
                if optional.is_empty() { String::new() } else { fill(texts.csv_optional, &[&optional.join(",")]) };
            let why = fill(texts.csv_unknown_column, &[&format!("{column:?}"), &required.join(","), &optional]);
            bail!("{name}:{line}: {why}");
        }
        if columns.insert(column.clone(), i).is_some() {
            bail!("{name}:{line}: {}", fill(texts.csv_twice, &[&format!("{column:?}")]));
        }
    }
    if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
        bail!("{name}:{line}: {}", fill(texts.csv_missing, &[&format!("{missing:?}"), &required.join(",")]));
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &[u8]) -> Result<Vec<(u64, String)>> {
        let mut f = from_reader(input, "t.csv", &["a", "b"], &[], comuniq_order::i18n::Lang::En.cli())?;
        let mut out = Vec::new();
        while let Some(r) = f.next_row()? {
            out.push((r.line, format!("{}|{}", r.get("a"), r.get("b"))));
        }
        Ok(out)
    }

    #[test]
    fn crlf_and_lf_give_the_same_lines() {
        let lf = rows(b"a,b\n1,2\n\n3,\"x,y\"\n").unwrap();
        let crlf = rows(b"a,b\r\n1,2\r\n\r\n3,\"x,y\"\r\n").unwrap();
        assert_eq!(lf, vec![(2, "1|2".to_string()), (4, "3|x,y".to_string())]);
        assert_eq!(crlf, lf);
    }

    #[test]
    fn errors_on_crlf_files_name_the_right_line() {
        let e = rows(b"a,b\r\n1,2\r\n3\r\n").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:3: 1 column,"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_says_so_with_its_line() {
        let e = rows(b"a,b\r\n1,2\r\n3,\"open\r\n4,5\r\n").unwrap_err().to_string();
        assert_eq!(e, "t.csv:3: column 2: a quote (\") opened on this line is never closed");
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let e = rows(b"a,b\n1,2\n3,\xff\n").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:3: column 2: not UTF-8 text at byte offset 10 "), "{e}");
    }

    #[test]
    fn doubled_quotes_bom_and_long_lines() {
        assert_eq!(rows(b"\xEF\xBB\xBFa,b\n\"say \"\"hi\"\"\", x \n").unwrap(), vec![(2, "say \"hi\"|x".to_string())]);
        let long = format!("a,b\n1,{}\n", "x".repeat(MAX_LINE));
        assert!(rows(long.as_bytes()).unwrap_err().to_string().contains("t.csv:2: the line is longer"));
        let endless = "x".repeat(100_000);
        assert!(rows(endless.as_bytes()).unwrap_err().to_string().contains("t.csv:1: the line is longer"));
        assert!(rows(b"  \n\n").unwrap_err().to_string().contains("the file is empty"));
        assert!(rows(b"a,b\n1,\"2\"x\n").unwrap_err().to_string().contains("t.csv:2: column 2: text after"));
    }

    /// Bytes a damaged or hostile file holds.
    const NASTY: &[u8] = b"\n\r\0\x1b\x07\xff\xfe\xc2\x9b\x80\",' \t";

    fn mutate(base: &[u8], changes: &[(f64, u8, u8)]) -> Vec<u8> {
        let mut bytes = base.to_vec();
        for (at, how, byte) in changes {
            let i = ((bytes.len() as f64) * at) as usize;
            match how {
                0 if i < bytes.len() => bytes[i] = *byte,
                1 => bytes.insert(i.min(bytes.len()), *byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        bytes
    }

    /// Every row, or the error's text.
    fn read_all(bytes: &[u8]) -> Result<Vec<(u64, String)>, String> {
        let mut f =
            from_reader(bytes, "t.csv", &["customer", "number"], &["name"], comuniq_order::i18n::Lang::En.cli())
                .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        while let Some(r) = f.next_row().map_err(|e| e.to_string())? {
            out.push((r.line, format!("{}|{}|{}", r.get("customer"), r.get("number"), r.get("name"))));
        }
        Ok(out)
    }

    /// The line an error names: `t.csv:LINE: …`.
    fn line_of(e: &str) -> Option<usize> {
        e.strip_prefix("t.csv:")?.split(':').next()?.parse().ok()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]

        /// Mutated bytes never panic; a refusal names a line inside the file (or says the
        /// file is empty); rows keep their lines; CRLF gives the same lines as LF.
        #[test]
        fn mutated_csv_never_panics_and_names_its_line(
            changes in proptest::collection::vec(
                (0.0..1.0f64, 0u8..3, proptest::prop_oneof![proptest::sample::select(NASTY.to_vec()), proptest::prelude::any::<u8>()]),
                1..6,
            )
        ) {
            let base = b"customer,number,name\nK-100000,030 5550001,\"M\xc3\xbcller, Anna\"\n\nK-100001,+49 30 5550002,\"say \"\"hi\"\"\"\nK-100002,0305550003,\n";
            let bytes = mutate(base, &changes);
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            match read_all(&bytes) {
                Ok(rows) => {
                    for (line, _) in &rows {
                        proptest::prop_assert!(*line >= 2 && (*line as usize) <= lines, "row on line {line}");
                    }
                }
                Err(e) => {
                    let line = line_of(&e);
                    proptest::prop_assert!(
                        line.is_some_and(|l| l >= 1 && l <= lines) || e.contains("the file is empty"),
                        "{e}"
                    );
                }
            }
            if !bytes.contains(&b'\r') {
                let mut crlf = Vec::new();
                for b in &bytes {
                    if *b == b'\n' {
                        crlf.push(b'\r');
                    }
                    crlf.push(*b);
                }
                let (lf, crlf) = (read_all(&bytes), read_all(&crlf));
                match (&lf, &crlf) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => proptest::prop_assert_eq!(line_of(a), line_of(b), "{} / {}", a, b),
                    _ => proptest::prop_assert!(false, "{:?} / {:?}", lf, crlf),
                }
            }
        }
    }
}
