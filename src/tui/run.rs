//! The terminal loop: draw, wait for something to happen, handle it, carry out the effects;
//! save the draft a moment after the last key; leave cleanly, with the draft saved, when the
//! connection drops, a signal asks to stop, or the program panics.
//!
//! The loop sleeps until something wakes it: a terminal event, a signal, a background
//! result, or a draft save that is due. Nothing wakes it periodically, so a screen that is
//! only being read costs no CPU and no bytes.

use super::app::App;
use super::backend::Backend;
use super::tty::{self, Tty};
use super::wake;
use anyhow::Context;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use rustix::event::{PollFd, PollFlags};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use std::io::{IsTerminal, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};

/// The draft is saved after this long without a key…
const DRAFT_QUIET: Duration = Duration::from_millis(400);
/// …or at the latest this long after the first unsaved key, while the operator keeps typing.
const DRAFT_LATEST: Duration = Duration::from_millis(900);
/// A draft save that found the database locked by another program is tried again this much
/// later (the screen never waits for it).
const DRAFT_RETRY: Duration = Duration::from_secs(2);
/// The save on the way out may wait this long for another program's lock: long enough for
/// any ordinary transaction, short enough that a hang-up still ends the program promptly.
const FINAL_DRAFT_WAIT: Duration = Duration::from_millis(1500);
/// On the way out, an order being placed may take this long to give up its wait for the
/// lock (a moment) or to finish, if it got the lock just then.
const PLACING_STOP: Duration = Duration::from_millis(1000);
/// A stop signal this long after the first one ends the program at once: the shutdown is
/// stuck (a bug), and the operator or the system insists. A second signal sooner waits for
/// the first one's shutdown, the draft's save included.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Room for wake-ups the loop has not taken yet (a burst of pasted keys).
const CHANNEL: usize = 1024;

/// Where the details of a crash are written; set by the command line.
static CRASH_LOG: OnceLock<PathBuf> = OnceLock::new();

/// Tells the loop where to write the details of a panic.
pub fn set_crash_log(path: PathBuf) {
    let _ = CRASH_LOG.set(path);
}

/// Why the program stopped although the operator did not quit. The draft was saved.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Interrupted {
    /// SIGHUP, end of input or an I/O error: the terminal (the SSH connection) went away.
    #[error("the terminal went away; the order is kept as a draft")]
    HangUp,
    /// SIGTERM or SIGINT from outside.
    #[error("stopped by signal {0}; the order is kept as a draft")]
    Signal(i32),
    /// A bug: the terminal was restored, details are in the log.
    #[error("internal error ({message}); {}; details in {}", if *draft_saved { "the order is kept as a draft" } else { "the draft could not be saved" }, log.display())]
    Panic { message: String, draft_saved: bool, log: PathBuf },
}

/// Added to an [`Interrupted`] when no order's draft is kept (it came at the menu, or before
/// the order's first answer): its message then promises none.
#[derive(Debug, thiserror::Error)]
#[error("no order open, no draft kept")]
pub struct NoDraft;

/// `result` with [`NoDraft`] added to an interruption when `draft_kept` is false.
pub fn mark_no_draft(result: anyhow::Result<()>, draft_kept: bool) -> anyhow::Result<()> {
    match result {
        Err(e) if !draft_kept && e.downcast_ref::<Interrupted>().is_some() => Err(e.context(NoDraft)),
        other => other,
    }
}

/// What wakes the loop.
enum Wake {
    /// An event from the terminal.
    Term(TermEvent),
    /// The terminal is gone: it hung up, or reading it failed.
    Gone,
    /// A stop signal: SIGHUP, SIGTERM or SIGINT. (A resize comes as a terminal event:
    /// crossterm's read watches SIGWINCH itself.)
    Signal(i32),
    /// Background work has a result (a list filter, the customer list).
    Background,
}

