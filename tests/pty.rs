//! The real binary in a pseudo-terminal: type half an order, hang the terminal up (as a
//! dropped SSH connection does) or send SIGTERM, and check that the program is gone within
//! two seconds and that a restarted program resumes the draft: same answers, same step.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use comuniq_order::demo;
use comuniq_order::store::Store;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_N: &str = "\x0e";

/// The program running in a pseudo-terminal, and what it printed so far.
struct Session {
    master: Option<OwnedFd>,
    child: Child,
    screen: vt100::Parser,
}

impl Session {
    fn start(db: &Path) -> Session {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
        cmd.args(["--db", db.to_str().unwrap(), "--operator", "tester", "--today", "2026-11-26", "--lang", "de"])
            .env("XDG_STATE_HOME", db.parent().unwrap());
        let (master, child) = common::pty::spawn(cmd, 80, 24);
        Session { master: Some(master), child, screen: vt100::Parser::new(24, 80, 0) }
    }

    /// Reads what the program printed for `time`.
    fn pump(&mut self, time: Duration) {
        let end = Instant::now() + time;
        let mut buf = [0u8; 8192];
        while Instant::now() < end {
            let Some(master) = self.master.as_ref() else { return };
            match rustix::io::read(master.as_fd(), &mut buf) {
                Ok(n) if n > 0 => self.screen.process(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    }

    /// Waits until the output contains `text`.
    fn wait_for(&mut self, text: &str) {
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            if self.screen.screen().contents().contains(text) {
                return;
            }
            self.pump(Duration::from_millis(20));
        }
        panic!("{text:?} did not appear:\n{}", self.screen.screen().contents());
    }

    /// Types keys, one at a time, as a person would (escape sequences stay whole).
    fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            let master = self.master.as_ref().unwrap();
            std::fs::File::from(master.try_clone().unwrap()).write_all(k.as_bytes()).unwrap();
            self.pump(Duration::from_millis(25));
        }
    }

    fn text(&mut self, text: &str) {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        self.keys(&chars.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// Closes the terminal, as a dropped connection does.
    fn hang_up(&mut self) {
        self.master = None;
    }

    /// Waits for the program to end; returns how long it took.
    fn exit_time(&mut self) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if self.child.try_wait().unwrap().is_some() {
                return start.elapsed();
            }
            self.pump(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("still running 5 s after the hang-up");
    }
}

/// A seeded database in a new directory.
fn seeded() -> (tempfile::TempDir, PathBuf, demo::DemoData) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let data = demo::generate(demo::DEMO_SEED, common::CUSTOMERS);
    demo::seed(&mut Store::open(&path).unwrap(), &data).unwrap();
    (dir, path, data)
}

/// The operator's saved drafts: (step, focus, answers).
fn drafts(db: &Path) -> Vec<(String, Option<String>, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT step, focus, answers FROM drafts WHERE operator = 'tester'").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// Menu → Business User → customer 3 → step 2 → step 4, a new user half typed.
fn half_an_order(s: &mut Session, customer: &str) {
    s.keys(&["1"]);
    s.text(customer);
    // Take the customer; the catalog's defaults fill the rest of steps 1 and 2.
    s.keys(&[ENTER, CTRL_N]);
    s.wait_for("Voice-Produkt");
    s.keys(&[CTRL_N, CTRL_N]);
    s.keys(&[TAB, " ", TAB]);
    s.text("erika.muster");
    s.keys(&[TAB]);
    s.text("Erika");
    s.wait_for("Erika");
}

#[test]
fn hang_up_and_sigterm_keep_the_draft_and_a_restart_resumes_it() {
    let (_dir, db, data) = seeded();
    let (mut hangups, mut recovered) = (0, 0);

    // 1. Half an order, then the connection drops.
    let mut s = Session::start(&db);
    s.wait_for("Bestellen");
    half_an_order(&mut s, &data.customers[3].number);
    s.hang_up();
    hangups += 1;
    let took = s.exit_time();
    assert!(took < Duration::from_secs(2), "exit took {took:?} after the hang-up");
    let saved = drafts(&db);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let (step, focus, answers) = saved[0].clone();
    assert_eq!(step, "user");
    assert_eq!(focus.as_deref(), Some("first_name"));
    assert!(answers.contains("\"username\":\"erika.muster\"") && answers.contains("\"first_name\":\"Erika\""));

    // 2. A new program offers the draft; resuming shows the answers on the same step.
    let mut s = Session::start(&db);
    s.wait_for("Entwurf fortsetzen");
    s.keys(&["5"]); // three voice products, the overview, then the draft
    s.wait_for("erika.muster");
    recovered += 1;
    // 3. SIGTERM this time: gone as fast, and the draft is still the same one.
    let pid = rustix::process::Pid::from_child(&s.child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    hangups += 1;
    let took = s.exit_time();
    assert!(took < Duration::from_secs(2), "exit took {took:?} after SIGTERM");
    assert_eq!(drafts(&db), saved, "same answers, step and focus, one draft");

    // 4. And once more: resumed after the SIGTERM, then hung up again.
    let mut s = Session::start(&db);
    s.wait_for("Entwurf fortsetzen");
    s.keys(&["5"]);
    s.wait_for("erika.muster");
    recovered += 1;
    s.hang_up();
    hangups += 1;
    assert!(s.exit_time() < Duration::from_secs(2));
    assert_eq!(drafts(&db), saved);
    eprintln!("pty: {hangups} hang-ups/signals tried, {recovered} drafts resumed with the same answers and step");
}
