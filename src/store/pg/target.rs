//! What `--db` names: a SQLite file or a PostgreSQL database.
//!
//! A PostgreSQL target is written as libpq writes it: a URL (`postgres://user@host/dbname`,
//! `postgresql://…`) or key=value pairs (`host=… dbname=…`). What the value leaves out comes
//! from the `PG*` environment variables, as libpq does it (the Rust client reads none of
//! them itself). Anything else is a SQLite file, and `sqlite:` in front says so explicitly
//! (for a file whose name looks like a connection string).
//!
//! A password is refused on the command line: it would stand in the process list and the
//! shell history. It comes from `~/.pgpass`, the file `PGPASSFILE` names, or `PGPASSWORD`
//! (see [`super::connect`]). Nothing here ever prints a credential: [`DbTarget`]'s
//! `Display` and every [`TargetError`] name the host and the database only.

use super::tls::{self, Verify};
use crate::i18n::{Lang, fill};
use postgres::Config;
use postgres::config::{Host, SslMode};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// The database a command works on.
#[derive(Debug, Clone)]
pub enum DbTarget {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database; the configuration holds no password.
    Postgres(PgTarget),
}

/// A PostgreSQL database to connect to, without a password. Its content is the client
/// library's configuration, which must not leave `store` (architecture.md): outside it a
/// target is only matched on, shown ([`DbTarget`]'s `Display`) and handed back to the store.
#[derive(Debug, Clone)]
pub struct PgTarget {
    config: Box<Config>,
    /// How far the server's certificate is checked (`sslmode=verify-ca`/`verify-full`,
    /// which the client library does not know: see [`super::tls`]).
    verify: Verify,
}

impl PgTarget {
    /// A target from the client library's configuration, as read elsewhere (the PostgreSQL
    /// tests); it must hold no password. Its certificate is not checked.
    #[doc(hidden)]
    pub fn from_config(config: Config) -> PgTarget {
        PgTarget { config: Box::new(config), verify: Verify::Nothing }
    }

    /// The client library's configuration: for the store, and for the PostgreSQL tests,
    /// which talk to the server directly.
    #[doc(hidden)]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How far the server's certificate is checked.
    pub fn verify(&self) -> &Verify {
        &self.verify
    }
}

impl fmt::Display for PgTarget {
    /// `postgresql://host:port/dbname`: neither user nor password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(&self.config))
    }
}

/// Why a `--db` value or a `PG*` variable can't be used. Worded by [`TargetError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// `--db ""`.
    Empty,
    /// A password in the URL or in a `password=` pair; `target` is the database without it.
    PasswordGiven {
        /// The database named without the password.
        target: String,
    },
    /// The client library could not read the connection string; `reason` is its message,
    /// which names the option and never its value.
    Invalid {
        /// The client library's message.
        reason: String,
    },
    /// A `PG*` environment variable holds something unusable (`PGPORT=abc`).
    BadVariable {
        /// The variable's name.
        name: &'static str,
    },
}

/// libpq's keys: a value starting with one of them followed by `=` is a key=value
/// connection string, anything else without a URL scheme is a file.
const KEYWORDS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "options",
    "application_name",
    "connect_timeout",
    "sslmode",
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "channel_binding",
    "load_balance_hosts",
];

/// Where Debian's libpq looks for the server's socket when no host is given.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Shown in `pg_stat_activity` unless `application_name`/`PGAPPNAME` says otherwise.
const APPLICATION_NAME: &str = "comuniq-order";

impl DbTarget {
    /// Reads a `--db` value, taking what it leaves out from the process's environment.
    pub fn parse(value: &str) -> Result<DbTarget, TargetError> {
        DbTarget::parse_with_env(value, |name| std::env::var(name).ok())
    }

