//! The real binary in a real pseudo-terminal (through util-linux's `script`), as under tmux
//! or GNU screen: it draws, takes keys, and leaves the terminal as it found it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Runs the demo in a pty of 80×24 with `term`, typing `keys` with pauses; returns the output.
fn run_in_pty(term: &str, keys: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty-demo.db");
    let bin = env!("CARGO_BIN_EXE_comuniq-order");
    let inner = format!("stty cols 80 rows 24; '{bin}' demo --db '{}' --lang de", db.display());
    let mut child = Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("TERM", term)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux script(1) runs programs in a pty");
    let mut stdin = child.stdin.take().unwrap();
    // The first start seeds the demo; give it time before the first key.
    std::thread::sleep(Duration::from_millis(1500));
    for k in keys {
        stdin.write_all(k.as_bytes()).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(400));
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn works_under_screen_and_xterm_terminal_types() {
    for term in ["screen-256color", "xterm-256color"] {
        let (ok, out) = run_in_pty(term, &["4", "\x1b", "q"]);
        assert!(ok, "{term}: exit status");
        assert!(out.contains("Bestellen") && out.contains("Bestellübersicht"), "{term}: {out:?}");
        assert!(out.contains("\x1b[?1049h"), "{term}: the alternate screen is entered");
        assert!(
            out.ends_with("\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l"),
            "{term}: and left: mouse off, attributes off, cursor on"
        );
        // Big frames come in synchronized-output brackets, balanced.
        assert_eq!(out.matches("\x1b[?2026h").count(), out.matches("\x1b[?2026l").count(), "{term}");
    }
}
