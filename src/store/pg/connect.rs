//! Opening a connection: the password as libpq finds it, TLS as libpq's `sslmode` uses it.
//!
//! - The password comes from `PGPASSWORD`, else from the password file (`PGPASSFILE`, else
//!   `~/.pgpass`; lines `host:port:database:user:password`, `*` matching anything), read
//!   only when no one but its owner can read it (libpq's rule). The Rust client reads
//!   neither itself. The password is put into a copy of the configuration that lives
//!   only as long as the connecting call.
//! - TLS: with `sslmode=prefer` (the default) TLS is used when the server offers it, with
//!   `require` it must be, with `disable` it is not; over a Unix socket never (as libpq).
//!   Like libpq in these modes, the server's certificate is not checked against an
//!   authority: the connection is encrypted against eavesdroppers, not authenticated.
//!   `verify-ca` and `verify-full` check it ([`super::tls`]). rustls (with the `ring`
//!   provider) builds without OpenSSL's headers; `postgres-native-tls` and
//!   `postgres-openssl` would need them.

use super::target::{PgTarget, describe};
use super::tls::{self, Verify};
use crate::i18n::{Lang, fill};
use postgres::config::Host;
use postgres::{Client, Config};
use std::fmt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The port libpq assumes when none is given.
const DEFAULT_PORT: u16 = 5432;
/// The socket directory that counts as "localhost" in the password file (libpq's rule).
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// A connection that could not be opened: the database (host and name, no credentials)
/// and the client library's reason.
#[derive(Debug)]
pub struct ConnectError {
    /// `postgresql://host:port/dbname`, from [`describe`].
    pub target: String,
    /// What the client library or the TLS setup said.
    pub reason: String,
    /// Why no password was found, when the server asked for one and none was given.
    pub hint: Option<PasswordHint>,
}

/// Why the password file gave no password (libpq only warns about these on stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordHint {
    /// There is no password file (and no `PGPASSWORD`).
    NoFile(PathBuf),
    /// The file may be read by others than its owner, so it is not read.
    Loose(PathBuf),
    /// No line of the file matches `host:port:database:user`.
    NoLine(PathBuf, String),
}

impl ConnectError {
    /// The message in the operator's language.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.cli();
        let mut text = fill(t.db_connect_failed, &[&self.target, &self.reason]);
        let hint = match &self.hint {
            Some(PasswordHint::NoFile(path)) => fill(t.db_pgpass_missing, &[&path.display().to_string()]),
            Some(PasswordHint::Loose(path)) => fill(t.db_pgpass_loose, &[&path.display().to_string()]),
            Some(PasswordHint::NoLine(path, wanted)) => {
                fill(t.db_pgpass_no_line, &[&path.display().to_string(), wanted])
            }
            None => return text,
        };
        text.push_str(" (");
        text.push_str(&hint);
        text.push(')');
        text
    }
}

impl fmt::Display for ConnectError {
    /// The English message, for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ConnectError {}

/// Connects to the database `config` names, with the password from the environment or
/// the password file, over TLS when the server offers it (see the module's doc), without
/// checking its certificate.
pub fn connect(config: &Config) -> Result<Client, ConnectError> {
    connect_with_env(config, |name| std::env::var(name).ok())
}

/// Connects to `target`, checking the server's certificate as its `sslmode` asks
/// ([`super::tls`]).
pub fn connect_target(target: &PgTarget) -> Result<Client, ConnectError> {
    connect_checked(target.config(), target.verify(), |name| std::env::var(name).ok())
}

/// [`connect`] with the environment given as a function (for tests).
pub fn connect_with_env(config: &Config, env: impl Fn(&str) -> Option<String>) -> Result<Client, ConnectError> {
    connect_checked(config, &Verify::Nothing, env)
}

/// [`connect_target`] with the environment given as a function (for tests).
pub fn connect_checked(
    config: &Config,
    verify: &Verify,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Client, ConnectError> {
    let error = |reason: String| ConnectError { target: describe(config), reason, hint: None };
    let tls = tls::connector(verify).map_err(|e| error(e.to_string()))?;
    let mut with_password = config.clone();
    let found = if config.get_password().is_none() { password(config, &env) } else { Ok(String::new()) };
    if let Ok(password) = &found
        && config.get_password().is_none()
    {
        with_password.password(password.as_str());
    }
    with_password.connect(tls).map_err(|e| {
        // The server asked for a password and none was found: say why.
        let why = reason(&e);
        let missing = why.contains("password missing");
        ConnectError { hint: if missing { found.err() } else { None }, ..error(why) }
    })
}

/// What the client library says went wrong, with its cause: the library's own text is
/// only the kind ("error connecting to server", "db error"); the server's message or the
/// system's error ("No such file or directory") is what tells the operator why.
pub fn reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// The password for `config`: `PGPASSWORD`, else the first matching line of the password
/// file, else none (the server may not ask for one), and then why not.
fn password(config: &Config, env: &impl Fn(&str) -> Option<String>) -> Result<String, PasswordHint> {
    if let Some(p) = env("PGPASSWORD").filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    let file = match env("PGPASSFILE").filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env("HOME").unwrap_or_default()).join(".pgpass"),
    };
    let text = match read_private(&file) {
        Ok(text) => text,
        Err(loose) => return Err(if loose { PasswordHint::Loose(file) } else { PasswordHint::NoFile(file) }),
    };
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(dir)) if dir == Path::new(DEFAULT_SOCKET_DIR) => "localhost".into(),
        Some(Host::Unix(dir)) => dir.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(DEFAULT_PORT).to_string();
    let user = config.get_user().map(str::to_string).or_else(|| env("USER")).unwrap_or_default();
    let dbname = config.get_dbname().unwrap_or(&user).to_string();
    find_password(&text, [&host, &port, &dbname, &user])
        .ok_or_else(|| PasswordHint::NoLine(file, format!("{host}:{port}:{dbname}:{user}")))
}