    /// [`DbTarget::parse`] with the environment given as a function (for tests).
    pub fn parse_with_env(value: &str, env: impl Fn(&str) -> Option<String>) -> Result<DbTarget, TargetError> {
        if value.trim().is_empty() {
            return Err(TargetError::Empty);
        }
        if let Some(path) = value.strip_prefix("sqlite:") {
            // `sqlite:` alone names no file: as wrong a use as an empty `--db`.
            if path.trim().is_empty() {
                return Err(TargetError::Empty);
            }
            return Ok(DbTarget::Sqlite(PathBuf::from(path)));
        }
        if !is_connection_string(value) {
            return Ok(DbTarget::Sqlite(PathBuf::from(value)));
        }
        // The scheme in the lower case the client library reads (`PostgreSQL://` is the same).
        let lowered;
        let value = match scheme_len(value) {
            Some(n) => {
                lowered = format!("{}{}", value[..n].to_ascii_lowercase(), &value[n..]);
                lowered.as_str()
            }
            None => value,
        };
        // The certificate checks the client library does not know are taken out first.
        let (cleaned, wanted) = take_verify(value);
        let mut config = match Config::from_str(&cleaned) {
            Ok(config) => config,
            // A string the library can't read may still carry a password: say that first,
            // and never echo the string.
            Err(_) if mentions_password(value) => {
                return Err(TargetError::PasswordGiven { target: "?".into() });
            }
            Err(e) => return Err(TargetError::Invalid { reason: e.to_string() }),
        };
        apply_environment(&mut config, value, &env)?;
        if config.get_password().is_some() {
            return Err(TargetError::PasswordGiven { target: describe(&config) });
        }
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        // The value's own sslmode wins; PGSSLMODE counts only when it names none.
        let mode = match &wanted.mode {
            Some(mode) => Some(mode.clone()),
            None if !value.contains("sslmode") => var("PGSSLMODE"),
            None => None,
        };
        let root = || {
            wanted
                .root
                .clone()
                .or_else(|| var("PGSSLROOTCERT").map(PathBuf::from))
                .unwrap_or_else(|| tls::default_root(var("HOME").as_deref()))
        };
        let verify = match mode.as_deref().map(str::trim) {
            Some("verify-ca") => Verify::Authority(root()),
            Some("verify-full") => Verify::AuthorityAndHost(root()),
            Some(other) if other.starts_with("verify-") => {
                return Err(match wanted.mode {
                    Some(_) => TargetError::Invalid { reason: "invalid value for option `sslmode`".into() },
                    None => TargetError::BadVariable { name: "PGSSLMODE" },
                });
            }
            _ => Verify::Nothing,
        };
        if verify != Verify::Nothing {
            // What the library knows of it: TLS or no connection.
            config.ssl_mode(SslMode::Require);
        }
        Ok(DbTarget::Postgres(PgTarget { config: Box::new(config), verify }))
    }
}

/// What a connection string says of the certificate check: its `sslmode` when that is
/// `verify-ca` or `verify-full`, and its `sslrootcert`.
#[derive(Debug, Default)]
struct Wanted {
    mode: Option<String>,
    root: Option<PathBuf>,
}

/// The connection string without `sslmode=verify-…` and `sslrootcert=…`, which the client
/// library refuses, and what they said. Both forms: a URL's query (`?sslmode=verify-full&
/// sslrootcert=/etc/ca.pem`) and key=value pairs.
fn take_verify(value: &str) -> (String, Wanted) {
    let mut wanted = Wanted::default();
    let mut keep = |pair: &str| -> bool {
        let (key, val) = pair.split_once('=').map_or((pair, ""), |(k, v)| (k.trim(), v.trim()));
        let val = val.trim_matches('\'');
        match key {
            "sslmode" if val.starts_with("verify-") => {
                wanted.mode = Some(val.to_string());
                false
            }
            "sslrootcert" => {
                wanted.root = Some(PathBuf::from(percent_decoded(val)));
                false
            }
            _ => true,
        }
    };
    let cleaned = if value.starts_with("postgres") {
        match value.split_once('?') {
            Some((base, query)) => {
                let kept: Vec<&str> = query.split('&').filter(|p| keep(p)).collect();
                if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) }
            }
            None => value.to_string(),
        }
    } else {
        value.split_whitespace().filter(|p| keep(p)).collect::<Vec<_>>().join(" ")
    };
    (cleaned, wanted)
}

