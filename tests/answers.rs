//! `order --answers`: the real binary on a real database (`common::db`). An answers file must give the
//! same rows as the same order typed through the keys.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::db;
use common::files::{ported_order_file, standard_order_file};
use common::keys::{standard_order_to_confirm, standard_order_with_cost_centre_to_confirm};
use comuniq_order::driver::pin_hash;
use comuniq_order::i18n::Lang;
use comuniq_order::tui::Screen;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A second database seeded like the harness's, for the binary to write to.
fn twin_db(h: &Harness) -> PathBuf {
    let path = h.dir.path().join("twin.db");
    let mut store = db::open(&path);
    comuniq_order::demo::seed(&mut store, &h.data).unwrap();
    path
}

/// Runs the binary on `db` with the tests' date and operator.
fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &db::db_arg(db), "--today", "2026-11-26", "--operator", "tester", "--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every row of every table, without what depends on the clock or the PIN's salt.
fn dump(db: &Path) -> Vec<String> {
    let conn = db::conn(db);
    let tables = [
        "customers",
        "users",
        "orders",
        "extensions",
        "numbers",
        "sims",
        "order_addons",
        "order_states",
        "invoice_items",
    ];
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2")).unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = Vec::new();
                for (i, n) in names.iter().enumerate() {
                    if ["created_at", "at", "pin_hash", "order_no"].contains(&n.as_str()) {
                        continue;
                    }
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{n}={v:?}"));
                }
                Ok(format!("{t}: {}", cells.join(" ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn count(db: &Path, sql: &str) -> i64 {
    db::conn(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The order of `e2e::new_user_sim_now_and_new_number`, typed key by key and placed.
fn type_the_order(h: &mut Harness, n: usize, sim: &str, ext: &str) {
    standard_order_to_confirm(h, n, sim, ext);
    h.ctrl('n');
    assert!(matches!(h.app.screen(), Screen::Placed(_)), "{}", h.text());
}

/// The saved `text` with the PIN added, replayed on `twin`; the typed order placed with
/// Bestellen: both databases hold the same rows.
fn replay_with_pin_and_place(h: &mut Harness, twin: &Path, text: &str) {
    let with_pin = h.write("with-pin.txt", format!("{text}pin = \"4711\"\n"));
    let out = run(twin, &["order", "--answers", &with_pin]);
    assert!(out.status.success(), "{}", stderr(&out));
    h.ctrl('n');
    assert!(matches!(h.app.screen(), Screen::Placed(_)), "{}", h.text());
    assert_eq!(dump(&h.dir.path().join("orders.db")), dump(twin));
}

/// The one answers file Ctrl-S saved into the harness's directory.
fn saved_answers_file(h: &Harness) -> PathBuf {
    let saved: Vec<PathBuf> = std::fs::read_dir(h.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    saved[0].clone()
}

#[test]
fn answers_file_and_keys_give_the_same_rows() {
    let mut h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    let number = common::first_free_number(&twin, 3);
    let file = h.write("order.toml", standard_order_file(&h, 3, &sim, &ext, &number));
    type_the_order(&mut h, 3, &sim, &ext);
    let out = run(&twin, &["order", "--answers", &file]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("placed CO-"), "{}", stdout(&out));
    let typed = dump(&h.dir.path().join("orders.db"));
    let replayed = dump(&twin);
    assert_eq!(typed, replayed);
    // The salted hashes differ, but both are the PIN's.
    let hash: String = db::conn(&twin).query_row("SELECT pin_hash FROM orders", [], |r| r.get(0)).unwrap();
    assert!(pin_hash::verify("4711", &hash));
}

#[test]
fn invalid_and_missing_answers_are_listed_with_their_fields() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let file = h.write(
        "bad.toml",
        format!(
            "customer = \"{}\"\nvoice = \"business\"\ndata = \"data-40\"\nuser = \"nobody\"\nsim = \"8949\"\n\
             extension = \"112\"\npin = \"123456\"\naddons = [\"world-roaming\", \"warp-drive\"]\n",
            h.customer_number(2)
        ),
    );
    let out = run(&twin, &["order", "--answers", &file]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // The term and the SMS package are missing: they keep the catalog's defaults.
    for expected in [
        "data \"data-40\": Not offered with this voice product",
        "addons \"world-roaming\": Requires",
        "addons \"warp-drive\": Unknown choice",
        "user \"nobody\": Unknown choice",
        "extension \"112\": ",
        "display_name: Required",
        "pin: Too simple",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("123456"), "the PIN is never printed:\n{err}");
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 0);
}

#[test]
fn dry_run_prints_prices_and_warnings_and_writes_nothing() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let text = ported_order_file(&h.data.customers[5], "030 98765432", &h.free_extension(5), "0000");
    let file = h.write("dry.toml", &text);
    let out = run(&twin, &["order", "--answers", &file, "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("valid: nothing written"), "{text}");
    assert!(text.contains("Total"), "{text}");
    assert!(text.matches("warning:").count() == 3, "{text}");
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 0);

    let out = run(&twin, &["order", "--answers", &file, "--dry-run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["status"], "valid");
    assert!(json["totals"]["monthly_cents"].as_i64().unwrap() > 0);
    assert_eq!(json["warnings"].as_array().unwrap().len(), 3);
    assert!(json["answers"].get("pin").is_none(), "{json}");

    let out = run(&twin, &["order", "--answers", &file, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["status"], "placed");
    assert_eq!(json["pending"], serde_json::json!(["sim", "porting"]));
    assert_eq!(count(&twin, "SELECT count(*) FROM orders WHERE state = 'pending'"), 1);
}

#[test]
fn refusals_as_json_on_stdout() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let file = h.write("j.toml", "customer = \"K-999999\"\n");
    let out = run(&twin, &["order", "--answers", &file, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["status"], "refused");
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "customer");
    assert_eq!(errors[0]["value"], "K-999999");
}

#[test]
fn a_taken_extension_is_refused_by_the_store_check_and_nothing_is_written() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let taken = &h.data.customers[7].extensions[0].number;
    let text = ported_order_file(&h.data.customers[7], "030 98765432", taken, "4711");
    let out = run(&twin, &["order", "--answers", &h.write("t.toml", &text)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("extension \"{taken}\": Already taken")), "{}", stderr(&out));
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 0);
}

/// A refused `order --answers` leaves no draft: the file is what is kept, and one draft per
/// refused run would pile up in the operator's menu. The same file six times at once: one
/// places it, the others find its SIM taken, most of them by the store's check at placing
/// (after the answers were filled in), where the wizard keeps a draft on the screen.
#[test]
fn refused_answers_files_leave_no_draft() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    let file = h.write("order.toml", standard_order_file(&h, 3, &sim, &ext, &common::first_free_number(&twin, 3)));
    let children: Vec<_> = (0..6)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
                .args(["--db", &db::db_arg(&twin), "--today", "2026-11-26", "--operator", "tester", "--lang", "en"])
                .args(["order", "--answers", &file])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<Option<i32>> = children.into_iter().map(|mut c| c.wait().unwrap().code()).collect();
    assert_eq!(codes.iter().filter(|c| **c == Some(0)).count(), 1, "{codes:?}");
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 1);
    assert_eq!(count(&twin, "SELECT count(*) FROM drafts"), 0);
}

#[test]
fn file_errors_exit_3_with_the_line() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let file = h.write("typo.toml", "term = \"m24\"\nvoise = \"business\"\n");
    let out = run(&twin, &["order", "--answers", &file]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("typo.toml:2:"), "{}", stderr(&out));
    let out = run(&twin, &["order", "--answers", "/nonexistent/x.toml"]);
    assert_eq!(out.status.code(), Some(3));
    let out = run(&twin, &["order"]);
    assert_eq!(out.status.code(), Some(2), "usage: --answers is required");
    let out = run(&twin, &["order", "--answers", &file, "--interactive", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_saved_file_without_pin_asks_for_it() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    let number = common::first_free_number(&twin, 3);
    let text = standard_order_file(&h, 3, &sim, &ext, &number).replace("pin = \"4711\"\n", "");
    let out = run(&twin, &["order", "--answers", &h.write("nopin.toml", &text)]);
    // Without a terminal there is no one to ask: the PIN is listed as missing.
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pin: Required"), "{}", stderr(&out));
}

#[test]
fn catalog_check() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let out = run(&twin, &["catalog", "check"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains(": ok") && text.contains("business") && text.contains("rules:"), "{text}");
    let broken = h.write(
        "broken.toml",
        comuniq_order::domain::catalog::DEFAULT_TOML.replacen(
            "requires = [\"eu-roaming\"]",
            "requires = [\"eu-roamin\"]",
            1,
        ),
    );
    let out = run(&twin, &["catalog", "check", &broken]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("broken.toml:") && stderr(&out).contains("eu-roamin"), "{}", stderr(&out));
    let out = run(&twin, &["catalog", "check", "/nonexistent.toml"]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn ctrl_s_on_confirm_saves_a_file_without_pin_that_replays_to_the_same_rows() {
    let mut h = Harness::new(Lang::En);
    let twin = twin_db(&h);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    standard_order_to_confirm(&mut h, 3, &sim, &ext);
    h.ctrl('s');
    assert!(h.text().contains("Answers saved to"), "{}", h.text());
    let saved = saved_answers_file(&h);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(!text.contains("4711") && !text.contains("\npin"), "{text}");
    // Replayed without a PIN: asked for (no terminal here, so listed as missing).
    let out = run(&twin, &["order", "--answers", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pin: Required"), "{}", stderr(&out));
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 0);
    // With the PIN added, the same order as the keys place.
    replay_with_pin_and_place(&mut h, &twin, &text);
}

/// Windows line endings, text that is not UTF-8 and the count of refusals: each message
/// names the right line, and says "1 answer" or "2 answers".
#[test]
fn crlf_invalid_utf8_and_the_count_of_refusals() {
    let h = Harness::new(Lang::De);
    let twin = twin_db(&h);
    let crlf = h.write("crlf.toml", "term = \"m24\"\r\n\r\nvoise = \"business\"\r\n");
    let out = run(&twin, &["order", "--answers", &crlf]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("crlf.toml:3: unknown field `voise`"), "{}", stderr(&out));
    let path = h.dir.path().join("latin1.toml");
    std::fs::write(&path, b"term = \"m24\"\r\nreference = \"M\xfcller\"\r\n").unwrap();
    let out = run(&twin, &["order", "--answers", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("latin1.toml:2: not UTF-8 text at byte offset 28"), "{}", stderr(&out));
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    let valid = standard_order_file(&h, 3, &sim, &ext, &common::first_free_number(&twin, 3));
    let one = h.write("one.toml", format!("{valid}reference = \"{}\"\n", "x".repeat(41)));
    let out = run(&twin, &["order", "--answers", &one, "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).trim_end().ends_with("one.toml: 1 answer refused"), "{}", stderr(&out));
    let two = h.write(
        "two.toml",
        format!("{valid}reference = \"{}\"\nemail = \"x@\"\n", "x".repeat(41))
            .replace("email = \"erika@beispiel.de\"\n", ""),
    );
    let out = run(&twin, &["order", "--answers", &two, "--dry-run"]);
    assert!(stderr(&out).trim_end().ends_with("two.toml: 2 answers refused"), "{}", stderr(&out));
}

/// The cost centre in answers files: Ctrl-S on *Bestätigen* writes it under its key, the
/// file (with the PIN added) replays to the same rows, the cost centre included; a
/// hand-written one is stored trimmed, and one over 20 characters (spaces count, as for the
/// reference) is refused by its key.
#[test]
fn a_cost_centre_goes_through_answers_files_both_ways() {
    let mut h = Harness::new(Lang::En);
    let twin = twin_db(&h);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    standard_order_with_cost_centre_to_confirm(&mut h, 3, &sim, &ext, "KST 4711/Ä");
    h.ctrl('s');
    let saved = saved_answers_file(&h);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("cost_centre = \"KST 4711/Ä\"\n"), "{text}");
    replay_with_pin_and_place(&mut h, &twin, &text);
    let cost_centre = |db: &Path| -> Vec<String> {
        let conn = db::conn(db);
        let mut stmt = conn.prepare("SELECT cost_centre FROM orders ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(cost_centre(&twin), ["KST 4711/Ä"]);

    // Written by hand: trimmed as typed ones are; too long: refused, nothing written.
    let conn = db::conn(&twin);
    let sim = common::line::unique_sim_in(&conn);
    let ext = common::line::free_extension_in(&conn, &h.customer_number(4));
    let order = standard_order_file(&h, 4, &sim, &ext, &common::first_free_number(&twin, 4));
    let long = h.write("long.toml", format!("{order}cost_centre = \"{}\"\n", "x".repeat(21)));
    let out = run(&twin, &["order", "--answers", &long]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert_eq!(said.lines().filter(|l| l.contains(": cost_centre ")).count(), 1, "{said}");
    assert!(said.contains("1 answer refused"), "only the cost centre: {said}");
    assert_eq!(count(&twin, "SELECT count(*) FROM orders"), 1);
    let padded = h.write("padded.toml", format!("{order}cost_centre = \"  {}  \"\n", "x".repeat(16)));
    let out = run(&twin, &["order", "--answers", &padded]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(cost_centre(&twin), ["KST 4711/Ä".to_string(), "x".repeat(16)]);
}
