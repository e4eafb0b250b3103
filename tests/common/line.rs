//! Line mode driven by scripted lines: in process on a harness's database, or the real
//! binary in a pseudo-terminal with `TERM=dumb`; and every row of a database, for comparing
//! what two ways of ordering stored.

use super::{Harness, clock, today};
use comuniq_order::domain::Extension;
use comuniq_order::domain::rules::extension;
use comuniq_order::driver::Driver;
use comuniq_order::driver::pin_hash;
use comuniq_order::i18n::Lang;
use comuniq_order::line::{Lines, Session};
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

impl Harness {
    /// Runs line mode on this database with `lines` as the operator's answers, one per line;
    /// returns the transcript and how it ended (the end of the script is a hang-up).
    pub fn line(&mut self, lang: Lang, lines: &[&str]) -> (String, anyhow::Result<()>) {
        self.line_with(lang, lines, Vec::new())
    }

    /// As [`Harness::line`], carrying out each of `acts` (another program's doing: the
    /// database broken, mended) just before the program reads the line it names by index.
    pub fn line_with(
        &mut self,
        lang: Lang,
        lines: &[&str],
        acts: Vec<(usize, Box<dyn FnMut()>)>,
    ) -> (String, anyhow::Result<()>) {
        let script = Script::new(lines, acts);
        let mut driver = Driver::new(&mut self.store, self.catalog.clone(), "tester", clock).with_lang(lang);
        let mut console = Lines::new(script, Vec::new());
        let result = Session {
            lang,
            catalog: self.catalog.clone(),
            today: today(),
            open_customer: None,
            console: &mut console,
            backend: &mut driver,
        }
        .run();
        (String::from_utf8(console.output().clone()).unwrap(), result)
    }

    /// The user name of the n-th customer's first offered user (as the wizard lists them).
    pub fn first_username(&self, n: usize) -> String {
        self.offered_users(n)[0].username.clone()
    }

    /// The n-th customer's first free number, in E.164 (the one the wizard preselects).
    pub fn first_free_e164(&self, n: usize) -> String {
        self.data.customers[n].numbers.iter().min().unwrap().clone()
    }
}

/// The operator's lines, read one at a time, with acts run before some of them.
struct Script {
    lines: std::collections::VecDeque<Vec<u8>>,
    /// How many lines were read.
    read: usize,
    acts: Vec<(usize, Box<dyn FnMut()>)>,
    line: Vec<u8>,
    at: usize,
}

impl Script {
    fn new(lines: &[&str], acts: Vec<(usize, Box<dyn FnMut()>)>) -> Self {
        let lines = lines.iter().map(|l| format!("{l}\n").into_bytes()).collect();
        Script { lines, read: 0, acts, line: Vec::new(), at: 0 }
    }
}