/// `%2F` and the like decoded, as a URL's query carries a path.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for DbTarget {
    /// The file, or `postgresql://host:port/dbname` with neither user nor password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbTarget::Sqlite(path) => write!(f, "{}", path.display()),
            DbTarget::Postgres(pg) => pg.fmt(f),
        }
    }
}

impl TargetError {
    /// The message in the operator's language: what is wrong and what to do instead.
    pub fn message(&self, lang: Lang) -> String {
        self.message_for(lang, "--db")
    }

    /// [`TargetError::message`] for a value given as `option` (`db copy`'s `--from`, `--to`).
    pub fn message_for(&self, lang: Lang, option: &str) -> String {
        let t = lang.cli();
        match self {
            TargetError::Empty => fill(t.db_target_empty, &[option]),
            TargetError::PasswordGiven { target } => fill(t.db_password_given, &[target, option]),
            TargetError::Invalid { reason } => fill(t.db_target_invalid, &[reason, option]),
            TargetError::BadVariable { name } => fill(t.db_bad_variable, &[name]),
        }
    }
}

impl fmt::Display for TargetError {
    /// The English message, for logs; the operator sees [`TargetError::message`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TargetError {}

/// The length of PostgreSQL's URL scheme at the start of `value` (`postgres:` or
/// `postgresql:`, in any case: schemes are case-insensitive), if it starts with one.
fn scheme_len(value: &str) -> Option<usize> {
    ["postgresql:", "postgres:"]
        .iter()
        .find(|scheme| value.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))
        .map(|scheme| scheme.len())
}

