//! Why an order could not be placed, precise enough for the operator to act on.

use crate::domain::answers::Field;
use crate::domain::model::{CustomerId, UserId};
use crate::domain::order::{OrderRequest, SimAssignment, UserChoice};
use crate::domain::rules::RuleError;
use crate::store::DbError;
use crate::store::sql::{Kind, SqlError, TxError};
use std::fmt;

/// A resource that another order (or the customer's existing PBX) already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// The SIM with this ICCID is assigned.
    Sim(String),
    /// This number (E.164) is in use or already known.
    Number(String),
    /// The customer already has this extension.
    Extension(String),
    /// The customer already has a user of this name (case ignored).
    Username(String),
    /// The chosen user already has a mobile line.
    UserHasMobile,
}

impl fmt::Display for Taken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Taken::Sim(iccid) => write!(f, "SIM {iccid}"),
            Taken::Number(e164) => write!(f, "number {e164}"),
            Taken::Extension(ext) => write!(f, "extension {ext}"),
            Taken::Username(name) => write!(f, "user name {name}"),
            Taken::UserHasMobile => write!(f, "the user's mobile line"),
        }
    }
}

/// Something the order refers to that the database does not hold (for this customer).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Missing {
    Customer(CustomerId),
    User(UserId),
    /// ICCID of a SIM that is not in stock (or whose id and ICCID disagree).
    Sim(String),
    /// A number that is not in the customer's pool.
    Number(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Customer(id) => write!(f, "customer #{id}"),
            Missing::User(id) => write!(f, "user #{id} of this customer"),
            Missing::Sim(iccid) => write!(f, "SIM {iccid} in stock"),
            Missing::Number(e164) => write!(f, "number {e164} in the customer's pool"),
        }
    }
}

/// Why [`crate::store::Store::place_order`] refused; nothing was written.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum PlaceError {
    /// Someone was quicker: the resource is gone, held by `by_order` when that is known.
    #[error("{item} is already taken{}", by_suffix(by_order.as_deref()))]
    Taken { item: Taken, by_order: Option<String> },
    /// The order refers to something that does not exist.
    #[error("{0} not found")]
    Missing(Missing),
    /// A rule re-checked inside the transaction failed (e.g. an extension that now clashes by
    /// prefix with one created meanwhile).
    #[error("{}: {error}", field.key())]
    Refused { field: Field, error: RuleError },
    /// Another program held the database's lock longer than the store waits; nothing was
    /// written, and trying again later may well work.
    #[error("the database is busy (another program is writing); nothing was written")]
    Busy,
    /// SQLite found the file damaged; nothing was written.
    #[error("the database file is damaged; nothing was written")]
    Damaged,
    /// A constraint refused a write that neither the checks before it nor the backstop could
    /// name; nothing was written.
    #[error("the database refused a write (a constraint); nothing was written")]
    Constraint,
    /// Any other database error.
    #[error("database error: {0}")]
    Db(DbError),
}

/// Busy and damage get variants of their own, so that the engine's text ("database is
/// locked") never reaches the operator; constraint errors stay for [`backstop`] to name.
impl From<SqlError> for PlaceError {
    fn from(e: SqlError) -> Self {
        match e.kind() {
            Kind::Busy => PlaceError::Busy,
            Kind::Corrupt => {
                crate::store::note_damage();
                PlaceError::Damaged
            }
            Kind::Constraint | Kind::Retry | Kind::Other => PlaceError::Db(DbError(e)),
        }
    }
}

impl From<rusqlite::Error> for PlaceError {
    fn from(e: rusqlite::Error) -> Self {
        PlaceError::from(SqlError::from(e))
    }
}

/// On PostgreSQL a placement that collided with another runs again (`Store::write`): the
/// second run sees the other order's resources and refuses with [`PlaceError::Taken`].
impl TxError for PlaceError {
    fn is_retry(&self) -> bool {
        matches!(self, PlaceError::Db(e) if e.is_retry())
    }

    fn gave_up() -> Self {
        PlaceError::Busy
    }
}

/// " by order CO-…" when the holder is known.
fn by_suffix(order: Option<&str>) -> String {
    order.map(|o| format!(" by order {o}")).unwrap_or_default()
}

