//! `--db` on the command line, as the real binary reads it (no server needed): a password
//! in it is refused on every command with the message that says where it goes instead,
//! and no message names a credential; `sqlite:` and paths are SQLite files; a server that
//! isn't there is exit code 7, as a database folder that can't be reached.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use std::path::Path;
use std::process::{Command, Output};

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env_remove("PGPASSWORD")
        .env_remove("PGHOST")
        .env_remove("PGUSER")
        .env_remove("PGDATABASE")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every command, with `--db` given.
const COMMANDS: [&[&str]; 9] = [
    &[],
    &["demo"],
    &["orders"],
    &["invoice-items"],
    &["sim", "link", "--sim", "1234"],
    &["import", "customers", "kunden.csv"],
    &["order", "--answers", "order.toml"],
    &["db", "check"],
    &["db", "copy", "--to", "host=/nonexistent-comuniq dbname=x"],
];

#[test]
fn a_password_in_db_is_refused_on_every_command_and_never_echoed() {
    let home = tempfile::tempdir().unwrap();
    for db in ["postgres://order:s3cret@db.example/orders", "host=db.example dbname=orders user=order password=s3cret"]
    {
        for command in COMMANDS {
            for (lang, says) in [("en", "does not belong in --db"), ("de", "gehört nicht in --db")] {
                let mut args = vec!["--lang", lang, "--db", db];
                args.extend_from_slice(command);
                let out = run(home.path(), &args);
                let err = stderr(&out);
                assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
                assert!(err.contains(says) && err.contains("PGPASSWORD") && err.contains(".pgpass"), "{err}");
                // The URL's port is its default, 5432; key=value gives none.
                let named = err.contains("(postgresql://db.example:5432/orders)")
                    || err.contains("(postgresql://db.example/orders)");
                assert!(named, "names host and database: {err}");
                assert!(!err.contains("s3cret") && !err.contains("order@"), "{err}");
                assert!(out.stdout.is_empty(), "{command:?}");
            }
        }
    }
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0, "nothing created");
}

#[test]
fn an_empty_db_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--lang", "en", "--db", "", "orders"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--db is empty"), "{}", stderr(&out));
    // `sqlite:` with no path is as empty (it was exit 3, "no database at " with no name),
    // on every command, the wizard's too; nothing is created.
    for command in COMMANDS {
        let mut args = vec!["--lang", "en", "--db", "sqlite:"];
        args.extend_from_slice(command);
        let out = run(home.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--db is empty"), "{command:?}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0, "nothing created");
}

#[test]
fn sqlite_prefix_and_paths_are_files() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("host=x.db");
    // A file name that looks like a connection string, said to be a file.
    let value = format!("sqlite:{}", file.display());
    let out = run(home.path(), &["--lang", "en", "--db", &value, "orders"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("No database at {}", file.display())), "{}", stderr(&out));
    let out = run(home.path(), &["--lang", "en", "--db", &value, "db", "check"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!file.exists(), "db check creates no file");
}

#[test]
fn a_server_that_is_not_there_has_the_exit_code_of_an_unreachable_folder_and_names_no_user() {
    let home = tempfile::tempdir().unwrap();
    for db in
        ["host=/nonexistent-comuniq dbname=orders user=anna", "postgresql://anna@/orders?host=/nonexistent-comuniq"]
    {
        for command in [&["orders"][..], &["db", "check"]] {
            let mut args = vec!["--lang", "en", "--db", db];
            args.extend_from_slice(command);
            let out = run(home.path(), &args);
            let err = stderr(&out);
            // 7, as a folder the database can't be reached in.
            assert_eq!(out.status.code(), Some(7), "{db} {command:?}: {err}");
            assert!(err.contains("cannot connect to postgresql:///orders?host=/nonexistent-comuniq"), "{err}");
            assert!(!err.contains("anna"), "{err}");
        }
    }
}

#[test]
fn help_says_what_db_takes() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--db <PATH|URL>") && help.contains("postgres://user@host/dbname"), "{help}");
    assert!(help.contains("db copy --from orders.db --to postgres://"), "{help}");
    let out = run(home.path(), &["db", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("copy") && help.contains("check"), "{help}");
}
