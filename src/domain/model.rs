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

/// How many rows a customer's list (users, free numbers, extensions) shows per screenful
/// asked for: more than a dropdown shows at once, few enough to cost nothing however large
/// the customer (issue 12: the program never holds a whole list).
pub const LIST_PAGE: usize = 50;

/// The most rows a searched list (customers, a customer's users or free numbers) holds
/// however far it is scrolled: beyond them the operator narrows it by typing. Keeps the
/// memory flat and every screenful quick (each is read from the list's start).
pub const LIST_MAX: usize = 1_000;

/// What one of the customer's lists is asked for: the text typed to filter it, and how many
/// rows the operator has scrolled to (a multiple of [`LIST_PAGE`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct ListQuery {
    pub text: String,
    pub limit: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery { text: String::new(), limit: LIST_PAGE }
    }
}

/// What the wizard asks the store about the chosen customer: each list's query, and the
/// answers whose facts the rules need (the chosen user and number, the typed user name and
/// extension). The store answers with a [`CustomerContext`] of a few screenfuls at most,
/// whatever the customer's size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct ContextQuery {
    pub customer: CustomerId,
    /// The users without a mobile line, as *Benutzer auswählen* lists them.
    pub users: ListQuery,
    /// The free numbers, as *Nummer auswählen* lists them.
    pub numbers: ListQuery,
    /// The chosen existing user, looked up whatever the list shows.
    pub user: Option<UserId>,
    /// The chosen free number, likewise.
    pub number: Option<NumberId>,
    /// A new user's name as typed: the users of that name are looked up (it must be free).
    pub username: String,
    /// The extension as typed: the extensions it clashes with are looked up, and the panel
    /// *Bestehende Nebenstellen* shows those beginning with it.
    pub extension: String,
}

impl ContextQuery {
    /// The first screenful of each list of `customer`, nothing typed or chosen.
    pub fn of(customer: CustomerId) -> Self {
        ContextQuery { customer, ..ContextQuery::default() }
    }
}

/// What the wizard knows about the chosen customer: the store's answer to a
/// [`ContextQuery`]. The lists hold a few screenfuls at most; the rules read the facts
/// beside them ([`CustomerContext::user`], [`CustomerContext::usernames`], the extensions
/// that clash), so they judge the same whether the customer has ten users or a hundred
/// thousand.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct CustomerContext {
    /// The customer itself: the wizard keeps its name and area code without any list.
    pub customer: Option<Customer>,
    /// Users without a mobile line matching the users' query, by name.
    pub users: Vec<User>,
    /// Whether more users match than `users` holds.
    pub more_users: bool,
    /// The extensions beginning with the typed extension (all, when none is typed), in
    /// numeric order, and every one the typed extension clashes with.
    pub extensions: Vec<Extension>,
    /// Whether more extensions begin with the typed one than `extensions` holds.
    pub more_extensions: bool,
    /// Whether the customer has any extension at all.
    pub has_extensions: bool,
    /// Free numbers matching the numbers' query, in order.
    pub free_numbers: Vec<FreeNumber>,
    /// Whether more free numbers match than `free_numbers` holds.
    pub more_numbers: bool,
    /// The chosen existing user, wherever he stands (or whether he has a mobile by now).
    pub chosen_user: Option<User>,
    /// The chosen number, if it is still free.
    pub chosen_number: Option<FreeNumber>,
    /// The customer's user names equal to the typed one, case ignored.
    pub taken_usernames: Vec<String>,
}

impl CustomerContext {
    /// A user the context knows, by id: found in the list or chosen.
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.chosen_user.iter().chain(&self.users).find(|u| u.id == id)
    }

    /// A free number the context knows, by id.
    pub fn number(&self, id: NumberId) -> Option<&FreeNumber> {
        self.chosen_number.iter().chain(&self.free_numbers).find(|n| n.id == id)
    }

    /// The user names a new user's name must differ from, as far as the context knows
    /// them: the ones equal to the typed name, and the listed users'.
    pub fn usernames(&self) -> impl Iterator<Item = &str> {
        self.taken_usernames.iter().map(String::as_str).chain(self.users.iter().map(|u| u.username.as_str()))
    }
}