/// A URL with PostgreSQL's scheme, or libpq's key=value form.
fn is_connection_string(value: &str) -> bool {
    // Also `postgres:` without `//`: a mistyped URL is refused, not made a SQLite file.
    if scheme_len(value).is_some() {
        return true;
    }
    let first = value.trim_start();
    KEYWORDS.iter().any(|key| first.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
}

/// A password in either form, found without parsing: `user:secret@` or `password=`.
fn mentions_password(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.contains("password") {
        return true;
    }
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    authority.rsplit_once('@').is_some_and(|(userinfo, _)| userinfo.contains(':'))
}

/// Fills in from `PG*` variables what the value left out, as libpq does; then the
/// defaults that libpq has and the Rust client lacks (the socket directory as host).
fn apply_environment(
    config: &mut Config,
    value: &str,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<(), TargetError> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        for addr in var("PGHOSTADDR").iter().flat_map(|a| a.split(',')) {
            let addr = addr.trim().parse().map_err(|_| TargetError::BadVariable { name: "PGHOSTADDR" })?;
            config.hostaddr(addr);
        }
        match var("PGHOST") {
            Some(hosts) => hosts.split(',').for_each(|h| {
                config.host(h.trim());
            }),
            None if config.get_hostaddrs().is_empty() => {
                default_host(config);
            }
            None => {}
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = var("PGPORT")
    {
        let port = port.trim().parse().map_err(|_| TargetError::BadVariable { name: "PGPORT" })?;
        config.port(port);
    }
    if config.get_user().is_none()
        && let Some(user) = var("PGUSER")
    {
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(dbname) = var("PGDATABASE")
    {
        config.dbname(&dbname);
    }
    if config.get_options().is_none()
        && let Some(options) = var("PGOPTIONS")
    {
        config.options(&options);
    }
    if config.get_application_name().is_none() {
        config.application_name(&var("PGAPPNAME").unwrap_or_else(|| APPLICATION_NAME.into()));
    }
    if config.get_connect_timeout().is_none()
        && let Some(secs) = var("PGCONNECT_TIMEOUT")
    {
        let secs: u64 = secs.trim().parse().map_err(|_| TargetError::BadVariable { name: "PGCONNECT_TIMEOUT" })?;
        config.connect_timeout(Duration::from_secs(secs));
    }
    // The client's default is already `prefer`; the variable only counts when the value
    // names no sslmode of its own (the library can't tell "default" from "set").
    // `verify-…` is read with the certificate check (`parse_with_env`).
    if !value.contains("sslmode")
        && let Some(mode) = var("PGSSLMODE").filter(|m| !m.trim().starts_with("verify-"))
    {
        config.ssl_mode(ssl_mode(&mode).ok_or(TargetError::BadVariable { name: "PGSSLMODE" })?);
    }
    Ok(())
}

/// libpq's default host: its socket directory (Debian's), or localhost without one.
fn default_host(config: &mut Config) {
    if Path::new(DEFAULT_SOCKET_DIR).is_dir() {
        config.host_path(DEFAULT_SOCKET_DIR);
    } else {
        config.host("localhost");
    }
}

/// The sslmodes the client library knows. `allow` behaves as `prefer` here; the `verify-*`
/// modes are read apart ([`take_verify`]), with the certificate check they ask for.
fn ssl_mode(mode: &str) -> Option<SslMode> {
    match mode.trim() {
        "disable" => Some(SslMode::Disable),
        "allow" | "prefer" => Some(SslMode::Prefer),
        "require" => Some(SslMode::Require),
        _ => None,
    }
}

/// `postgresql://host:port/dbname` (a socket directory as `?host=/dir`): no user, no
/// password.
pub fn describe(config: &Config) -> String {
    let mut tcp = Vec::new();
    let mut sockets = Vec::new();
    for (i, host) in config.get_hosts().iter().enumerate() {
        let port = config.get_ports().get(i).or(config.get_ports().first());
        match host {
            Host::Tcp(name) => tcp.push(match port {
                Some(p) => format!("{name}:{p}"),
                None => name.clone(),
            }),
            Host::Unix(dir) => sockets.push(dir.display().to_string()),
        }
    }
    if config.get_hosts().is_empty() {
        // Addresses only (hostaddr without host).
        for (i, addr) in config.get_hostaddrs().iter().enumerate() {
            match config.get_ports().get(i).or(config.get_ports().first()) {
                Some(p) => tcp.push(format!("{addr}:{p}")),
                None => tcp.push(addr.to_string()),
            }
        }
    }
    let dbname = config.get_dbname().unwrap_or("");
    let mut out = format!("postgresql://{}/{dbname}", tcp.join(","));
    if !sockets.is_empty() {
        out.push_str("?host=");
        out.push_str(&sockets.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn pg(value: &str) -> Config {
        pg_env(value, no_env)
    }

    fn pg_env(value: &str, env: impl Fn(&str) -> Option<String>) -> Config {
        match DbTarget::parse_with_env(value, env) {
            Ok(DbTarget::Postgres(c)) => c.config().clone(),
            other => panic!("{value}: {other:?}"),
        }
    }

    #[test]
    fn paths_and_sqlite_prefix_are_sqlite() {
        for (value, path) in [
            ("orders.db", "orders.db"),
            ("/srv/orders.db", "/srv/orders.db"),
            ("sqlite:/srv/x.db", "/srv/x.db"),
            ("sqlite:host=x.db", "host=x.db"),
            ("./host=x.db", "./host=x.db"),
            ("postgres.db", "postgres.db"),
        ] {
            match DbTarget::parse_with_env(value, no_env) {
                Ok(DbTarget::Sqlite(p)) => assert_eq!(p, PathBuf::from(path), "{value}"),
                other => panic!("{value}: {other:?}"),
            }
        }
    }

    #[test]
    fn urls_and_key_value_pairs_are_postgres() {
        let c = pg("postgres://order@db.example/orders");
        assert_eq!(c.get_user(), Some("order"));
        assert_eq!(c.get_dbname(), Some("orders"));
        assert_eq!(c.get_hosts(), &[Host::Tcp("db.example".into())]);
        let c = pg("postgresql://order@db.example:5433/orders?sslmode=require");
        assert_eq!(c.get_ports(), &[5433]);
        assert_eq!(c.get_ssl_mode(), SslMode::Require);
        let c = pg("host=/run/pg dbname=orders user=order");
        assert_eq!(c.get_hosts(), &[Host::Unix("/run/pg".into())]);
        assert_eq!(c.get_dbname(), Some("orders"));
        assert_eq!(c.get_application_name(), Some(APPLICATION_NAME));
    }

    #[test]
    fn a_password_is_refused_in_every_form_and_never_echoed() {
        for value in [
            "postgres://order:s3cret@db.example/orders",
            "postgresql://order:s3cret@db.example:5432/orders",
            "postgres://db.example/orders?password=s3cret",
            "host=db.example dbname=orders password=s3cret",
            "host=db.example password = s3cret dbname=orders",
            // Unreadable by the library, but the password is still not echoed.
            "postgres://order:s3cret@db.example:notaport/orders",
        ] {
            let err = DbTarget::parse_with_env(value, no_env).unwrap_err();
            assert!(matches!(err, TargetError::PasswordGiven { .. }), "{value}: {err:?}");
            for lang in [Lang::De, Lang::En] {
                let msg = err.message(lang);
                assert!(!msg.contains("s3cret"), "{msg}");
                assert!(msg.contains("PGPASSWORD") && msg.contains(".pgpass"), "{msg}");
            }
        }
        let err = DbTarget::parse_with_env("postgres://order:s3cret@db.example/orders", no_env).unwrap_err();
        assert_eq!(err, TargetError::PasswordGiven { target: "postgresql://db.example:5432/orders".into() });
    }

    #[test]
    fn the_environment_fills_what_the_value_leaves_out() {
        let env = |name: &str| {
            Some(
                match name {
                    "PGHOST" => "/tmp/sock,db2.example",
                    "PGPORT" => "5433",
                    "PGUSER" => "envuser",
                    "PGDATABASE" => "envdb",
                    "PGSSLMODE" => "require",
                    "PGAPPNAME" => "office-2",
                    _ => return None,
                }
                .to_string(),
            )
        };
        let DbTarget::Postgres(c) = DbTarget::parse_with_env("postgres://", env).unwrap() else {
            panic!("not postgres")
        };
        let c = c.config();
        assert_eq!(c.get_hosts(), &[Host::Unix("/tmp/sock".into()), Host::Tcp("db2.example".into())]);
        assert_eq!(c.get_ports(), &[5433]);
        assert_eq!(c.get_user(), Some("envuser"));
        assert_eq!(c.get_dbname(), Some("envdb"));
        assert_eq!(c.get_ssl_mode(), SslMode::Require);
        assert_eq!(c.get_application_name(), Some("office-2"));
        // What the value says wins over the environment.
        let DbTarget::Postgres(c) = DbTarget::parse_with_env("host=h dbname=d user=u sslmode=disable", env).unwrap()
        else {
            panic!("not postgres")
        };
        let c = c.config();
        assert_eq!(c.get_hosts(), &[Host::Tcp("h".into())]);
        assert_eq!((c.get_user(), c.get_dbname()), (Some("u"), Some("d")));
        assert_eq!(c.get_ssl_mode(), SslMode::Disable);
    }

    #[test]
    fn pghostaddr_gives_the_address_without_a_host() {
        let env = |name: &str| (name == "PGHOSTADDR").then(|| "192.0.2.7".to_string());
        let c = pg_env("dbname=orders", env);
        assert!(c.get_hosts().is_empty(), "no default socket beside the address");
        assert_eq!(c.get_hostaddrs(), &["192.0.2.7".parse::<std::net::IpAddr>().unwrap()]);
        assert_eq!(describe(&c), "postgresql://192.0.2.7/orders");
        let env = |name: &str| (name == "PGHOSTADDR").then(|| "db.example".to_string());
        let err = DbTarget::parse_with_env("dbname=orders", env).unwrap_err();
        assert_eq!(err, TargetError::BadVariable { name: "PGHOSTADDR" });
    }

    #[test]
    fn a_mistyped_url_is_refused_not_taken_for_a_file() {
        for value in ["postgres:/db.example/orders", "postgresql:orders"] {
            let err = DbTarget::parse_with_env(value, no_env).unwrap_err();
            assert!(matches!(err, TargetError::Invalid { .. }), "{value}: {err:?}");
        }
    }

    #[test]
    fn a_password_in_pgpassword_is_no_reason_to_refuse() {
        let env = |name: &str| (name == "PGPASSWORD").then(|| "s3cret".to_string());
        let DbTarget::Postgres(c) = DbTarget::parse_with_env("host=h dbname=d", env).unwrap() else {
            panic!("not postgres")
        };
        let c = c.config();
        // Read at connect time, never kept in the target.
        assert_eq!(c.get_password(), None);
    }

    #[test]
    fn bad_values_are_named_without_the_value() {
        let env = |name: &str| (name == "PGPORT").then(|| "abc".to_string());
        let err = DbTarget::parse_with_env("host=h", env).unwrap_err();
        assert_eq!(err, TargetError::BadVariable { name: "PGPORT" });
        assert!(err.message(Lang::De).contains("PGPORT"));
        let env = |name: &str| (name == "PGSSLMODE").then(|| "verify-sometimes".to_string());
        assert!(DbTarget::parse_with_env("host=h", env).is_err());
        assert_eq!(DbTarget::parse_with_env("  ", no_env).unwrap_err(), TargetError::Empty);
        assert_eq!(DbTarget::parse_with_env("sqlite:", no_env).unwrap_err(), TargetError::Empty);
        assert_eq!(DbTarget::parse_with_env("sqlite: ", no_env).unwrap_err(), TargetError::Empty);
        let err = DbTarget::parse_with_env("host=h sslmode=sometimes", no_env).unwrap_err();
        assert!(matches!(err, TargetError::Invalid { .. }), "{err:?}");
    }

    #[test]
    fn verify_modes_are_read_with_their_root_file_and_connect_as_require() {
        let home = |name: &str| (name == "HOME").then(|| "/home/anna".to_string());
        let pg = |value: &str, env: &dyn Fn(&str) -> Option<String>| match DbTarget::parse_with_env(value, env) {
            Ok(DbTarget::Postgres(t)) => t,
            other => panic!("{value}: {other:?}"),
        };
        let t = pg("postgresql://db.example/orders?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem", &no_env);
        assert_eq!(t.verify(), &Verify::AuthorityAndHost(PathBuf::from("/etc/ca.pem")));
        assert_eq!(t.config().get_ssl_mode(), SslMode::Require);
        let t = pg("host=db.example dbname=orders sslmode=verify-ca", &home);
        assert_eq!(t.verify(), &Verify::Authority(PathBuf::from("/home/anna/.postgresql/root.crt")));
        let env = |name: &str| match name {
            "PGSSLMODE" => Some("verify-full".to_string()),
            "PGSSLROOTCERT" => Some("/srv/ca.crt".to_string()),
            _ => None,
        };
        let t = pg("host=db.example dbname=orders", &env);
        assert_eq!(t.verify(), &Verify::AuthorityAndHost(PathBuf::from("/srv/ca.crt")));
        // The value's own mode wins over the variable.
        let t = pg("host=db.example dbname=orders sslmode=disable", &env);
        assert_eq!((t.verify(), t.config().get_ssl_mode()), (&Verify::Nothing, SslMode::Disable));
        let t = pg("host=db.example dbname=orders sslmode=prefer", &no_env);
        assert_eq!(t.verify(), &Verify::Nothing);
        assert!(DbTarget::parse_with_env("host=h sslmode=verify-sometimes", no_env).is_err());
    }

    #[test]
    fn the_scheme_is_read_in_any_case() {
        let lower = DbTarget::parse_with_env("postgresql://order@db.example/orders", no_env).unwrap().to_string();
        for value in ["PostgreSQL://order@db.example/orders", "POSTGRES://order@db.example/orders"] {
            let Ok(DbTarget::Postgres(t)) = DbTarget::parse_with_env(value, no_env) else { panic!("{value}") };
            assert_eq!(t.to_string(), lower);
        }
        assert!(DbTarget::parse_with_env("Postgres:orders", no_env).is_err());
    }

    #[test]
    fn display_names_host_and_database_only() {
        let t = DbTarget::parse_with_env("postgres://order@db.example:5433/orders", no_env).unwrap();
        assert_eq!(t.to_string(), "postgresql://db.example:5433/orders");
        let t = DbTarget::parse_with_env("host=/run/pg dbname=orders user=order", no_env).unwrap();
        assert_eq!(t.to_string(), "postgresql:///orders?host=/run/pg");
        assert!(!t.to_string().contains("order@"));
    }
}
