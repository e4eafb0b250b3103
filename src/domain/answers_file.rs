//! Answers files: the wizard's answers as TOML, one key per field ([`Field::key`]).
//!
//! Database choices are written by their natural keys, not by row ids, so that a file
//! survives a copied or re-seeded database: the customer by its number, an existing user by
//! user name, a pool number in E.164, the SIM as typed (last four digits or the ICCID).
//! Replaying a file goes through the wizard (`crate::wizard::replay`), never around it.

use serde::{Deserialize, Serialize};

/// One order's answers as read from or written to a file. Every key is optional: what is
/// missing keeps the wizard's default, or is reported as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// Customer number, e.g. `K-100123`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portfolio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// DD.MM.YYYY or YYYY-MM-DD, as in the wizard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<String>,
    /// Catalog ids of the add-ons to tick.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addons: Vec<String>,
    /// An existing user of the customer, by user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_user: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sim_option: Option<String>,
    /// The last four digits of a SIM in stock, or its full ICCID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sim: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_type: Option<String>,
    /// One of the customer's free numbers, in any German notation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub donor: Option<String>,
    /// `immediately` or `on_date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_when: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Never written by the program: a saved file leaves it out, and replaying asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_invoice: Option<bool>,
}

/// `port_when` in a file: the number moves as soon as possible.
pub const PORT_IMMEDIATELY: &str = "immediately";
/// `port_when` in a file: the number moves on `port_date`.
pub const PORT_ON_DATE: &str = "on_date";

/// An answers file that is not valid TOML or has an unknown key or a wrong type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct AnswersFileError {
    pub file: String,
    /// 1-based line number (1 when the parser gives no position).
    pub line: usize,
    pub problem: String,
}

/// What a saved file starts with: where it comes from, and why the PIN is missing.
const HEADER: &str = "# comuniq-order answers file: replay with `comuniq-order order --answers FILE`.\n\
# The PIN is left out on purpose; replaying asks for it (or add `pin = \"…\"`).\n\n";

impl AnswersFile {
    /// Parses a file's text; `file` names it in errors.
    pub fn from_toml(source: &str, file: &str) -> Result<Self, AnswersFileError> {
        toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start).min(source.len());
            let line = source.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            AnswersFileError { file: file.to_string(), line, problem: e.message().trim().to_string() }
        })
    }

    /// Parses a file's bytes: text that is not UTF-8 is refused with its line and byte offset.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Self, AnswersFileError> {
        match std::str::from_utf8(bytes) {
            Ok(source) => Self::from_toml(source, file),
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                let problem = format!("not UTF-8 text at byte offset {at} (save the file as UTF-8)");
                Err(AnswersFileError { file: file.to_string(), line, problem })
            }
        }
    }

    /// The file's text, with a header comment. The PIN is never written.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let without_pin = AnswersFile { pin: None, ..self.clone() };
        Ok(format!("{HEADER}{}", toml::to_string(&without_pin)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;

    #[test]
    fn keys_are_the_wizards_field_keys() {
        use Field::*;
        let fields = Field::EACH;
        for f in fields {
            let text = match f {
                Addon(_) => "addons = []".to_string(),
                NewUser | AutoInvoice => format!("{} = true", f.key()),
                _ => format!("{} = \"x\"", f.key()),
            };
            assert!(AnswersFile::from_toml(&text, "a.toml").is_ok(), "{text}");
        }
    }

    #[test]
    fn unknown_key_and_wrong_type_name_the_line() {
        let err = AnswersFile::from_toml("term = \"m24\"\nvoise = \"business\"\n", "a.toml").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("a.toml", 2));
        assert!(err.problem.contains("voise"), "{err}");
        let err = AnswersFile::from_toml("\n\npin = 4711\n", "a.toml").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn crlf_files_name_the_same_lines() {
        for text in ["term = \"m24\"\nvoise = \"business\"\n", "\n\npin = 4711\n", "a = 1\n\n\nterm = \"m24\n"] {
            let lf = AnswersFile::from_toml(text, "a.toml").unwrap_err();
            let crlf = AnswersFile::from_toml(&text.replace('\n', "\r\n"), "a.toml").unwrap_err();
            assert_eq!(lf.line, crlf.line, "{lf} / {crlf}");
        }
        let ok = AnswersFile::from_toml("customer = \"K-1\"\r\nterm = \"m24\"\r\n", "a.toml").unwrap();
        assert_eq!(ok.term.as_deref(), Some("m24"));
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = AnswersFile::from_bytes(b"term = \"m24\"\r\nreference = \"\xff\"\r\n", "a.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert_eq!(err.to_string(), "a.toml:2: not UTF-8 text at byte offset 27 (save the file as UTF-8)");
    }

    #[test]
    fn saved_file_has_no_pin_and_reads_back() {
        let file = AnswersFile {
            customer: Some("K-100001".into()),
            addons: vec!["eu-roaming".into()],
            pin: Some("4711".into()),
            new_user: Some(false),
            ..AnswersFile::default()
        };
        let text = file.to_toml().unwrap();
        assert!(!text.contains("\npin ="), "{text}");
        assert!(!text.contains("4711"), "{text}");
        let back = AnswersFile::from_toml(&text, "a.toml").unwrap();
        assert_eq!(back, AnswersFile { pin: None, ..file });
    }
}
