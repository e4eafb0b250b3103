//! `import`: the real binary on a real database (SQLite, or PostgreSQL: `common::db`). Each kind's happy path, each kind of
//! refusal, and malformed CSV, always with nothing written on a refusal.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::db;
use comuniq_order::demo;
use comuniq_order::domain::rules::iccid;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

struct Db {
    dir: TempDir,
    path: PathBuf,
    data: demo::DemoData,
}

fn seeded() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let data = demo::generate(demo::DEMO_SEED, 6);
    demo::seed(&mut db::open(&path), &data).unwrap();
    Db { dir, path, data }
}

impl Db {
    fn file(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p.to_str().unwrap().to_string()
    }
    fn import(&self, kind: &str, file: &str, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
            .args(["--db", &db::db_arg(&self.path), "--lang", "en", "import", kind, file])
            .args(extra)
            .output()
            .unwrap()
    }
    fn count(&self, sql: &str) -> i64 {
        count(&self.path, sql)
    }
    /// Row counts of every table, to prove a refusal wrote nothing.
    fn snapshot(&self) -> Vec<i64> {
        ["customers", "users", "extensions", "numbers", "sims"]
            .iter()
            .map(|t| self.count(&format!("SELECT count(*) FROM {t}")))
            .collect()
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    db::conn(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Importing `file` as `kind` is refused (exit 1), naming each of `expected`.
fn refused(db: &Db, kind: &str, file: &str, expected: &[&str]) {
    let out = db.import(kind, file, &[]);
    assert_eq!(out.status.code(), Some(1));
    let e = err(&out);
    for expected in expected {
        assert!(e.contains(expected), "{expected} in {e}");
    }
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A valid ICCID not in the demo stock.
fn new_iccid(n: u32) -> String {
    let body = format!("894907777{n:09}");
    format!("{body}{}", iccid::luhn_digit(&body).unwrap())
}

#[test]
fn sims_import_and_dry_run() {
    let db = seeded();
    let before = db.count("SELECT count(*) FROM sims");
    let file = db.file("sims.csv", format!("iccid\n{}\n{}\n", new_iccid(1), new_iccid(2)));
    let out = db.import("sims", &file, &["--dry-run"]);
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(db.count("SELECT count(*) FROM sims"), before);
    let out = db.import("sims", &file, &[]);
    assert!(out.status.success(), "{}", err(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 rows imported"));
    assert_eq!(db.count("SELECT count(*) FROM sims WHERE state = 'free'"), before + 2);
}

#[test]
fn sims_refused_rows_are_listed_and_nothing_is_written() {
    let db = seeded();
    let good = new_iccid(3);
    let bad_luhn = format!("{}{}", &good[..good.len() - 1], (good.as_bytes()[good.len() - 1] - b'0' + 1) % 10);
    let in_stock = db.data.sims[0].clone();
    let content = format!("iccid\n{good}\n{bad_luhn}\n123\n{good}\n{in_stock}\n");
    let before = db.snapshot();
    let out = db.import("sims", &db.file("sims.csv", content), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    let e = err(&out);
    let short = format!("{}…{}", &bad_luhn[..4], &bad_luhn[bad_luhn.len() - 3..]);
    assert!(e.contains(&format!("sims.csv:3: iccid {short}: Check digit wrong (Luhn)")), "{e}");
    assert!(e.contains("sims.csv:4: iccid 123: ICCID has 3 digits"), "{e}");
    assert!(e.contains("sims.csv:5: iccid") && e.contains("Also on line 2 of this file"), "{e}");
    assert!(e.contains("sims.csv:6: iccid") && e.contains("Already exists"), "{e}");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn numbers_are_normalised_and_unique() {
    let db = seeded();
    let k = &db.data.customers[0].number;
    let pooled = &db.data.customers[1].numbers[0];
    let ok = db.file("numbers.csv", format!("customer,number\n{k},030 5550001\n{k},+49 30 5550002\n"));
    let out = db.import("numbers", &ok, &[]);
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(db.count("SELECT count(*) FROM numbers WHERE e164 IN ('+49305550001', '+49305550002')"), 2);
    let before = db.snapshot();
    let bad = format!(
        "number,customer\n0305550003,{k}\n+49 30 5550003,{k}\n+33 1 23456789,{k}\n{pooled},{k}\n0305550009,K-000000\n"
    );
    let out = db.import("numbers", &db.file("n2.csv", bad), &[]);
    assert_eq!(out.status.code(), Some(1));
    let e = err(&out);
    assert!(e.contains("n2.csv:3: number") && e.contains("Also on line 2 of this file"), "{e}");
    assert!(e.contains("n2.csv:4: number") && e.contains("Only German numbers"), "{e}");
    assert!(e.contains("n2.csv:5: number") && e.contains("already in use"), "{e}");
    assert!(e.contains("n2.csv:6: customer K-000000: Unknown choice"), "{e}");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn customers_users_and_extensions() {
    let db = seeded();
    let customers = "number,name,city,dial_plan_len,area_code\nk-900001,Neu GmbH,Berlin,3,030\n";
    let out = db.import("customers", &db.file("c.csv", customers), &[]);
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(db.count("SELECT count(*) FROM customers WHERE number = 'K-900001' AND dial_plan_len = 3"), 1);
    let users = "customer,username,first_name,last_name,email,language\n\
                 K-900001,anna.alt,Anna,Alt,anna@neu.de,de\n";
    let out = db.import("users", &db.file("u.csv", users), &[]);
    assert!(out.status.success(), "{}", err(&out));
    let ext = "customer,number,name\nK-900001,200,Zentrale\n";
    let out = db.import("extensions", &db.file("e.csv", ext), &[]);
    assert!(out.status.success(), "{}", err(&out));

    let before = db.snapshot();
    let customers = "number,name,city,dial_plan_len,area_code\nK-900001,Again,Berlin,3,030\nK 2,X,Y,7,30\n";
    refused(
        &db,
        "customers",
        &db.file("c2.csv", customers),
        &["c2.csv:2: number K-900001: Already exists", "c2.csv:3: number K 2:", "dial_plan_len 7:", "area_code 30:"],
    );
    let users = "customer,username,first_name,last_name,email,language,prefix\n\
                 K-900001,ANNA.ALT,Anna,Alt,anna@neu.de,de,\n\
                 K-900001,bernd,Bernd,Bau,bernd@,xx,Dr.\n\
                 K-900001,carl,Carl,C,carl@neu.de,de,\n\
                 K-900001,Carl,Carl,C,carl@neu.de,de,\n";
    refused(
        &db,
        "users",
        &db.file("u2.csv", users),
        &[
            "u2.csv:2: username ANNA.ALT: Already taken",
            "u2.csv:3: email bernd@:",
            "u2.csv:3: language xx: Unknown choice",
            "u2.csv:5: username Carl: Also on line 4 of this file",
        ],
    );
    let ext = "customer,number,name\nK-900001,200,Doppelt\nK-900001,2001,Lang\nK-900001,112,Notruf\nK-900001,300,A\nK-900001,300,B\n";
    refused(
        &db,
        "extensions",
        &db.file("e2.csv", ext),
        &[
            "e2.csv:2: number 200: Already taken by Zentrale",
            "e2.csv:3: number 2001: Exactly 3 digits",
            "e2.csv:4: number 112: Clashes with emergency",
            "e2.csv:6: number 300: Already taken by A",
        ],
    );
    assert_eq!(db.snapshot(), before);
}

/// Each malformed file: exit 3, a message naming the file, no panic, nothing written.
#[test]
fn malformed_csv_is_refused() {
    let db = seeded();
    let good = new_iccid(9);
    let long_line = format!("iccid\n{}\n", "8".repeat(1 << 20));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", b"".to_vec(), "empty"),
        ("blank.csv", b"\n \n".to_vec(), "empty"),
        ("noheader.csv", format!("{good}\n").into_bytes(), "unknown column"),
        ("missingcol.csv", b"customer\nK-100000\n".to_vec(), "missing column \"number\""),
        (
            "columns.csv",
            format!("iccid\n{good},extra\n").into_bytes(),
            "columns.csv:2: 2 columns, but the header has 1",
        ),
        (
            "quote.csv",
            format!("iccid\n\"{good}\n{good}\n").into_bytes(),
            "quote.csv:2: column 1: a quote (\") opened on this line is never closed",
        ),
        (
            "utf8.csv",
            b"customer,number\nK-100000,\xff\xfe030\n".to_vec(),
            "utf8.csv:2: column 2: not UTF-8 text at byte offset 25",
        ),
        ("long.csv", long_line.into_bytes(), "longer than 4096 bytes"),
    ];
    let before = db.snapshot();
    for (name, content, expected) in cases {
        let kind = if name.starts_with("utf8") || name.starts_with("missing") { "numbers" } else { "sims" };
        let out = db.import(kind, &db.file(name, content), &[]);
        assert_eq!(out.status.code(), Some(3), "{name}: {}", err(&out));
        assert!(err(&out).contains(name) && err(&out).contains(expected), "{name}: {}", err(&out));
        assert!(!err(&out).contains("panicked"), "{name}: {}", err(&out));
    }
    let out = db.import("sims", "/nonexistent/sims.csv", &[]);
    assert_eq!(out.status.code(), Some(3));
    let out = db.import("phones", "x.csv", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(db.snapshot(), before);
}

/// Windows line endings (what a spreadsheet writes) give the same line numbers as `\n`.
#[test]
fn crlf_files_name_the_right_lines() {
    let db = seeded();
    let good = new_iccid(20);
    let content = format!("iccid\n{good}\n\n123\n{good}\n");
    for (name, text) in [("lf.csv", content.clone()), ("crlf.csv", content.replace('\n', "\r\n"))] {
        let out = db.import("sims", &db.file(name, text), &[]);
        assert_eq!(out.status.code(), Some(1), "{}", err(&out));
        let e = err(&out);
        assert!(e.contains(&format!("{name}:4: iccid 123: ICCID has 3 digits")), "{e}");
        assert!(e.contains(&format!("{name}:5: iccid")) && e.contains("Also on line 2 of this file"), "{e}");
    }
    let users = "customer,username,first_name,last_name,email,language\r\nK-100000,a.b,A,B,a@b.de,de\r\nK-100000,c.d,C,D,c@,de\r\n";
    let out = db.import("users", &db.file("users.csv", users), &[]);
    assert!(err(&out).contains("users.csv:3: email c@:"), "{}", err(&out));
    let broken = "customer,number\r\nK-100000,030 5550001\r\nK-100000\r\n";
    let out = db.import("numbers", &db.file("n.csv", broken), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("n.csv:3: 1 column, but the header has 2"), "{}", err(&out));
}

/// "3 of 2 rows" counted refusals as rows: rows and errors are counted apart, in the
/// right number, in both languages.
#[test]
fn refused_rows_and_errors_are_counted_apart() {
    let db = seeded();
    let users = "customer,username,first_name,last_name,email,language\n\
                 K-100000,bad name,A,B,x@,xx\nK-100000,ok.user,A,B,a@b.de,de\n";
    let file = db.file("u.csv", users);
    let out = db.import("users", &file, &[]);
    assert!(err(&out).contains("u.csv: 1 of 2 rows refused (3 errors); nothing written"), "{}", err(&out));
    let one = db.file("one.csv", "customer,username,first_name,last_name,email,language\nK-100000,ok,A,B,x@,de\n");
    let out = db.import("users", &one, &[]);
    assert!(err(&out).contains("one.csv: 1 of 1 row refused (1 error); nothing written"), "{}", err(&out));
    let de = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &db::db_arg(&db.path), "--lang", "de", "import", "users", &file])
        .output()
        .unwrap();
    assert!(err(&de).contains("u.csv: 1 von 2 Zeilen abgelehnt (3 Fehler); nichts geschrieben"), "{}", err(&de));
    let ok = db.file("ok.csv", format!("iccid\n{}\n", new_iccid(30)));
    let de = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &db::db_arg(&db.path), "--lang", "de", "import", "sims", &ok, "--dry-run"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&de.stdout).contains("ok.csv: 1 Zeile geprüft, gültig"), "{}", err(&de));
}

/// What an import accepts, the wizard can order: a user whose first and last name are
/// each within the limit but together too long for the display name is refused.
#[test]
fn an_imported_user_must_fit_the_wizards_display_name() {
    let db = seeded();
    let (first, last) = ("A".repeat(40), "B".repeat(40));
    let users = format!(
        "customer,username,first_name,last_name,email,language\nK-100000,long.one,{first},{last},l@b.de,de\n\
         K-100000,fits,{},{},f@b.de,de\n",
        "A".repeat(31),
        "B".repeat(32)
    );
    let before = db.snapshot();
    let out = db.import("users", &db.file("long.csv", users), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    let e = err(&out);
    assert!(e.contains("long.csv:2: last_name") && e.contains("display name"), "{e}");
    assert!(!e.contains("long.csv:3"), "64 characters together fit: {e}");
    assert_eq!(db.snapshot(), before);
}

/// `--dry-run` and the real import give the same verdict, and a refused file writes
/// nothing even when its bad row comes last, after thousands of good ones were written
/// into the transaction.
#[test]
fn a_late_refusal_rolls_back_the_rows_written_before_it() {
    let db = seeded();
    let mut content = String::from("iccid\n");
    for n in 100..5100 {
        content.push_str(&new_iccid(n));
        content.push('\n');
    }
    content.push_str(&new_iccid(100));
    content.push('\n');
    let file = db.file("late.csv", content);
    let before = db.snapshot();
    for dry in [&["--dry-run"][..], &[][..]] {
        let out = db.import("sims", &file, dry);
        assert_eq!(out.status.code(), Some(1), "{}", err(&out));
        assert!(err(&out).contains("late.csv:5002: iccid") && err(&out).contains("Also on line 2"), "{}", err(&out));
        assert!(err(&out).contains("1 of 5001 rows refused (1 error)"), "{}", err(&out));
        assert_eq!(db.snapshot(), before);
    }
}

/// SIMs are written many to a statement (one round trip each on PostgreSQL): a repeat in
/// the same statement, one in a later statement, one of a SIM in stock, and a row the rules
/// refuse in between are each told with the right line, in file order, as row by row.
#[test]
fn sims_written_in_batches_name_every_repeat_in_file_order() {
    let db = seeded();
    let in_stock = db.data.sims[0].clone();
    // Line n + 2 holds row n.
    let mut rows: Vec<String> = (0..2600).map(|n| new_iccid(20_000 + n)).collect();
    rows[1500] = rows[1400].clone(); // in the same statement as its first
    rows[1200] = rows[0].clone(); // its first in an earlier statement
    rows[1201] = "123".into(); // refused by the rules: what waits is written first
    rows[1202] = rows[1199].clone(); // its first written just before that refusal
    rows[2599] = in_stock;
    let content = format!("iccid\n{}\n", rows.join("\n"));
    let file = db.file("batches.csv", content);
    let before = db.snapshot();
    let out = db.import("sims", &file, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    let e = err(&out);
    let said = [
        "batches.csv:1202: iccid",
        "batches.csv:1203: iccid 123: ICCID has 3 digits",
        "batches.csv:1204: iccid",
        "batches.csv:1502: iccid",
        "batches.csv:2601: iccid",
    ];
    let at: Vec<usize> = said.iter().map(|s| e.find(s).unwrap_or_else(|| panic!("{s} in {e}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in file order: {e}");
    for (line, first) in [(1202, 2), (1204, 1201), (1502, 1402)] {
        let told = e[e.find(&format!("batches.csv:{line}:")).unwrap()..].lines().next().unwrap().to_string();
        assert!(told.contains(&format!("Also on line {first} of this file")), "{told}");
    }
    assert!(e[at[4]..].lines().next().unwrap().contains("Already exists"), "{e}");
    assert!(e.contains("5 of 2600 rows refused (5 errors)"), "{e}");
    assert_eq!(db.snapshot(), before, "all or nothing");
    // Without the refused rows, every SIM is written, each once.
    let good: Vec<String> = (0..2600).map(|n| new_iccid(30_000 + n)).collect();
    let out = db.import("sims", &db.file("good.csv", format!("iccid\n{}\n", good.join("\n"))), &[]);
    assert!(out.status.success(), "{}", err(&out));
    let placeholders = good.iter().map(|g| format!("'{g}'")).collect::<Vec<_>>().join(",");
    assert_eq!(
        db.count(&format!("SELECT count(*) FROM sims WHERE state = 'free' AND iccid IN ({placeholders})")),
        2600
    );
}
