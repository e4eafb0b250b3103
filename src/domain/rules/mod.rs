//! Every validation rule of the ordering flow, one module per kind of value.
//!
//! Each rule returns a typed error ([`RuleError`]); the `i18n` layer turns it into words.

pub mod customer;
pub mod date;
pub mod email;
pub mod extension;
pub mod iccid;
pub mod phone;
pub mod pin;
pub mod text;
pub mod username;

/// What a field takes from the keyboard, as its rule says: the characters the rule can
/// ever accept and the longest value it accepts. Every text-like field of the terminal
/// edits through one path that reads this, so no screen restates a rule.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// The longest value, in characters.
    pub max_len: usize,
    /// Whether the rule can accept this character anywhere in the value.
    pub allows: fn(char) -> bool,
}

/// Any character the text rules accept (names, references): not a control character and
/// not a bidirectional override or isolate ([`text::is_unsafe_for_terminal`]), so the
/// typing filter lets through nothing the rule then refuses.
pub fn printable(c: char) -> bool {
    !text::is_unsafe_for_terminal(c)
}

/// An ASCII digit (PINs, extensions, area codes).
pub fn digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Why a value was refused. One variant per rule, with what the message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum RuleError {
    #[error("required")]
    Required,
    #[error("too long: {len} > {max}")]
    TooLong { len: usize, max: usize },
    #[error("not printable")]
    NotPrintable,
    #[error("not a date")]
    DateFormat,
    #[error("date in the past")]
    DateInPast,
    /// A date in the right form that names no real day (31.02.).
    #[error("no such day")]
    NoSuchDate,
    /// A porting date before the order's start date.
    #[error("porting date before the start date")]
    PortBeforeStart,
    #[error("iccid has non-digits")]
    IccidDigits,
    #[error("iccid length {len}")]
    IccidLength { len: usize },
    #[error("iccid prefix")]
    IccidPrefix,
    #[error("iccid luhn")]
    IccidLuhn,
    #[error("no free SIM ends with {digits}")]
    SimNoMatch { digits: String },
    #[error("several SIMs end with {digits}")]
    SimAmbiguous { digits: String, count: usize },
    #[error("SIM not free")]
    SimNotFree,
    #[error("type four digits or a full ICCID")]
    SimQuery,
    #[error("phone number")]
    PhoneFormat,
    #[error("phone number not German")]
    PhoneNotGerman,
    #[error("extension digits")]
    ExtensionDigits,
    #[error("extension length {expected}")]
    ExtensionLength { expected: u8 },
    #[error("extension starts with 0")]
    ExtensionLeadingZero,
    #[error("extension is an emergency/service number")]
    ExtensionReserved,
    #[error("extension taken")]
    ExtensionTaken { name: String },
    #[error("extension clashes by prefix with {other}")]
    ExtensionPrefixClash { other: String },
    /// An existing user's mobile phone goes on the extension he has: no second one.
    #[error("the user has extension {own}")]
    ExtensionOfUser { own: String },
    #[error("pin digits")]
    PinFormat,
    #[error("pin trivial")]
    PinTrivial,
    #[error("e-mail")]
    EmailFormat,
    #[error("user name characters")]
    UsernameChars,
    #[error("user name taken")]
    UsernameTaken,
    #[error("area code")]
    AreaCode,
    /// A *Präfix* that is not a dial prefix (1 to 6 digits).
    #[error("dial prefix")]
    DialPrefix,
    #[error("not offered for this voice product")]
    NotForVoice,
    #[error("unknown choice")]
    UnknownChoice,
    #[error("add-on requires {0}")]
    AddonRequires(String),
    #[error("add-on excludes {0}")]
    AddonExcludes(String),
    /// A ticked add-on that doesn't go with the chosen data package (its id).
    #[error("add-on does not go with data package {0}")]
    AddonNotWithData(String),
    #[error("user already has a mobile line")]
    UserHasMobile,
    #[error("number not free")]
    NumberNotFree,
    #[error("number already in use")]
    NumberInUse,
    #[error("customer number characters")]
    CustomerNumber,
    #[error("dial plan length")]
    DialPlanLength,
    #[error("already exists")]
    AlreadyExists,
    #[error("taken in the meantime by order {0:?}")]
    TakenByOrder(Option<String>),
    /// A resumed draft had a PIN: drafts never keep it, so it must be typed again.
    #[error("pin must be entered again")]
    PinAgain,
}
