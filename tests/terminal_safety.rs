//! Guarantee: nothing raw reaches the terminal. Control characters and escape sequences
//! (ESC, BEL, CSI, OSC, the C1 control U+009B, NUL, CR, NEL) go in through every input — a
//! CSV field of each import kind and the file's name, an answers file, each command-line
//! option that is text, the database itself (rows written with rusqlite) — and every output
//! is read back: stderr, stdout of each `--format` to a pipe and to a terminal (a pty), and
//! the full-screen program's bytes in a pty. None holds a raw control character (line
//! breaks aside); where the data goes to a pipe as CSV or JSON it is kept exact.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::pty::Pty;
use comuniq_order::i18n::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// What an attacker puts in a spreadsheet cell: a title change (OSC 0 … BEL), a screen
/// clear (CSI 2J), an 8-bit CSI (U+009B) asking for the cursor position, a carriage return,
/// a NEL (U+0085), a bidi override.
const PAYLOAD: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}6n\ru\u{85}\u{202e}y";
/// The same for a file, with a NUL (arguments can't hold one).
const PAYLOAD_NUL: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}6n\0\ru\u{85}y";

/// Fails when `bytes` hold a raw control character other than a line break.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}') {
        panic!("{what}: raw {c:?} reaches the terminal in:\n{text}");
    }
}

