//! Answers files: the wizard's answers as TOML, one key per field ([`Field::key`]).
//!
//! Database choices are written by their natural keys, not by row ids, so that a file
//! survives a copied or re-seeded database: the customer by its number, an existing user by
//! user name, a pool number in E.164, the SIM as typed (last four digits or the ICCID).
//! Replaying a file goes through the wizard (`crate::wizard::replay`), never around it.

use crate::domain::field::{Field, InFile};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One order's answers as read from or written to a file, one value per field of the field
/// table, under the field's key. Every key is optional: what is missing keeps the wizard's
/// default, or is reported as missing. An unknown key, or a value of the wrong type for its
/// field (the [`InFile`] of its spec), is refused with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswersFile {
    /// By field, in wizard order; the add-ons under `Field::Addon(0)`.
    values: BTreeMap<Field, FileValue>,
}

/// A value in an answers file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum FileValue {
    Text(String),
    Flag(bool),
    /// The add-ons' ids.
    List(Vec<String>),
}

/// The field a key names, with the add-ons under one key.
fn field_of(key: &str) -> Option<Field> {
    Field::by_key(key).map(|f| if let Field::Addon(_) = f { Field::Addon(0) } else { f })
}

/// The keys a file may have, for the message about an unknown one.
static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| Field::EACH.iter().map(|f| f.key()).collect());

impl AnswersFile {
    /// The value of a field, if the file has one.
    pub fn get(&self, field: Field) -> Option<&FileValue> {
        self.values.get(&Self::slot(field))
    }
    /// The text of a field, if the file has one that is text.
    pub fn text(&self, field: Field) -> Option<&str> {
        match self.get(field)? {
            FileValue::Text(t) => Some(t),
            FileValue::Flag(_) | FileValue::List(_) => None,
        }
    }
    /// Sets a field's value.
    pub fn set(&mut self, field: Field, value: FileValue) {
        self.values.insert(Self::slot(field), value);
    }
    /// Every value, in wizard order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &FileValue)> {
        self.values.iter().map(|(f, v)| (*f, v))
    }
    fn slot(field: Field) -> Field {
        if let Field::Addon(_) = field { Field::Addon(0) } else { field }
    }
}

impl Serialize for AnswersFile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (field, value) in &self.values {
            match value {
                FileValue::Text(t) => map.serialize_entry(field.key(), t)?,
                FileValue::Flag(b) => map.serialize_entry(field.key(), b)?,
                FileValue::List(l) => map.serialize_entry(field.key(), l)?,
            }
        }
        map.end()
    }
}

/// A key of the file, read as its field: an unknown key is refused while the key is read,
/// so the parser names the key's own line.
struct FieldKey(Field);

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Key;
        impl Visitor<'_> for Key {
            type Value = FieldKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field's key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<FieldKey, E> {
                field_of(key).map(FieldKey).ok_or_else(|| de::Error::unknown_field(key, &KEYS[..]))
            }
        }
        d.deserialize_identifier(Key)
    }
}

impl<'de> Deserialize<'de> for AnswersFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = AnswersFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an answers file")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<AnswersFile, M::Error> {
                let mut file = AnswersFile::default();
                while let Some(FieldKey(field)) = map.next_key()? {
                    // The type the field's spec says, so a wrong one names its line.
                    let value = match field.spec().in_file {
                        InFile::Flag => FileValue::Flag(map.next_value()?),
                        InFile::Addons => FileValue::List(map.next_value()?),
                        InFile::Text
                        | InFile::Secret
                        | InFile::Choice
                        | InFile::CustomerNumber
                        | InFile::UserName
                        | InFile::PoolNumber
                        | InFile::SimQuery
                        | InFile::PortWhen => FileValue::Text(map.next_value()?),
                    };
                    file.values.insert(field, value);
                }
                Ok(file)
            }
        }
        d.deserialize_map(Keys)
    }
}

/// `port_when` in a file: the number moves as soon as possible.
pub const PORT_IMMEDIATELY: &str = "immediately";
/// `port_when` in a file: the number moves on `port_date`.
pub const PORT_ON_DATE: &str = "on_date";

/// An answers file that is not valid TOML or has an unknown key or a wrong type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
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
        let mut without_pin = self.clone();
        without_pin.values.retain(|f, _| f.spec().in_file != InFile::Secret);
        Ok(format!("{HEADER}{}", toml::to_string(&without_pin)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;

    #[test]
    fn keys_are_the_wizards_field_keys() {
        for f in Field::EACH {
            let (right, wrong) = match f.spec().in_file {
                InFile::Addons => ("[]", "\"x\""),
                InFile::Flag => ("true", "\"x\""),
                _ => ("\"x\"", "true"),
            };
            let text = format!("{} = {right}", f.key());
            let file = AnswersFile::from_toml(&text, "a.toml").unwrap();
            assert!(file.get(f).is_some(), "{text}");
            let text = format!("\n{} = {wrong}", f.key());
            assert_eq!(AnswersFile::from_toml(&text, "a.toml").map_err(|e| e.line), Err(2), "{text}");
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
        assert_eq!(ok.text(Field::Term), Some("m24"));
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = AnswersFile::from_bytes(b"term = \"m24\"\r\nreference = \"\xff\"\r\n", "a.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert_eq!(err.to_string(), "a.toml:2: not UTF-8 text at byte offset 27 (save the file as UTF-8)");
    }

    #[test]
    fn saved_file_has_no_pin_and_reads_back() {
        let mut file = AnswersFile::default();
        file.set(Field::Customer, FileValue::Text("K-100001".into()));
        file.set(Field::Addon(3), FileValue::List(vec!["eu-roaming".into()]));
        file.set(Field::NewUser, FileValue::Flag(false));
        let without_pin = file.clone();
        file.set(Field::Pin, FileValue::Text("4711".into()));
        let text = file.to_toml().unwrap();
        assert!(!text.contains("\npin ="), "{text}");
        assert!(!text.contains("4711"), "{text}");
        let back = AnswersFile::from_toml(&text, "a.toml").unwrap();
        assert_eq!(back, without_pin);
    }
}