/// Turns a UNIQUE violation that slipped past the checks (another writer, a bug) into the
/// resource it protects. The checks run first and name the holding order; this is the
/// backstop, so it can only name the resource. Any other constraint failure is
/// [`PlaceError::Constraint`], without SQLite's text.
pub fn backstop(err: PlaceError, req: &OrderRequest) -> PlaceError {
    let PlaceError::Db(DbError(db)) = &err else { return err };
    if db.kind() != Kind::Constraint {
        return err;
    }
    match db.unique_key().and_then(|key| taken_by_key(&key, req)) {
        Some(item) => PlaceError::Taken { item, by_order: None },
        None => PlaceError::Constraint,
    }
}

/// Which resource a unique key (`table.column`, or `table.constraint` on PostgreSQL: see
/// [`SqlError::unique_key`]) is about.
fn taken_by_key(columns: &str, req: &OrderRequest) -> Option<Taken> {
    let table = columns.split('.').next()?;
    match table {
        "sims" => match &req.sim {
            SimAssignment::Now { iccid, .. } => Some(Taken::Sim(iccid.clone())),
            SimAssignment::Later => None,
        },
        "numbers" => Some(Taken::Number(req.number.e164().to_string())),
        "extensions" => Some(Taken::Extension(req.extension.clone())),
        "users" if columns.contains("mobile_order_id") => Some(Taken::UserHasMobile),
        "users" => match &req.user {
            UserChoice::New(u) => Some(Taken::Username(u.username.clone())),
            UserChoice::Existing(_) => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::{NewUser, NumberAssignment};
    use chrono::NaiveDate;

    use rusqlite::ffi;

    fn unique_failure(message: &str) -> PlaceError {
        let code = ffi::Error::new(ffi::SQLITE_CONSTRAINT_UNIQUE);
        PlaceError::Db(DbError(SqlError::Sqlite(rusqlite::Error::SqliteFailure(code, Some(message.to_string())))))
    }

    fn request() -> OrderRequest {
        OrderRequest {
            customer_id: 1,
            portfolio: "standard".into(),
            texts: crate::domain::field::OrderTexts::from_values(|_| String::new()),
            start_date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            term: "m24".into(),
            term_months: 24,
            voice: "business".into(),
            data: "d".into(),
            sms: "s".into(),
            addons: vec![],
            user: UserChoice::New(NewUser {
                username: "anna.neu".into(),
                first_name: "Anna".into(),
                prefix: String::new(),
                last_name: "Neu".into(),
                email: "anna@example.de".into(),
                language: "de".into(),
            }),
            sim_option: "sim-now".into(),
            sim: SimAssignment::Now { id: 1, iccid: "89492200000000000001".into() },
            number_type: "new".into(),
            number: NumberAssignment::New { id: 1, e164: "+49301234567".into() },
            extension: "234".into(),
            display_name: "Anna Neu".into(),
            area_code: "030".into(),
            pin_hash: "$argon2id$x".into(),
            pin_must_change: false,
            auto_invoice: true,
            invoice_lines: vec![],
        }
    }

    #[test]
    fn unique_violations_name_the_resource() {
        let req = request();
        let cases = [
            ("UNIQUE constraint failed: sims.order_id", Taken::Sim("89492200000000000001".into())),
            ("UNIQUE constraint failed: numbers.e164", Taken::Number("+49301234567".into())),
            ("UNIQUE constraint failed: extensions.customer_id, extensions.number", Taken::Extension("234".into())),
            ("UNIQUE constraint failed: users.customer_id, users.username", Taken::Username("anna.neu".into())),
            ("UNIQUE constraint failed: users.mobile_order_id", Taken::UserHasMobile),
        ];
        for (message, item) in cases {
            match backstop(unique_failure(message), &req) {
                PlaceError::Taken { item: got, by_order: None } => assert_eq!(got, item, "{message}"),
                other => panic!("{message}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_errors_pass_through() {
        let err = backstop(PlaceError::Db(DbError(SqlError::NoRow)), &request());
        assert!(matches!(err, PlaceError::Db(DbError(SqlError::NoRow))));
    }

    #[test]
    fn other_constraint_failures_are_named_without_sqlite_text() {
        let code = ffi::Error::new(ffi::SQLITE_CONSTRAINT_CHECK);
        let check = PlaceError::Db(DbError(SqlError::Sqlite(rusqlite::Error::SqliteFailure(
            code,
            Some("CHECK constraint failed".into()),
        ))));
        let err = backstop(check, &request());
        assert!(matches!(err, PlaceError::Constraint), "{err:?}");
        assert!(!err.to_string().contains("CHECK"), "{err}");
    }
}