impl std::io::Read for Script {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let got = std::io::BufRead::fill_buf(self)?;
        let n = got.len().min(buf.len());
        buf[..n].copy_from_slice(&got[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Script {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at >= self.line.len()
            && let Some(next) = self.lines.pop_front()
        {
            for (at, act) in &mut self.acts {
                if *at == self.read {
                    act();
                }
            }
            self.read += 1;
            self.line = next;
            self.at = 0;
        }
        Ok(&self.line[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at += amount;
    }
}

/// A free extension for a customer in a database, valid by every rule.
pub fn free_extension_in(conn: &super::db::Conn, customer: &str) -> String {
    let (id, len): (i64, u8) = conn
        .query_row("SELECT id, dial_plan_len FROM customers WHERE number = ?1", [customer], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let mut stmt = conn.prepare("SELECT number, name FROM extensions WHERE customer_id = ?1").unwrap();
    let existing: Vec<Extension> = stmt
        .query_map([id], |r| Ok(Extension { number: r.get(0)?, name: r.get(1)? }))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let start = 10u32.pow(u32::from(len) - 1) * 2;
    (start..start * 5).map(|n| n.to_string()).find(|n| extension::check(n, len, &existing).is_ok()).unwrap()
}

/// A free SIM in a database whose last four digits no other SIM shares.
pub fn unique_sim_in(conn: &super::db::Conn) -> String {
    conn.query_row(
        "SELECT iccid FROM sims s WHERE state = 'free'
           AND (SELECT count(*) FROM sims o WHERE o.last4 = s.last4) = 1 ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// Every row of every table but the drafts, by table, in row order; the columns that hold
/// the wall clock are blanked, and the PIN hash is replaced by whether it verifies `pin`.
pub fn all_rows(path: &Path, pin: &str) -> BTreeMap<String, Vec<BTreeMap<String, Value>>> {
    let conn = super::db::conn(path);
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
    let mut all = BTreeMap::new();
    for table in tables {
        // The row order: SQLite's rowid is the id; the add-ons have a rowid column on
        // PostgreSQL (its schema's comment says why).
        let order = if table == "order_addons" { "rowid" } else { "id" };
        let mut rows = super::rows::rows(&conn, &format!("SELECT * FROM {table} ORDER BY {order}"));
        for row in &mut rows {
            for clock_column in ["created_at", "at"] {
                if let Some(v) = row.get_mut(clock_column) {
                    *v = Value::Text("(clock)".into());
                }
            }
            if let Some(Value::Text(hash)) = row.get("pin_hash") {
                let ok = pin_hash::verify(pin, hash);
                row.insert("pin_hash".into(), Value::Text(format!("verifies {pin}: {ok}")));
            }
        }
        all.insert(table.to_string(), rows);
    }
    let drafts: i64 = conn.query_row("SELECT count(*) FROM drafts", [], |r| r.get(0)).unwrap();
    assert_eq!(drafts, 0, "a placed order leaves no draft");
    all
}

/// The real binary in a pseudo-terminal of its own, run as `TERM=dumb`: lines in, the raw
/// bytes out.
pub struct DumbPty {
    master: Option<OwnedFd>,
    pub child: Child,
    /// Every byte the program wrote (and the terminal echoed).
    pub output: Vec<u8>,
    /// How much output there was when the last answer was sent.
    sent_at: usize,
}

impl DumbPty {
    /// `comuniq-order ARGS` with `TERM=dumb` (set after the pty's own TERM) and `home` as
    /// its HOME and XDG directories.
    pub fn start(args: &[&str], home: &Path) -> DumbPty {
        let mut cmd = Command::new("env");
        cmd.arg("TERM=dumb")
            .arg(env!("CARGO_BIN_EXE_comuniq-order"))
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("ACCESSIBLE")
            .env_remove("LANG");
        let (master, child) = super::pty::spawn(cmd, 80, 24);
        DumbPty { master: Some(master), child, output: Vec::new(), sent_at: 0 }
    }

    fn pump(&mut self, time: Duration) {
        let end = Instant::now() + time;
        let mut buf = [0u8; 65536];
        while Instant::now() < end {
            let Some(master) = self.master.as_ref() else { return };
            match rustix::io::read(master.as_fd(), &mut buf) {
                Ok(got) if got > 0 => self.output.extend_from_slice(&buf[..got]),
                _ => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    }

    /// The output as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }

    /// Waits until the output since byte `from` contains `text`; returns where it ends.
    pub fn wait_for(&mut self, from: usize, text: &str) -> usize {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let seen = String::from_utf8_lossy(&self.output[from.min(self.output.len())..]).into_owned();
            if let Some(at) = seen.find(text) {
                return from + at + text.len();
            }
            self.pump(Duration::from_millis(5));
        }
        panic!("{text:?} did not appear:\n{}", self.text());
    }

    /// Waits until the program waits for an answer: since the last answer it went to a new
    /// line, its output ends with a prompt's ": ", and nothing more comes for a moment.
    pub fn wait_prompt(&mut self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let before = self.output.len();
            self.pump(Duration::from_millis(40));
            let moved_on = self.sent_at == 0 || self.output[self.sent_at..].contains(&b'\n');
            if self.output.len() == before && moved_on && self.output.ends_with(b": ") {
                return;
            }
        }
        panic!("no prompt came:\n{}", self.text());
    }

    /// Types one answer and Enter, once the program waits for it (so the PIN is typed only
    /// once its echo is off).
    pub fn answer(&mut self, line: &str) {
        self.wait_prompt();
        self.sent_at = self.output.len();
        self.send(&format!("{line}\r"));
    }

    /// Sends bytes as they are.
    pub fn send(&mut self, bytes: &str) {
        let master = self.master.as_ref().unwrap();
        let mut file = std::fs::File::from(master.try_clone().unwrap());
        std::io::Write::write_all(&mut file, bytes.as_bytes()).unwrap();
    }

    /// Waits for the program to end; its exit code.
    pub fn exit(&mut self, within: Duration) -> Option<i32> {
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(20));
                return status.code();
            }
            self.pump(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        panic!("still running:\n{}", self.text());
    }

    /// The CPU time the program used so far, in clock ticks (utime + stime); `env` became
    /// the program, so the child's pid is its own.
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    /// What the program writes while nobody types for `time`: (CPU ticks, bytes).
    pub fn at_rest(&mut self, time: Duration) -> (u64, usize) {
        let (ticks, bytes) = (self.cpu_ticks(), self.output.len());
        self.pump(time);
        (self.cpu_ticks() - ticks, self.output.len() - bytes)
    }

    /// Closes the terminal, as a dropped connection does.
    pub fn hang_up(&mut self) {
        self.master = None;
    }
}

impl Drop for DumbPty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