/// The password file's text, if it is a file that only its owner may read or write
/// (libpq ignores it otherwise, and so do we).
/// `Err(true)` when it is there but others may read it, `Err(false)` when there is none.
fn read_private(path: &Path) -> Result<String, bool> {
    let meta = std::fs::metadata(path).map_err(|_| false)?;
    if !meta.is_file() {
        return Err(false);
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(true);
    }
    std::fs::read_to_string(path).map_err(|_| false)
}

/// The password of the first line whose host, port, database and user match `wanted`
/// (`*` matches anything; `\:` and `\\` are a literal colon and backslash).
pub fn find_password(text: &str, wanted: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let fields = split_fields(line);
            let [host, port, db, user, password]: [String; 5] = fields.try_into().ok()?;
            let matches = [host, port, db, user].iter().zip(wanted).all(|(field, want)| field == "*" || field == want);
            matches.then_some(password)
        })
        .next()
}

/// A password file line split at unescaped colons into at most five fields, the last one
/// (the password) taking the rest of the line.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let last = fields.len() - 1;
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields[last].push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields[last].push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_file_lines_match_field_by_field() {
        let text = "# comment\n\
                    db.example:5432:orders:order:first\n\
                    *:*:orders:*:second\n\
                    db.example:5432:*:order:third\n";
        let want = |h, p, d, u| find_password(text, [h, p, d, u]);
        assert_eq!(want("db.example", "5432", "orders", "order").as_deref(), Some("first"));
        assert_eq!(want("other", "5433", "orders", "x").as_deref(), Some("second"));
        assert_eq!(want("db.example", "5432", "stock", "order").as_deref(), Some("third"));
        assert_eq!(want("db.example", "5432", "stock", "someone"), None);
    }

    #[test]
    fn escaped_colons_and_backslashes() {
        let text = r"/run/pg\:x:5432:orders:order:pa\:ss\\word:with:colons";
        assert_eq!(
            find_password(text, ["/run/pg:x", "5432", "orders", "order"]).as_deref(),
            Some(r"pa:ss\word:with:colons")
        );
    }

    #[test]
    fn a_password_file_others_can_read_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "*:*:*:*:secret\n").unwrap();
        let mut config = Config::new();
        config.host("db.example").dbname("orders").user("order");
        let path = file.to_string_lossy().to_string();
        let env = |name: &str| (name == "PGPASSFILE").then(|| path.clone());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let loose = password(&config, &env).unwrap_err();
        assert_eq!(loose, PasswordHint::Loose(file.clone()));
        // The operator is told why, with the command that mends it.
        let err =
            ConnectError { target: "postgresql://db.example/orders".into(), reason: "x".into(), hint: Some(loose) };
        assert!(err.message(Lang::En).contains(&format!("chmod 600 {path}")), "{}", err.message(Lang::En));
        assert!(err.message(Lang::De).contains("andere sie lesen"), "{}", err.message(Lang::De));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(password(&config, &env).as_deref(), Ok("secret"));
        std::fs::write(&file, "other.example:*:*:*:secret\n").unwrap();
        assert_eq!(
            password(&config, &env),
            Err(PasswordHint::NoLine(file.clone(), "db.example:5432:orders:order".into()))
        );
        // PGPASSWORD comes first.
        let env = |name: &str| match name {
            "PGPASSWORD" => Some("fromenv".to_string()),
            "PGPASSFILE" => Some(path.clone()),
            _ => None,
        };
        assert_eq!(password(&config, &env).as_deref(), Ok("fromenv"));
    }

    #[test]
    fn the_tls_connector_builds_and_a_missing_root_file_is_named() {
        assert!(tls::connector(&Verify::Nothing).is_ok());
        let missing = std::path::PathBuf::from("/nonexistent/root.crt");
        let err = tls::connector(&Verify::AuthorityAndHost(missing)).err().expect("no root file");
        assert!(err.to_string().contains("/nonexistent/root.crt"), "{err}");
    }

    #[test]
    fn a_refused_connection_names_the_database_but_no_password() {
        let mut config = Config::new();
        // A socket directory with no server in it: refused at once, no network involved.
        config.host_path("/nonexistent-comuniq").dbname("orders").user("order");
        let env = |name: &str| (name == "PGPASSWORD").then(|| "s3cret".to_string());
        let err = connect_with_env(&config, env).err().expect("no server there");
        let msg = err.message(Lang::En);
        assert!(msg.contains("postgresql:///orders?host=/nonexistent-comuniq"), "{msg}");
        assert!(!msg.contains("s3cret"), "{msg}");
    }
}