/// Runs the application in the terminal until the operator quits. `backend` does the
/// database work.
pub fn run(app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let (tx, rx) = sync_channel(CHANNEL);
    spawn_signals(tx.clone()).context("installing the signal handlers")?;
    let background = tx.clone();
    // Full means the loop has plenty of wake-ups queued: this one is not needed.
    wake::install(Box::new(move || drop(background.try_send(Wake::Background))));
    install_panic_hook();
    app.place_in_background();
    app.count_in_background();
    let mut terminal = tty::init().context("setting up the terminal")?;
    let result = catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, app, backend, tx, rx)));
    tty::restore();
    // ratatui's Terminal shows the cursor on drop and eprintln!s a failure, which panics
    // when the terminal is gone; the cursor is shown by `leave` already.
    std::mem::forget(terminal);
    // On the way out the draft may wait a little for another program's lock.
    backend.draft_wait(FINAL_DRAFT_WAIT);
    match result {
        Ok(outcome) => {
            // An order still being placed is placed now or not at all, before its draft.
            app.stop_placing(PLACING_STOP, backend);
            // Whatever ended the loop, the order is kept: Ctrl+C and q included.
            save_draft(app, backend);
            if let Some(lost) = app.draft_failure() {
                // The screen is left: the operator reads this in the shell (if it is there).
                let _ = writeln!(std::io::stderr(), "comuniq-order: {lost}");
            }
            let kept = app.wizard().is_some_and(|w| w.draft_id().is_some());
            mark_no_draft(outcome, kept)
        }
        Err(panic) => Err(crashed(panic, app, backend).into()),
    }
}

/// Saves the open order's draft, if it changed.
fn save_draft(app: &mut App, backend: &mut dyn Backend) {
    let effects = app.save_draft();
    app.settle(effects, backend);
}

/// After a panic: save the draft if the state still allows it, and say where the log is.
fn crashed(panic: Box<dyn std::any::Any + Send>, app: &mut App, backend: &mut dyn Backend) -> Interrupted {
    let saved = catch_unwind(AssertUnwindSafe(|| save_draft(app, backend))).is_ok();
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Interrupted::Panic { message, draft_saved: saved, log: CRASH_LOG.get().cloned().unwrap_or_default() }
}

/// A panic hook that restores the terminal and appends the details to the crash log instead
/// of printing them over the screen; the short message comes from [`Interrupted::Panic`].
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        tty::restore();
        let Some(path) = CRASH_LOG.get() else { return };
        let backtrace = std::backtrace::Backtrace::force_capture();
        let entry = format!("{} {info}\n{backtrace}\n", chrono::Local::now().format("%Y-%m-%d %H:%M:%S"));
        // Private (0600, its folders 0700): the details may name customers.
        let file = crate::private_files::append(path);
        if let Ok(mut file) = file {
            let _ = std::io::Write::write_all(&mut file, entry.as_bytes());
        }
    }));
}

/// Why to stop, for a stop signal.
fn interrupted(signal: i32) -> Interrupted {
    if signal == SIGHUP { Interrupted::HangUp } else { Interrupted::Signal(signal) }
}

/// Takes SIGHUP, SIGTERM and SIGINT on a thread of its own and hands them to the loop.
/// The first one decides how the program ends (signals that arrive together come in
/// signal-number order); later ones do not cut its shutdown short (the draft's save),
/// unless that shutdown is stuck for [`SHUTDOWN_GRACE`].
fn spawn_signals(tx: SyncSender<Wake>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        let mut first: Option<(i32, Instant)> = None;
        // The thread never ends: while it lives, a stop signal can't kill the program
        // mid-save with the default action.
        for signal in signals.forever() {
            match first {
                None => {
                    first = Some((signal, Instant::now()));
                    // Blocks only while the loop is busy; gone after the loop ended.
                    let _ = tx.send(Wake::Signal(signal));
                }
                Some((code, since)) if since.elapsed() >= SHUTDOWN_GRACE => {
                    tty::restore();
                    std::process::exit(128 + code);
                }
                Some(_) => {}
            }
        }
    })?;
    Ok(())
}

/// When the draft is due: after a quiet moment, or at the latest a while after the first
/// unsaved key; after a save that failed (the database locked), not before the retry.
#[derive(Default)]
struct DraftTimer {
    first: Option<Instant>,
    last: Option<Instant>,
    retry: Option<Instant>,
}

