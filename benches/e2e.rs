//! What the operator waits for, end to end (issue 12): the real release binary in a pseudo-
//! terminal of 80×24 against a big database, keys typed as an operator types them, the
//! screen read back through vt100. Reports, from process start, the first frame; from each
//! keystroke, the time until the screen shows its results (p50/p95/max); and the process's
//! peak RSS (VmHWM) before it is ended.
//!
//! ```text
//! cargo run --release --example seed_big -- /tmp/big.db 1000000 100000
//! cargo bench --bench e2e -- /tmp/big.db [--bin PATH] [--rounds N] [--customer TEXT] [--order TEXT]
//!     [--large N] [--user TEXT]
//! ```
//! `--large N` adds (once) a customer `K-9990000` with N users, N extensions and N free
//! numbers to the database and measures his lists too: the customer picked by his number,
//! steps 2 and 3 passed with Ctrl+N, then the users list filtered letter by letter (`--user`)
//! and the extension typed digit by digit until *Bestehende Nebenstellen* shows it.
//! `--bin` runs another build (e.g. the one before a change, against a database of its
//! schema). Scenarios, each in a fresh process: the wizard (Business User, then the customer
//! filter typed letter by letter right after the first frame); the overview (the text
//! filter typed letter by letter, then Page Down).
//!
//! The database is written to (drafts, the WAL); use a copy made for benchmarking. DB may
//! also be a PostgreSQL database (`host=… dbname=…`), e.g. the same one moved there with
//! `comuniq-order db copy --from /tmp/big.db --to …`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

#[allow(dead_code)]
#[path = "../tests/common/pty.rs"]
mod pty;

use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// How long one step may take before the run gives up (the program before issue 12 needs
/// 13 s and more to read a million customers).
const PATIENCE: Duration = Duration::from_secs(120);

struct Options {
    db: PathBuf,
    bin: PathBuf,
    rounds: usize,
    customer: String,
    order: String,
    pages: usize,
    large: usize,
    user: String,
}

fn options() -> Options {
    let mut o = Options {
        db: PathBuf::new(),
        bin: PathBuf::from(env!("CARGO_BIN_EXE_comuniq-order")),
        rounds: 3,
        customer: "müller bau".into(),
        order: "gmbh".into(),
        pages: 10,
        large: 0,
        user: "müller jo".into(),
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--bin" => o.bin = PathBuf::from(value()),
            "--rounds" => o.rounds = value().parse().expect("--rounds N"),
            "--customer" => o.customer = value(),
            "--order" => o.order = value(),
            "--pages" => o.pages = value().parse().expect("--pages N"),
            "--large" => o.large = value().parse().expect("--large N"),
            "--user" => o.user = value(),
            _ => o.db = PathBuf::from(arg.clone()),
        }
    }
    // A file, or a PostgreSQL connection string (`host=… dbname=…`, `postgres://…`).
    let connection = o.db.to_str().is_some_and(|d| d.starts_with("postgres") || d.contains('='));
    assert!(o.db.is_file() || connection, "usage: e2e DB [--bin PATH] [--rounds N] [--customer TEXT] [--order TEXT]");
    o
}

/// The program in its terminal, and the screen as it shows it.
struct Session {
    master: OwnedFd,
    child: Child,
    screen: vt100::Parser,
    start: Instant,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(o: &Options) -> Session {
        let home = tempfile::tempdir().expect("home");
        let mut cmd = Command::new(&o.bin);
        cmd.args(["--db", o.db.to_str().expect("db path"), "--lang", "de", "--operator", "bench"])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CONFIG_HOME", home.path().join("config"));
        let start = Instant::now();
        let (master, child) = pty::spawn(cmd, 80, 24);
        Session { master, child, screen: vt100::Parser::new(24, 80, 0), start, _home: home }
    }

