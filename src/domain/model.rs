//! Plain data the wizard works on, as the store hands it out.

/// Database id of a customer.
pub type CustomerId = i64;
/// Database id of a user.
pub type UserId = i64;
/// Database id of a number in the customer's pool.
pub type NumberId = i64;
/// Database id of a SIM card in stock.
pub type SimId = i64;

/// A customer of the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Customer {
    pub id: CustomerId,
    /// Customer number as shown to the operator, e.g. `K-100123`.
    pub number: String,
    pub name: String,
    pub city: String,
    /// How many digits the customer's extensions have (2 to 5).
    pub dial_plan_len: u8,
    /// The customer's own area code, e.g. `030`.
    pub area_code: String,
}

/// A PBX user of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    /// Whether the user already has a mobile line (then it can't get another).
    pub has_mobile: bool,
    /// The user's own extension without a mobile line, if he has one: the FMC page attaches
    /// the mobile phone to it instead of creating a second one.
    pub extension: Option<String>,
}

impl User {
    /// "First Last", the default display name on the FMC page.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// An extension that exists in the customer's PBX.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Extension {
    pub number: String,
    pub name: String,
}

/// A free number of the customer's pool, in E.164 (`+49301234567`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct FreeNumber {
    pub id: NumberId,
    pub e164: String,
}

/// A free SIM card in stock.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Sim {
    pub id: SimId,
    pub iccid: String,
}

/// Everything the wizard needs to know about the chosen customer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct CustomerContext {
    /// The customer itself: the wizard keeps its name and area code without any list.
    pub customer: Option<Customer>,
    pub users: Vec<User>,
    pub extensions: Vec<Extension>,
    pub free_numbers: Vec<FreeNumber>,
}