impl DraftTimer {
    fn key(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// Something is unsaved: the timer runs, from now if no key started it (a save that
    /// came back not saved, a change from the background).
    fn arm(&mut self, now: Instant) {
        if self.first.is_none() {
            self.key(now);
        }
    }

    /// How long until the draft is due; zero when it is.
    fn left(&self, now: Instant) -> Duration {
        let quiet = self.last.map(|t| t + DRAFT_QUIET);
        let late = self.first.map(|t| t + DRAFT_LATEST);
        let due = quiet.into_iter().chain(late).min().unwrap_or(now);
        due.max(self.retry.unwrap_or(now)).saturating_duration_since(now)
    }

    fn failed(&mut self, now: Instant) {
        self.retry = Some(now + DRAFT_RETRY);
    }

    fn reset(&mut self) {
        *self = DraftTimer::default();
    }
}

/// Saves the draft if it is due. Returns how long the loop may sleep before the draft needs
/// it again: `None` when nothing is unsaved (the loop then sleeps until an event). A timer
/// left running with nothing to save would wake the loop at once, forever (issue 9).
fn draft_due(app: &mut App, backend: &mut dyn Backend, draft: &mut DraftTimer) -> Option<Duration> {
    let now = Instant::now();
    if !app.has_unsaved_draft() {
        draft.reset();
        return None;
    }
    draft.arm(now);
    if draft.left(now).is_zero() {
        save_draft(app, backend);
        if !app.has_unsaved_draft() {
            draft.reset();
            return None;
        }
        // Not saved (another program holds the database): later again.
        draft.failed(now);
    }
    Some(draft.left(now))
}

/// The terminal's input: standard input if it is the terminal, else /dev/tty, as crossterm
/// reads it.
fn terminal_input() -> std::io::Result<OwnedFd> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() { stdin.as_fd().try_clone_to_owned() } else { Ok(std::fs::File::open("/dev/tty")?.into()) }
}

/// Sleeps until the terminal hangs up or fails: `poll` with no events asked for still
/// reports those (POLLHUP, POLLERR), and nothing else wakes it.
fn wait_for_hang_up(tty: &OwnedFd) {
    loop {
        let mut fds = [PollFd::new(tty, PollFlags::empty())];
        match rustix::event::poll(&mut fds, None) {
            Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) => return,
            // Woken for nothing, or a signal arrived meanwhile (the signal thread has it).
            Ok(_) | Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
    }
}

/// Reads the terminal on a thread of its own and hands the events over the channel; a
/// second thread watches for the hang-up.
///
/// Once the terminal is gone, crossterm's read spins on the end of input (crossterm#793)
/// and never returns, so the hang-up is taken from `poll` instead; the loop then ends the
/// program, and the spinning reader with it. (Watching in the reader, before each read,
/// does not work: crossterm waits edge-triggered, and a SIGWINCH taken first leaves the
/// terminal's input unannounced.)
fn spawn_reader(tx: SyncSender<Wake>) -> anyhow::Result<()> {
    let tty = terminal_input().context("opening the terminal for reading")?;
    let gone = tx.clone();
    std::thread::Builder::new()
        .name("hang-up-watch".into())
        .spawn(move || {
            wait_for_hang_up(&tty);
            let _ = gone.send(Wake::Gone);
        })
        .context("starting the hang-up watch")?;
    std::thread::Builder::new()
        .name("terminal-reader".into())
        .spawn(move || {
            loop {
                let wake = match event::read() {
                    Ok(event) => Wake::Term(event),
                    Err(_) => Wake::Gone,
                };
                let failed = matches!(wake, Wake::Gone);
                if tx.send(wake).is_err() || failed {
                    return;
                }
            }
        })
        .context("starting the terminal reader")?;
    Ok(())
}

