//! The program refuses to draw where it can't: no terminal, or `TERM=dumb`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use std::process::Command;

#[test]
fn no_terminal_or_a_dumb_one_is_refused_before_touching_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orders.db");
    for term in ["xterm-256color", "dumb"] {
        let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
            .args(["--db", db.to_str().unwrap()])
            .env("TERM", term)
            .env_remove("LANG")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{term}");
        let err = String::from_utf8_lossy(&out.stderr);
        // The default language, German.
        assert!(err.contains("braucht ein interaktives Terminal"), "{term}: {err}");
        assert!(out.stdout.is_empty(), "no escape codes into a pipe");
    }
    assert!(!db.exists(), "nothing was created");
}