    /// Reads what the program printed until `done` holds for the screen; how long it took
    /// from `since`. Reads as soon as output arrives, so the time is the frame's.
    fn until(&mut self, since: Instant, what: &str, done: impl Fn(&str) -> bool) -> Duration {
        let mut buf = [0u8; 65536];
        loop {
            if done(&self.screen.screen().contents()) {
                return since.elapsed();
            }
            assert!(since.elapsed() < PATIENCE, "{what}: not shown after {PATIENCE:?}:\n{}", self.text());
            match rustix::io::read(self.master.as_fd(), &mut buf) {
                Ok(n) if n > 0 => self.screen.process(&buf[..n]),
                _ => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    }

    /// Reads what the program prints for `wait`, whatever it shows.
    fn settle(&mut self, wait: Duration) {
        let since = Instant::now();
        let mut buf = [0u8; 65536];
        while since.elapsed() < wait {
            match rustix::io::read(self.master.as_fd(), &mut buf) {
                Ok(n) if n > 0 => self.screen.process(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(1)),
            }
        }
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    fn send(&mut self, bytes: &str) -> Instant {
        let at = Instant::now();
        rustix::io::write(self.master.as_fd(), bytes.as_bytes()).expect("write to the terminal");
        at
    }

    /// The program's peak resident memory (VmHWM) in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmHWM");
        kib / 1024.0
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The line of the screen that holds `marker`, if any.
fn line_with<'a>(screen: &'a str, marker: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(marker))
}

#[derive(Default)]
struct Figures {
    first_frame: Vec<Duration>,
    first_key: Vec<Duration>,
    customer_keys: Vec<Duration>,
    wizard_rss: Vec<f64>,
    overview_open: Vec<Duration>,
    order_keys: Vec<Duration>,
    /// The overview's count for the text typed (it follows the rows, from its own thread).
    order_counts: Vec<Duration>,
    pages: Vec<Duration>,
    overview_rss: Vec<f64>,
    user_keys: Vec<Duration>,
    extension_keys: Vec<Duration>,
    large_rss: Vec<f64>,
}

/// The large customer's number (`--large`).
const LARGE: &str = "K-9990000";

/// Adds the large customer to the database unless it is there: `n` users with common German
/// names (the users list's filter has many matches to page through), an extension and a free
/// number each.
fn add_large_customer(o: &Options, n: usize) {
    use comuniq_order::domain::order::NewUser;
    use comuniq_order::store::{DbTarget, NewCustomer, OpenMode, SeedCustomer, SeedExtension, Store};
    let target = DbTarget::parse(o.db.to_str().expect("db path")).expect("--db");
    let mut store = Store::open_target(&target, OpenMode::MustExist).expect("open the database");
    if store.customer_by_number(LARGE).expect("customer lookup").is_some() {
        return;
    }
    const LAST: [&str; 8] = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"];
    const FIRST: [&str; 6] = ["Anna", "Jonas", "Jörg", "Lena", "Paul", "Sophie"];
    let customer = NewCustomer {
        number: LARGE.into(),
        name: "Großkunde Logistik AG".into(),
        city: "Hamburg".into(),
        dial_plan_len: 5,
        area_code: "040".into(),
    };
    let users: Vec<NewUser> = (0..n)
        .map(|i| NewUser {
            username: format!("u{i:06}"),
            first_name: FIRST[i % FIRST.len()].into(),
            prefix: String::new(),
            last_name: format!(
                "{}{}",
                LAST[i / FIRST.len() % LAST.len()],
                if i % 7 == 0 { "-Lüdenscheidt" } else { "" }
            ),
            email: format!("u{i}@example.com"),
            language: "de".into(),
        })
        .collect();
    // Every other user has an extension of his own; 5 digits hold 79 999 of them.
    let extensions = (0..n.min(79_999))
        .map(|i| SeedExtension {
            number: format!("{}", 20_000 + i),
            name: format!("{} {}", users[i].first_name, users[i].last_name),
            user: (i % 2 == 0).then_some(i),
        })
        .collect();
    let numbers = (0..n).map(|i| format!("+4940{:08}", 10_000_000 + i)).collect();
    let mut tx = store.begin_seed().expect("seed");
    tx.customers(&[SeedCustomer::new(customer, users, extensions, numbers)]).expect("the large customer");
    tx.commit().expect("commit");
}

/// The large customer's lists: picked by number, steps 2 and 3 passed, the users list
/// filtered letter by letter, then on the FMC step the extension typed digit by digit.
fn large(o: &Options, f: &mut Figures) {
    let mut s = Session::start(o);
    let start = s.start;
    s.until(start, "menu", |t| t.contains("Business User"));
    let at = s.send("1");
    s.until(at, "wizard", |t| t.contains("Kunde") && t.contains("Vertragsdauer"));
    s.send(LARGE);
    s.until(Instant::now(), "customer found", |t| t.contains("Großkunde Logistik"));
    s.send(pty::ENTER);
    for _ in 0..3 {
        s.send(pty::CTRL_N);
    }
    s.until(Instant::now(), "users step", |t| t.contains("Benutzer auswählen"));
    let mut typed = String::new();
    for c in o.user.chars() {
        typed.push(c);
        let at = s.send(&c.to_string());
        let marker = format!("Filter: {typed} ");
        f.user_keys.push(s.until(at, &marker, |t| line_with(t, &marker).is_some_and(|l| l.contains(" von "))));
    }
    // The first match; SIM later (the option above *SIM auswählen*), the first free number
    // (preselected), then on to the FMC step, where the extension is typed.
    s.send(pty::ENTER);
    s.send(pty::CTRL_N);
    s.until(Instant::now(), "SIM step", |t| t.contains("SIM auswählen"));
    for key in [pty::UP, " ", pty::DOWN, pty::ENTER, pty::CTRL_N, pty::CTRL_N] {
        s.send(key);
    }
    s.until(Instant::now(), "FMC step", |t| t.contains("Nebenstellennummer"));
    // The extension is the page's first field, wherever the page opened.
    s.settle(Duration::from_millis(300));
    for _ in 0..4 {
        if line_with(&s.text(), "▸ Nebenstellennummer").is_some() {
            break;
        }
        s.send(pty::UP);
        s.settle(Duration::from_millis(100));
    }
    let mut typed = String::new();
    for c in "45678".chars() {
        typed.push(c);
        let at = s.send(&c.to_string());
        // Shown: the panel lists only extensions beginning with what is typed.
        let panel_follows = |t: &str| {
            let panel: Vec<&str> = t.lines().filter_map(|l| l.split('│').nth(1)).collect();
            panel.iter().any(|l| l.trim_start().starts_with(typed.as_str()) || l.contains("keine, die so beginnt"))
        };
        f.extension_keys.push(s.until(at, &typed, panel_follows));
    }
    f.large_rss.push(s.peak_rss_mib());
}

/// The wizard: the first frame, Business User, the customer filter letter by letter.
fn wizard(o: &Options, f: &mut Figures) {
    let mut s = Session::start(o);
    let start = s.start;
    f.first_frame.push(s.until(start, "menu", |t| t.contains("Business User")));
    let at = s.send("1");
    s.until(at, "wizard", |t| t.contains("Kunde") && t.contains("Vertragsdauer"));
    let mut typed = String::new();
    for (i, c) in o.customer.chars().enumerate() {
        typed.push(c);
        let at = s.send(&c.to_string());
        let marker = format!("Filter: {typed} ");
        // Results are on screen when the filter line shows this query with its count, and
        // the list is no longer being loaded (the program before issue 12 reads it all first).
        let shown = |t: &str| {
            line_with(t, &marker).is_some_and(|l| l.contains(" von ") && !l.contains(" von 0 "))
                && !t.contains("geladen")
        };
        let took = s.until(at, &marker, shown);
        if i == 0 { f.first_key.push(took) } else { f.customer_keys.push(took) }
    }
    f.wizard_rss.push(s.peak_rss_mib());
}

/// The overview: open it, the text filter letter by letter, then Page Down.
fn overview(o: &Options, f: &mut Figures) {
    let mut s = Session::start(o);
    let start = s.start;
    f.first_frame.push(s.until(start, "menu", |t| t.contains("Business User")));
    let at = s.send("4");
    f.overview_open.push(s.until(at, "overview", |t| t.contains("Bestellübersicht") && t.contains("Bestellungen")));
    s.send("/");
    let mut typed = String::new();
    for c in o.order.chars() {
        typed.push(c);
        let at = s.send(&c.to_string());
        let marker = format!("Text: {typed} ");
        // The key's frame: its text and its rows (the count follows on its own thread).
        f.order_keys.push(s.until(at, &marker, |t| line_with(t, &marker).is_some()));
        f.order_counts.push(s.until(at, &marker, |t| line_with(t, &marker).is_some_and(|l| l.contains("Bestellung"))));
    }
    let at = s.send(pty::ENTER);
    s.until(at, "filter done", |t| t.contains("Enter Details"));
    for _ in 0..o.pages {
        let before = line_with(&s.text(), "▸").unwrap_or_default().to_string();
        let at = s.send(pty::PGDN);
        f.pages.push(s.until(at, "next page", |t| line_with(t, "▸").is_some_and(|l| l != before)));
    }
    f.overview_rss.push(s.peak_rss_mib());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50, p95 and max of some times, in ms.
fn spread(times: &[Duration]) -> String {
    if times.is_empty() {
        return "-".into();
    }
    let mut t = times.to_vec();
    t.sort();
    let at = |p: usize| ms(t[((t.len() - 1) * p).div_ceil(100)]);
    format!("p50 {:8.1} ms  p95 {:8.1} ms  max {:8.1} ms  (n={})", at(50), at(95), at(100), t.len())
}

fn mib(values: &[f64]) -> String {
    let max = values.iter().copied().fold(0.0, f64::max);
    format!("{max:.1} MiB (max of {})", values.len())
}

fn main() {
    let o = options();
    let mut f = Figures::default();
    if o.large > 0 {
        add_large_customer(&o, o.large);
    }
    for _ in 0..o.rounds {
        wizard(&o, &mut f);
        overview(&o, &mut f);
        if o.large > 0 {
            large(&o, &mut f);
        }
    }
    println!("binary   {}", o.bin.display());
    println!("database {}", o.db.display());
    println!("start → first frame (menu)            {}", spread(&f.first_frame));
    println!("customer filter, 1st key → results    {}", spread(&f.first_key));
    println!("customer filter, further keys         {}", spread(&f.customer_keys));
    println!("peak RSS, customer list open+filtered {}", mib(&f.wizard_rss));
    println!("overview: 4 → first page              {}", spread(&f.overview_open));
    println!("overview text filter, per key         {}", spread(&f.order_keys));
    println!("overview text filter, key → count     {}", spread(&f.order_counts));
    println!("overview Page Down                    {}", spread(&f.pages));
    println!("peak RSS, overview filtered and paged {}", mib(&f.overview_rss));
    if o.large > 0 {
        println!("large customer ({} users), users filter per key {}", o.large, spread(&f.user_keys));
        println!("large customer, extension typed, per key {}", spread(&f.extension_keys));
        println!("peak RSS, large customer's lists      {}", mib(&f.large_rss));
    }
}
