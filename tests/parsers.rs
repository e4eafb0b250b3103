//! The file parsers under mutated bytes: the built-in catalog and a valid answers file,
//! with bytes replaced, inserted and deleted (line breaks, CR, NUL, ESC, BEL, C1 controls,
//! bytes that are not UTF-8, quotes, brackets). None may panic; a refusal names a line
//! inside the file; and the same file with Windows line endings names the same line.
//! (The CSV reader has the same property test beside it, in `src/cli/import/csv_file.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use comuniq_order::domain::Catalog;
use comuniq_order::domain::answers_file::AnswersFile;
use proptest::prelude::*;

/// Bytes a damaged or hostile file holds.
const NASTY: &[u8] = b"\n\r\0\x1b\x07\xff\xfe\xc2\x9b\x80\"'=[],.# \t\\";

/// One change to the bytes: at a position (as a fraction of the length), replace, insert
/// or delete.
fn mutation() -> impl Strategy<Value = (f64, u8, u8)> {
    (0.0..1.0f64, 0u8..3, prop_oneof![prop::sample::select(NASTY.to_vec()), any::<u8>()])
}

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

/// How many lines the bytes have (a last line without `\n` counts).
fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count() + 1
}

const ANSWERS: &str = "# an order\ncustomer = \"K-100003\"\nterm = \"m24\"\nvoice = \"business\"\n\
    data = \"data-1\"\naddons = [\"eu-roaming\", \"fax2mail\"]\nnew_user = true\nfirst_name = \"Jürgen\"\n\
    reference = \"PO 17, \\\"Süd\\\"\"\nsim = \"4321\"\nauto_invoice = false\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_catalog_never_panics_and_names_its_line(changes in prop::collection::vec(mutation(), 1..6)) {
        let base = include_str!("../catalog.toml").replace("\r\n", "\n");
        let bytes = mutate(base.as_bytes(), &changes);
        if let Err(e) = Catalog::from_bytes(&bytes, "c.toml") {
            prop_assert!(e.line >= 1 && e.line <= lines(&bytes), "{e}");
            prop_assert!(!e.key.is_empty(), "{e}");
            prop_assert!(e.to_string().starts_with(&format!("c.toml:{}: ", e.line)), "{e}");
            if !bytes.contains(&b'\r') {
                let crlf = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
                if std::str::from_utf8(&bytes).is_ok() {
                    let e2 = Catalog::from_bytes(crlf.as_bytes(), "c.toml").unwrap_err();
                    prop_assert_eq!(e.line, e2.line, "{} / {}", e, e2);
                }
            }
        }
    }

    #[test]
    fn a_mutated_answers_file_never_panics_and_names_its_line(changes in prop::collection::vec(mutation(), 1..6)) {
        let bytes = mutate(ANSWERS.as_bytes(), &changes);
        if let Err(e) = AnswersFile::from_bytes(&bytes, "a.toml") {
            prop_assert!(e.line >= 1 && e.line <= lines(&bytes), "{e}");
            prop_assert!(e.to_string().starts_with(&format!("a.toml:{}: ", e.line)), "{e}");
            if !bytes.contains(&b'\r') && std::str::from_utf8(&bytes).is_ok() {
                let crlf = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
                let e2 = AnswersFile::from_bytes(crlf.as_bytes(), "a.toml").unwrap_err();
                prop_assert_eq!(e.line, e2.line, "{} / {}", e, e2);
            }
        }
    }
}
