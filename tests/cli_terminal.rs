//! The program never draws where it can't: with no terminal on stdin or stdout, or with
//! `TERM=dumb`, the wizard runs in line mode (issue 14; before, it was refused with exit 3):
//! plain lines, no escape sequence.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use std::process::Command;

#[test]
fn no_terminal_or_a_dumb_one_gives_line_mode_without_an_escape_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orders.db");
    for term in ["xterm-256color", "dumb"] {
        let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
            .args(["--db", db.to_str().unwrap()])
            .env("TERM", term)
            .env_remove("LANG")
            .env_remove("ACCESSIBLE")
            .output()
            .unwrap();
        // The input ends at the menu: a script's normal end.
        assert_eq!(out.status.code(), Some(0), "{term}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        // The default language, German.
        assert!(text.starts_with("Zeilenmodus: "), "{term}: {text}");
        assert!(text.contains("  4 Bestellübersicht\n"), "{term}: {text}");
        assert!(!out.stdout.contains(&0x1b), "{term}: no escape codes into a pipe: {text:?}");
    }
}
