//! Every command that prints, with its reader gone before it writes (`… | head -n 1` that
//! has had its line): it ends quietly, as `ls` does — no panic, no message, exit 141
//! (128 + SIGPIPE) — and the same with stderr closed too.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use comuniq_order::domain::rules::iccid;
use comuniq_order::i18n::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A database with the demo's orders, and a valid answers file for it.
fn setup() -> (Harness, PathBuf, String) {
    let mut h = Harness::new(Lang::De);
    // Two orders waiting for a SIM: `sim link` lists them, the exports have rows.
    let later = common::orders::Kind { sim_later: true, port: false, manual_invoice: false };
    h.place(1, later, 1);
    h.place(2, later, 2);
    let db = h.dir.path().join("orders.db");
    let sim = h.unique_sim();
    let text =
        common::files::standard_order_file(&h, 3, &sim, &h.free_extension(3), &common::first_free_number(&db, 3));
    let file = h.dir.path().join("order.toml");
    std::fs::write(&file, text).unwrap();
    (h, db, file.to_str().unwrap().to_string())
}

/// Runs the binary with stdout (and with `close_stderr` stderr too) a pipe whose reading
/// end is closed before the program starts: its first write fails, however fast it is.
/// Returns the exit code and what stderr got.
fn closed_pipe(db: &Path, args: &[&str], close_stderr: bool) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
    cmd.args(["--db", db.to_str().unwrap(), "--today", "2026-11-26", "--operator", "tester", "--lang", "en"])
        .args(args)
        .stdin(Stdio::null());
    if close_stderr {
        let (err_reader, err_writer) = std::io::pipe().unwrap();
        drop(err_reader);
        let status = cmd.stdout(writer).stderr(err_writer).status().unwrap();
        return (status.code(), String::new());
    }
    let out = cmd.stdout(writer).stderr(Stdio::piped()).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// One test, not two: a second test thread forking at the same moment would hold the
/// pipe's reading end open for an instant, and a write could then succeed.
#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    if common::engine::sqlite_only("not a store test (the terminal's pipe); its rows are planted through SQLite") {
        return;
    }
    every_printing_command_ends_quietly_when_its_reader_is_gone();
    a_real_head_gets_its_line_and_the_command_ends_quietly();
}

fn every_printing_command_ends_quietly_when_its_reader_is_gone() {
    let (h, db, answers) = setup();
    let sims = h.dir.path().join("sims.csv");
    let body = "894907777000000001";
    std::fs::write(&sims, format!("iccid\n{body}{}\n", iccid::luhn_digit(body).unwrap())).unwrap();
    let sims = sims.to_str().unwrap().to_string();
    let waiting = h.customer_number(1);
    let linked = h.customer_number(2);
    // A SIM for the waiting order that the answers file does not take.
    let answers_sim = std::fs::read_to_string(&answers).unwrap();
    let linked_sim = h
        .data
        .sims
        .iter()
        .find(|s| !answers_sim.contains(&format!("sim = \"{}\"", &s[s.len() - 4..])))
        .unwrap()
        .clone();
    let commands: Vec<Vec<&str>> = vec![
        vec!["order", "--answers", &answers, "--json", "--dry-run"],
        vec!["order", "--answers", &answers, "--dry-run"],
        vec!["import", "sims", &sims, "--dry-run"],
        vec!["orders"],
        vec!["orders", "--format", "csv"],
        vec!["orders", "--format", "json"],
        vec!["invoice-items"],
        vec!["invoice-items", "--format", "csv"],
        vec!["invoice-items", "--format", "json"],
        vec!["catalog", "check"],
        vec!["--help"],
        vec!["orders", "--help"],
        vec!["--version"],
        // Lists the orders waiting for a SIM (several), then refuses.
        vec!["sim", "link", "--sim", "0000"],
        vec!["--customer", &waiting, "orders"],
        // These change the database: run once each.
        vec!["import", "sims", &sims],
        vec!["sim", "link", "--customer", &linked, "--sim", &linked_sim],
        vec!["order", "--answers", &answers, "--json"],
    ];
    for args in &commands {
        for close_stderr in [false, true] {
            let (code, err) = closed_pipe(&db, args, close_stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert_eq!(err, "", "{args:?}: a closed pipe is no error to report");
            // --help and --version: clap's own output; a closed pipe ends them with 0.
            let quiet = if args.iter().any(|a| a.starts_with("--help") || a.starts_with("--version")) {
                Some(0)
            } else {
                Some(141)
            };
            assert!(code == quiet || code == Some(141), "{args:?} (stderr closed: {close_stderr}): exit {code:?}");
            let writes = matches!(args[0], "order" | "import" | "sim") && !args.contains(&"--dry-run");
            if writes {
                break;
            }
        }
    }
    // The order was placed before its result could not be printed.
    let placed: i64 =
        rusqlite::Connection::open(&db).unwrap().query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(placed, 3, "the two of the set-up and the one of the answers file");
    let linked: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM sims WHERE iccid = ?1 AND state = 'assigned'", [&linked_sim], |r| r.get(0))
        .unwrap();
    assert_eq!(linked, 1);
}

/// The shell's view: `cmd | head -n 1` with far more output than a pipe buffer holds.
fn a_real_head_gets_its_line_and_the_command_ends_quietly() {
    let (_h, db, _) = setup();
    let script = format!(
        "set -o pipefail; for i in 1 2 3 4 5 6 7 8; do '{bin}' --db '{db}' --lang en orders --format json; done \
         | head -n 1; echo \"status=${{PIPESTATUS[0]}}\"",
        bin = env!("CARGO_BIN_EXE_comuniq-order"),
        db = db.display()
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.starts_with('['), "{stdout}");
    assert!(!stderr.contains("panicked") && !stderr.contains("comuniq-order:"), "{stderr}");
}