fn event_loop(
    terminal: &mut Tty,
    app: &mut App,
    backend: &mut dyn Backend,
    tx: SyncSender<Wake>,
    events: Receiver<Wake>,
) -> anyhow::Result<()> {
    spawn_reader(tx)?;
    let mut dirty = true;
    let mut draft = DraftTimer::default();
    loop {
        if app.should_quit() {
            // Ctrl+C is SIGINT's key: in raw mode it comes as a key, and ends the program
            // as the signal does (exit 130, the draft kept), like line mode.
            return if app.quit_by_ctrl_c() { Err(Interrupted::Signal(SIGINT).into()) } else { Ok(()) };
        }
        if app.take_suspend() {
            save_draft(app, backend);
            suspend(terminal)?;
            dirty = true;
        }
        // Whatever woke the loop, background results that arrived are taken.
        dirty |= app.poll_background();
        dirty |= app.poll_placing(backend);
        dirty |= app.poll_counts(backend);
        if dirty && terminal.draw(|frame| app.draw(frame)).is_err() {
            return Err(Interrupted::HangUp.into());
        }
        dirty = false;
        let told = app.message.clone();
        let due = draft_due(app, backend, &mut draft);
        if app.message != told {
            // The save's result is told on the screen (failed, or saved again).
            dirty = true;
            continue;
        }
        let wake = match due {
            Some(wait) => match events.recv_timeout(wait) {
                Ok(wake) => wake,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Err(Interrupted::HangUp.into()),
            },
            // Nothing unsaved: sleep until something happens.
            None => events.recv().map_err(|_| Interrupted::HangUp)?,
        };
        match wake {
            Wake::Term(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => {
                app.drive(key, backend);
                draft.key(Instant::now());
                dirty = true;
            }
            Wake::Term(TermEvent::Mouse(mouse)) => {
                dirty = app.on_mouse(mouse, backend);
                if dirty {
                    draft.key(Instant::now());
                }
            }
            Wake::Term(TermEvent::Paste(text)) => {
                dirty = app.paste(&text, backend);
                if dirty {
                    draft.key(Instant::now());
                }
            }
            Wake::Term(TermEvent::Resize(..)) => dirty = true,
            Wake::Term(_) | Wake::Background => {}
            Wake::Gone => return Err(Interrupted::HangUp.into()),
            Wake::Signal(signal) => return Err(interrupted(signal).into()),
        }
    }
}

/// Ctrl+Z: hands the terminal back, stops the program (as the shell expects), and on `fg`
/// takes the terminal again and redraws everything.
fn suspend(terminal: &mut Tty) -> anyhow::Result<()> {
    tty::restore();
    signal_hook::low_level::raise(SIGTSTP).context("suspending")?;
    // Here again after SIGCONT.
    tty::reenter(terminal).map_err(|_| Interrupted::HangUp)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_is_due_after_a_quiet_moment_or_at_the_latest_and_a_failure_waits() {
        let t0 = Instant::now();
        let mut timer = DraftTimer::default();
        timer.key(t0);
        assert_eq!(timer.left(t0), DRAFT_QUIET);
        // Typing on: due at the latest DRAFT_LATEST after the first key.
        timer.key(t0 + Duration::from_millis(800));
        assert_eq!(timer.left(t0 + Duration::from_millis(800)), DRAFT_LATEST - Duration::from_millis(800));
        assert!(timer.left(t0 + DRAFT_LATEST).is_zero());
        // Locked: not before the retry, however long ago the keys were.
        timer.failed(t0 + DRAFT_LATEST);
        assert_eq!(timer.left(t0 + DRAFT_LATEST), DRAFT_RETRY);
        timer.reset();
        // A timer nobody armed is due at once: draft_due arms it only while something is
        // unsaved, and sleeps without a timeout otherwise.
        assert!(timer.left(t0).is_zero());
    }

    #[test]
    fn a_key_that_changes_no_draft_leaves_the_loop_asleep() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("orders.db")).unwrap();
        let catalog = std::sync::Arc::new(crate::domain::Catalog::builtin().unwrap());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut app = App::new(catalog.clone(), today, crate::i18n::Lang::De);
        let mut driver = crate::driver::Driver::new(&mut store, catalog, "tester", crate::driver::wall_clock);
        // ↓ in the menu a while ago: nothing to save, so no timeout (issue 9: a zero one).
        let mut timer = DraftTimer::default();
        timer.key(Instant::now() - Duration::from_secs(5));
        assert_eq!(draft_due(&mut app, &mut driver, &mut timer), None);
        // A key in an order: due a quiet moment after the key, then saved, and the
        // loop sleeps again.
        let effects = app.start_order(None);
        app.settle(effects, &mut driver);
        let tab = ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Tab);
        app.drive(tab, &mut driver);
        assert!(app.has_unsaved_draft());
        timer.key(Instant::now());
        let wait = draft_due(&mut app, &mut driver, &mut timer).unwrap();
        assert!(!wait.is_zero() && wait <= DRAFT_QUIET, "{wait:?}");
        timer.reset();
        timer.key(Instant::now() - Duration::from_secs(5));
        assert_eq!(draft_due(&mut app, &mut driver, &mut timer), None);
        assert!(!app.has_unsaved_draft());
        assert!(app.wizard().and_then(crate::wizard::Wizard::draft_id).is_some(), "saved as a draft");
    }
}
