//! The real binary in a pseudo-terminal of its own, as over SSH: keys in, the screen out
//! (through vt100), signals, resizes, and what the process costs (/proc).

use rustix::fs::OFlags;
use rustix::pty::OpenptFlags;
use std::io::Write;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub const TAB: &str = "\t";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const PGDN: &str = "\x1b[6~";
pub const CTRL_C: &str = "\x03";
pub const CTRL_N: &str = "\x0e";

/// What the program sends to leave the screen: mouse off, attributes off, cursor on, back
/// to the normal screen.
pub const LEAVE: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// A temporary home for `comuniq-order demo`: its data and state directories.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap() }
    }

    /// Where `demo` keeps its database.
    pub fn demo_db(&self) -> PathBuf {
        self.dir.path().join("data/comuniq-order/demo.db")
    }
}

/// Starts `cmd` in a new pseudo-terminal of `cols`×`rows` as its controlling terminal, in a
/// session of its own (like an SSH login: closing the master sends it SIGHUP), with
/// `TERM=xterm-256color`. Returns the master side, non-blocking, and the child.
pub fn spawn(mut cmd: Command, cols: u16, rows: u16) -> (OwnedFd, Child) {
    let master = rustix::pty::openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    rustix::pty::grantpt(&master).unwrap();
    rustix::pty::unlockpt(&master).unwrap();
    let name = rustix::pty::ptsname(&master, Vec::new()).unwrap();
    let size = rustix::termios::Winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
    rustix::termios::tcsetwinsize(&master, size).unwrap();
    let slave = std::fs::OpenOptions::new().read(true).write(true).open(name.to_str().unwrap()).unwrap();
    cmd.env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe system calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::setsid()?;
            rustix::process::ioctl_tiocsctty(BorrowedFd::borrow_raw(0))?;
            Ok(())
        });
    }
    let child = cmd.spawn().unwrap();
    rustix::fs::fcntl_setfl(&master, OFlags::NONBLOCK).unwrap();
    (master, child)
}

/// The program running in a pseudo-terminal, and what it printed so far.
pub struct Pty {
    master: Option<OwnedFd>,
    pub child: Child,
    pub screen: vt100::Parser,
    /// Everything read from the terminal since the start.
    pub output: Vec<u8>,
}

impl Pty {
    /// `comuniq-order demo` (German, a fixed day) in a terminal of 80×24, with `home` as its
    /// HOME and XDG directories.
    pub fn demo(home: &Home) -> Pty {
        let args = ["demo", "--operator", "tester", "--today", "2026-11-26", "--lang", "de"];
        Pty::start(&args, home.dir.path(), 80, 24)
    }

    /// [`Pty::demo`] with more environment variables.
    pub fn demo_with_env(home: &Home, env: &[(&str, &str)]) -> Pty {
        let args = ["demo", "--operator", "tester", "--today", "2026-11-26", "--lang", "de"];
        Pty::start_with_env(&args, home.dir.path(), 80, 24, env)
    }

    pub fn start(args: &[&str], home: &Path, cols: u16, rows: u16) -> Pty {
        Pty::start_with_env(args, home, cols, rows, &[])
    }

    pub fn start_with_env(args: &[&str], home: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
        cmd.args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("NO_COLOR")
            .envs(env.iter().copied());
        Pty::command(cmd, cols, rows)
    }

    /// `cmd` as it is (no HOME or XDG folders of its own) in a terminal of `cols`×`rows`.
    pub fn command(cmd: Command, cols: u16, rows: u16) -> Pty {
        let (master, child) = spawn(cmd, cols, rows);
        Pty { master: Some(master), child, screen: vt100::Parser::new(24, 80, 0), output: Vec::new() }
    }

    /// Reads until the program ends (at most 10 s, then it is killed); returns everything
    /// it printed.
    pub fn finish(mut self) -> Vec<u8> {
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end && self.alive() {
            self.pump(Duration::from_millis(20));
        }
        self.pump(Duration::from_millis(50));
        std::mem::take(&mut self.output)
    }