/// The pieces of the payload a terminal would obey, as bytes of the program's output to a
/// pty (where the program's own escape sequences are expected): none may be there.
fn assert_no_payload(what: &str, bytes: &[u8]) {
    // (`ESC [2J` is the program's own screen clear, so the payload's CSI is its 8-bit form.)
    for needle in [&b"\x1b]0;pwned"[..], b"\x07", b"\xc2\x9b", b"\x00", b"\xc2\x85", b"\xe2\x80\xae"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{what}: {needle:?} in {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
    cmd.env("LANG", "en_US.UTF-8").stdin(Stdio::null());
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    bin().args(["--db", db.to_str().unwrap(), "--today", "2026-11-26"]).args(args).output().unwrap()
}

/// Runs and checks stderr and stdout of one command line.
fn clean_run(what: &str, db: &Path, args: &[&str]) -> Output {
    let out = run(db, args);
    assert_clean(&format!("{what}: stderr"), &out.stderr);
    assert_clean(&format!("{what}: stdout"), &out.stdout);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{what}");
    out
}

/// Keys typed with a pause after each, for the screen to show what they lead to.
fn slowly(pty: &mut Pty, keys: &[&str]) {
    for k in keys {
        pty.send(k);
        pty.pump(Duration::from_millis(300));
    }
}

/// A demo database whose rows carry the payload where text is kept: customer name and
/// city, user name and names, order reference, operator and display name, extension name,
/// invoice item text. Written with rusqlite, as another program (or an old version) could.
fn poisoned() -> (Harness, PathBuf) {
    let mut h = Harness::new(Lang::En);
    let later = common::orders::Kind { sim_later: true, port: false, manual_invoice: false };
    h.place(1, later, 1);
    h.place(2, later, 2);
    let db = h.dir.path().join("orders.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    for sql in [
        "UPDATE customers SET name = ?1, city = ?1 WHERE id IN (2, 3)",
        "UPDATE users SET username = id || ?1, first_name = ?1, last_name = ?1",
        "UPDATE orders SET reference = ?1, operator = ?1, display_name = ?1",
        "UPDATE extensions SET name = ?1",
        "UPDATE invoice_items SET text = ?1",
    ] {
        conn.execute(sql, [PAYLOAD_NUL]).unwrap();
    }
    (h, db)
}

#[test]
fn the_database_reaches_no_output_raw() {
    if common::engine::sqlite_only(
        "not a store test (what reaches the terminal); its payloads are planted through SQLite",
    ) {
        return;
    }
    let (_h, db) = poisoned();
    for command in ["orders", "invoice-items"] {
        for format in ["table", "csv", "json"] {
            let what = format!("{command} --format {format} to a pipe");
            let out = run(&db, &[command, "--format", format]);
            assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
            assert_clean(&format!("{what}: stderr"), &out.stderr);
            match format {
                // CSV into a file or pipe keeps the data exact.
                "csv" => assert!(String::from_utf8_lossy(&out.stdout).contains(PAYLOAD_NUL), "{what}"),
                // JSON escapes every control character and keeps the data for a reader.
                "json" => {
                    assert_clean(&what, &out.stdout);
                    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                    assert!(
                        rows.to_string().contains("pwned")
                            && rows
                                .as_array()
                                .unwrap()
                                .iter()
                                .any(|r| { r.as_object().unwrap().values().any(|v| v.as_str() == Some(PAYLOAD_NUL)) }),
                        "{what}"
                    );
                }
                _ => {
                    assert_clean(&what, &out.stdout);
                    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{1b}]0;pwned\\u{7}"), "{what}");
                }
            }
            // On a terminal every format is made safe.
            let mut cmd = bin();
            cmd.args(["--db", db.to_str().unwrap(), command, "--format", format]);
            let bytes = Pty::command(cmd, 80, 24).finish();
            assert_no_payload(&format!("{command} --format {format} on a terminal"), &bytes);
            assert!(String::from_utf8_lossy(&bytes).contains("pwned"), "{command} {format}: rows shown");
        }
    }
    // `sim link` lists the waiting orders with their customer and user.
    let out = clean_run("sim link listing", &db, &["sim", "link", "--sim", "0000"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("pwned"), "listed");
}

#[test]
fn the_full_screen_shows_no_payload_from_the_database() {
    if common::engine::sqlite_only(
        "not a store test (what reaches the terminal); its payloads are planted through SQLite",
    ) {
        return;
    }
    let (h, db) = poisoned();
    let mut cmd = bin();
    cmd.args(["--db", db.to_str().unwrap(), "--operator", "tester", "--today", "2026-11-26", "--lang", "de"])
        .env("XDG_STATE_HOME", h.dir.path());
    let mut pty = Pty::command(cmd, 80, 24);
    pty.pump(Duration::from_millis(800));
    // The overview lists the orders: customer, user, reference.
    slowly(&mut pty, &["4", "\r", "\x1b", "\x1b"]);
    // A new order: the customer list shows the names.
    slowly(&mut pty, &["1", "K-100002", "\x03"]);
    let bytes = pty.finish();
    assert_no_payload("the full screen", &bytes);
    let mut screen = vt100::Parser::new(24, 80, 0);
    screen.process(&bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("pwned"), "the poisoned rows were on screen");
}

#[test]
fn every_import_kind_and_the_file_name_reach_stderr_escaped() {
    if common::engine::sqlite_only(
        "not a store test (what reaches the terminal); its payloads are planted through SQLite",
    ) {
        return;
    }
    let h = Harness::new(Lang::En);
    let db = h.dir.path().join("orders.db");
    let k = h.customer_number(0);
    // A CR inside a line is a malformed file (exit 3); without it, the rules see the value.
    for (p, code) in [(PAYLOAD_NUL, 3), (PAYLOAD_NUL.replace('\r', "").as_str(), 1)] {
        let files = [
            (
                "customers",
                format!("number,name,city,dial_plan_len,area_code\nK-900001,{p},{p},3,030\nK-9{p},A,B,{p},0{p}\n"),
            ),
            (
                "users",
                format!(
                    "customer,username,first_name,last_name,email,language,prefix\n{k},u{p},{p},{p},a{p}@b.de,{p},{p}\n{p},x,A,B,a@b.de,de,\n"
                ),
            ),
            ("extensions", format!("customer,number,name\n{k},2{p},{p}\n")),
            ("numbers", format!("customer,number\n{k},030{p}\n")),
            ("sims", format!("iccid\n8949{p}\n{p}\n")),
        ];
        for (kind, content) in files {
            for name in [format!("{kind}.csv"), format!("{kind}\u{1b}]0;pwned\u{7}\u{9b}6n.csv")] {
                let path = h.dir.path().join(&name);
                std::fs::write(&path, &content).unwrap();
                for dry in [&[][..], &["--dry-run"][..]] {
                    let mut args = vec!["--lang", "en", "import", kind, path.to_str().unwrap()];
                    args.extend_from_slice(dry);
                    let out = clean_run(&format!("import {kind} {name:?}"), &db, &args);
                    let err = String::from_utf8_lossy(&out.stderr);
                    assert_eq!(out.status.code(), Some(code), "{kind}: {err}");
                    if code == 1 {
                        assert!(err.contains("\\u{"), "{kind}: the value is shown, escaped: {err}");
                    }
                }
            }
            // Malformed files too (an unclosed quote, a wrong column count, bytes not UTF-8).
            for (i, broken) in
                [format!("{content}\"{p}"), format!("{content}{p},{p},{p},{p},{p},{p},{p},{p}\n")].iter().enumerate()
            {
                let path = h.dir.path().join(format!("broken{i}\u{1b}]0;pwned\u{7}.csv"));
                std::fs::write(&path, broken).unwrap();
                let out =
                    clean_run(&format!("import {kind} broken {i}"), &db, &["import", kind, path.to_str().unwrap()]);
                assert_ne!(out.status.code(), Some(0));
            }
        }
    }
}

#[test]
fn answers_files_reach_stderr_and_json_escaped() {
    if common::engine::sqlite_only(
        "not a store test (what reaches the terminal); its payloads are planted through SQLite",
    ) {
        return;
    }
    let h = Harness::new(Lang::En);
    let db = h.dir.path().join("orders.db");
    // TOML escapes: the values themselves hold the control characters.
    let escaped = "x\\u001b]0;pwned\\u0007\\u001b[2J\\u009b6n\\u0000\\ru\\u0085y";
    let file = h.dir.path().join("a.toml");
    let mut text = format!("customer = \"{}\"\n", h.customer_number(1));
    for key in [
        "reference",
        "username",
        "first_name",
        "last_name",
        "email",
        "display_name",
        "sim",
        "number",
        "extension",
        "term",
        "voice",
    ] {
        text.push_str(&format!("{key} = \"{escaped}\"\n"));
    }
    text.push_str("new_user = true\n");
    std::fs::write(&file, &text).unwrap();
    let f = file.to_str().unwrap();
    for extra in [&[][..], &["--json"][..], &["--dry-run"][..]] {
        let mut args = vec!["order", "--answers", f, "--operator", "tester"];
        args.extend_from_slice(extra);
        let out = clean_run(&format!("order {extra:?}"), &db, &args);
        assert_eq!(out.status.code(), Some(1), "refused: {}", String::from_utf8_lossy(&out.stderr));
    }
    // Raw control characters in the file: a TOML error, its message escaped too.
    for (i, raw) in [
        format!("reference = \"{PAYLOAD_NUL}\"\n"),
        format!("{PAYLOAD_NUL} = 1\n"),
        format!("reference = \"a\"\r\n\r\n{PAYLOAD}\r\n"),
    ]
    .iter()
    .enumerate()
    {
        let file = h.dir.path().join(format!("raw{i}\u{1b}]0;pwned\u{7}.toml"));
        std::fs::write(&file, raw).unwrap();
        let out = clean_run(&format!("raw answers file {i}"), &db, &["order", "--answers", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn every_text_option_reaches_the_terminal_escaped() {
    if common::engine::sqlite_only(
        "not a store test (what reaches the terminal); its payloads are planted through SQLite",
    ) {
        return;
    }
    let (h, db) = poisoned();
    let answers = h.dir.path().join("a.toml");
    std::fs::write(&answers, format!("customer = \"{}\"\n", h.customer_number(1))).unwrap();
    let a = answers.to_str().unwrap();
    let bad_path = h.dir.path().join(format!("no{PAYLOAD}/x"));
    let bad = bad_path.to_str().unwrap();
    let p = PAYLOAD;
    let cases: Vec<Vec<&str>> = vec![
        vec!["--operator", p, "order", "--answers", a],
        vec!["--operator", p, "sim", "link", "--sim", "0000"],
        vec!["--customer", p, "orders"],
        vec!["--customer", p, "invoice-items", "--format", "csv"],
        vec!["--customer", p, "sim", "link", "--sim", "0000"],
        vec!["--customer", p, "order", "--answers", a],
        vec!["--lang", p, "orders"],
        vec!["orders", "--since", p],
        vec!["orders", "--state", p],
        vec!["orders", "--format", p],
        vec!["sim", "link", p, "--sim", "1234"],
        vec!["sim", "link", "--sim", p],
        vec!["import", p, "x.csv"],
        vec!["import", "sims", bad],
        vec!["catalog", "check", bad],
        vec!["--catalog", bad, "import", "sims", "x.csv"],
        vec!["order", "--answers", bad],
        vec![p],
    ];
    for args in &cases {
        let out = clean_run(&format!("{args:?}"), &db, args);
        assert_ne!(out.status.code(), Some(0), "{args:?} must be refused");
        // And on a terminal, where clap would colour its own messages.
        let mut cmd = bin();
        cmd.args(["--db", db.to_str().unwrap()]).args(args);
        let bytes = Pty::command(cmd, 80, 24).finish();
        assert_no_payload(&format!("{args:?} on a terminal"), &bytes);
    }
    // A database path with the payload in its name.
    let odd_db = h.dir.path().join(format!("db{p}.db"));
    std::fs::write(&odd_db, b"not a database at all, just text").unwrap();
    let out = clean_run("odd --db", &odd_db, &["orders"]);
    assert_ne!(out.status.code(), Some(0));
}