    /// Reads what the program printed for `time`; returns how many bytes that was.
    pub fn pump(&mut self, time: Duration) -> usize {
        let end = Instant::now() + time;
        let mut buf = [0u8; 65536];
        let mut n = 0;
        while Instant::now() < end {
            let Some(master) = self.master.as_ref() else { return n };
            match rustix::io::read(master.as_fd(), &mut buf) {
                Ok(got) if got > 0 => {
                    n += got;
                    self.screen.process(&buf[..got]);
                    self.output.extend_from_slice(&buf[..got]);
                }
                _ => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        n
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits until the screen contains `text`; returns how long that took.
    pub fn wait_for(&mut self, text: &str) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.contents().contains(text) {
                return start.elapsed();
            }
            self.pump(Duration::from_millis(1));
        }
        panic!("{text:?} did not appear:\n{}", self.contents());
    }

    /// Sends bytes as they are.
    pub fn send(&mut self, bytes: &str) {
        let master = self.master.as_ref().unwrap();
        std::fs::File::from(master.try_clone().unwrap()).write_all(bytes.as_bytes()).unwrap();
    }

    /// Types keys, one at a time, as a person would (escape sequences stay whole).
    pub fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(k);
            self.pump(Duration::from_millis(25));
        }
    }

    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            self.keys(&[&c.to_string()]);
        }
    }

    /// The text of the row the wizard marks as focused (after its `▸ `), if one is.
    pub fn focused_row(&self) -> Option<String> {
        self.contents().lines().find_map(|l| l.split_once("▸ ").map(|(_, row)| row.trim_end().to_string()))
    }

    /// Presses Tab until the wizard marks the field labelled `label` as focused: found by
    /// its label, never by a counted number of Tabs, so a field added to a page changes
    /// nothing here. Each Tab waits for the mark to move. (A label that begins another
    /// label shown on the same page, with a space after it, would match that one too.)
    pub fn tab_to(&mut self, label: &str) {
        let there =
            |row: &Option<String>| row.as_deref().is_some_and(|r| r == label || r.starts_with(&format!("{label} ")));
        for _ in 0..16 {
            let row = self.focused_row();
            if there(&row) {
                return;
            }
            self.send(TAB);
            let start = Instant::now();
            while self.focused_row() == row && start.elapsed() < Duration::from_secs(5) {
                self.pump(Duration::from_millis(5));
            }
        }
        panic!("Tab never reached {label:?}:\n{}", self.contents());
    }

    /// From the demo's menu: Business User, customer `number` taken, the focus on
    /// *Referenz*.
    pub fn order_on_reference(&mut self, number: &str) {
        self.wait_for("Bestellübersicht");
        self.keys(&["1"]);
        self.wait_for("Kunde");
        self.text(number);
        self.keys(&[ENTER]);
        self.tab_to("Referenz");
    }

    /// From step 1 with its customer to *Bestätigen*: the catalog's defaults, the first
    /// existing user, SIM later, the first free number (preselected), extension `ext`, PIN
    /// 4711. Returns once the page is shown.
    pub fn rest_to_confirm(&mut self, ext: &str) {
        self.keys(&[CTRL_N]);
        self.wait_for("Voice-Produkt");
        self.keys(&[CTRL_N, CTRL_N]);
        self.wait_for("Benutzer auswählen");
        self.keys(&[ENTER, ENTER, CTRL_N]); // the first existing user
        self.wait_for("SIM auswählen");
        self.tab_to("SIM-Karte bestellen");
        self.keys(&[" ", DOWN, ENTER, CTRL_N]); // SIM later
        self.wait_for("Nummerntyp");
        self.keys(&[CTRL_N]); // the first free number, preselected
        self.wait_for("Nebenstellennummer");
        self.text(ext);
        self.tab_to("PIN-Code");
        self.text("4711");
        self.keys(&[CTRL_N]);
        self.wait_for("Rechnungspositionen");
    }

    /// Changes the terminal's size, as a terminal window does (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let size = rustix::termios::Winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
        rustix::termios::tcsetwinsize(self.master.as_ref().unwrap(), size).unwrap();
    }

    /// Whether the terminal is in raw mode (no line editing, no echo), as seen on its side.
    pub fn is_raw(&self) -> bool {
        let t = rustix::termios::tcgetattr(self.master.as_ref().unwrap()).unwrap();
        let l = t.local_modes;
        !l.contains(rustix::termios::LocalModes::ICANON) && !l.contains(rustix::termios::LocalModes::ECHO)
    }

    pub fn pid(&self) -> rustix::process::Pid {
        rustix::process::Pid::from_child(&self.child)
    }

    /// Sends a signal to the program.
    pub fn signal(&self, signal: rustix::process::Signal) {
        rustix::process::kill_process(self.pid(), signal).unwrap();
    }

    /// The CPU time the program used so far, in clock ticks (utime + stime of all threads).
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    /// The program's peak resident memory (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Whether the program still runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Closes the terminal, as a dropped connection does.
    pub fn hang_up(&mut self) {
        self.master = None;
    }

    /// Waits up to `within` for the program to end, reading what it prints meanwhile.
    pub fn exit(&mut self, within: Duration) -> ExitStatus {
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(20));
                return status;
            }
            self.pump(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        panic!("still running {within:?} later:\n{}", self.contents());
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Holds the demo database's write lock (`BEGIN IMMEDIATE`), as another program would,
/// until the connection commits or goes.
pub fn lock(home: &Home) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(home.demo_db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

/// The operator's drafts, newest first: (id, step, answers as JSON).
pub fn drafts(db: &Path) -> Vec<(i64, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt =
        conn.prepare("SELECT id, step, answers FROM drafts WHERE operator = 'tester' ORDER BY id DESC").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}
