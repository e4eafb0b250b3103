//! The terminal loop: draw, read a key, handle it, carry out the effects; save the draft a
//! moment after the last key; leave cleanly, with the draft saved, when the connection
//! drops, a signal asks to stop, or the program panics.

use super::app::App;
use super::backend::Backend;
use super::tty::{self, Tty};
use anyhow::Context;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// How often background work (a list filter, the customer list) is asked for its result.
const BACKGROUND_POLL: Duration = Duration::from_millis(10);
/// The longest the loop waits before looking at signals and the terminal again: this and
/// the draft save bound the time to exit after a hang-up.
const TICK: Duration = Duration::from_millis(100);
/// The draft is saved after this long without a key…
const DRAFT_QUIET: Duration = Duration::from_millis(400);
/// …or at the latest this long after the first unsaved key, while the operator keeps typing.
const DRAFT_LATEST: Duration = Duration::from_millis(900);

/// Where the details of a crash are written; set by the command line.
static CRASH_LOG: OnceLock<PathBuf> = OnceLock::new();

/// Tells the loop where to write the details of a panic.
pub fn set_crash_log(path: PathBuf) {
    let _ = CRASH_LOG.set(path);
}

/// Why the program stopped although the operator did not quit. The draft was saved.
#[derive(Debug, thiserror::Error)]
pub enum Interrupted {
    /// SIGHUP, end of input or an I/O error: the terminal (the SSH connection) went away.
    #[error("the terminal went away; the order is kept as a draft")]
    HangUp,
    /// SIGTERM or SIGINT from outside.
    #[error("stopped by signal {0}; the order is kept as a draft")]
    Signal(i32),
    /// A bug: the terminal was restored, details are in the log.
    #[error("internal error ({message}); {draft}; details in {}", log.display())]
    Panic { message: String, draft: &'static str, log: PathBuf },
}

/// Runs the application in the terminal until the operator quits. `backend` does the
/// database work.
pub fn run(app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let signals = Signals::register().context("installing the signal handlers")?;
    install_panic_hook();
    let mut terminal = tty::init().context("setting up the terminal")?;
    let result = catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, app, backend, &signals)));
    tty::restore();
    // ratatui's Terminal shows the cursor on drop and eprintln!s a failure, which panics
    // when the terminal is gone; the cursor is shown by `leave` already.
    std::mem::forget(terminal);
    match result {
        Ok(outcome) => {
            // Whatever ended the loop, the order is kept: Ctrl+C and q included.
            save_draft(app, backend);
            outcome
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
    Interrupted::Panic {
        message,
        draft: if saved { "the order is kept as a draft" } else { "the draft could not be saved" },
        log: CRASH_LOG.get().cloned().unwrap_or_default(),
    }
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

/// The signals that end the program, as flags the loop reads.
struct Signals {
    /// The number of the last signal that arrived, 0 for none.
    last: Arc<AtomicUsize>,
}

impl Signals {
    fn register() -> std::io::Result<Signals> {
        let last = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(AtomicBool::new(false));
        for signal in [SIGHUP, SIGTERM, SIGINT] {
            // A second signal while the first is handled ends the program at once.
            signal_hook::flag::register_conditional_shutdown(signal, 1, seen.clone())?;
            signal_hook::flag::register(signal, seen.clone())?;
            signal_hook::flag::register_usize(signal, last.clone(), signal as usize)?;
        }
        Ok(Signals { last })
    }

    /// Why to stop, if a signal came.
    fn pending(&self) -> Option<Interrupted> {
        match self.last.load(Ordering::SeqCst) {
            0 => None,
            s if s == SIGHUP as usize => Some(Interrupted::HangUp),
            s => Some(Interrupted::Signal(s as i32)),
        }
    }
}

/// When the draft is due: after a quiet moment, or at the latest a while after the first
/// unsaved key.
#[derive(Default)]
struct DraftTimer {
    first: Option<Instant>,
    last: Option<Instant>,
}

impl DraftTimer {
    fn key(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    fn due(&self, now: Instant) -> bool {
        let quiet = self.last.is_some_and(|t| now >= t + DRAFT_QUIET);
        let late = self.first.is_some_and(|t| now >= t + DRAFT_LATEST);
        quiet || late
    }

    /// How long the loop may wait for a key before the draft is due.
    fn wait(&self, now: Instant) -> Option<Duration> {
        let quiet = self.last.map(|t| (t + DRAFT_QUIET).saturating_duration_since(now));
        let late = self.first.map(|t| (t + DRAFT_LATEST).saturating_duration_since(now));
        quiet.into_iter().chain(late).min()
    }

    fn reset(&mut self) {
        *self = DraftTimer::default();
    }
}

/// Whether the terminal still answers. After a hang-up, the tty's ioctls fail, so this
/// turns false even while reads still "succeed" with nothing.
fn terminal_alive() -> bool {
    std::io::stdout().is_terminal()
}

/// Reads the terminal on a thread of its own and hands the events over a channel.
///
/// Once the terminal is gone, crossterm's read spins forever on the end of input
/// (crossterm#793) and never returns; on its own thread that can't hold up the loop, which
/// notices the hang-up and ends the program (the spinning thread ends with it).
fn spawn_reader() -> anyhow::Result<Receiver<std::io::Result<TermEvent>>> {
    let (tx, rx) = sync_channel(256);
    std::thread::Builder::new()
        .name("terminal-reader".into())
        .spawn(move || {
            loop {
                let event = event::read();
                let failed = event.is_err();
                if tx.send(event).is_err() || failed {
                    return;
                }
            }
        })
        .context("starting the terminal reader")?;
    Ok(rx)
}

fn event_loop(terminal: &mut Tty, app: &mut App, backend: &mut dyn Backend, signals: &Signals) -> anyhow::Result<()> {
    let events = spawn_reader()?;
    let mut dirty = true;
    let mut draft = DraftTimer::default();
    loop {
        if let Some(stop) = signals.pending() {
            return Err(stop.into());
        }
        if app.should_quit() {
            return Ok(());
        }
        if app.take_suspend() {
            save_draft(app, backend);
            suspend(terminal)?;
            dirty = true;
        }
        if dirty && terminal.draw(|frame| app.draw(frame)).is_err() {
            return Err(Interrupted::HangUp.into());
        }
        dirty = false;
        let now = Instant::now();
        if app.has_unsaved_draft() && draft.due(now) {
            save_draft(app, backend);
            draft.reset();
        }
        let mut timeout = if app.is_busy() { BACKGROUND_POLL } else { TICK };
        if let Some(wait) = draft.wait(now) {
            timeout = timeout.min(wait);
        }
        // Waiting with a timeout: signals and a dead terminal are noticed within a tick.
        match events.recv_timeout(timeout) {
            Ok(Ok(TermEvent::Key(key))) if key.kind == KeyEventKind::Press => {
                app.drive(key, backend);
                draft.key(Instant::now());
                dirty = true;
            }
            Ok(Ok(TermEvent::Mouse(mouse))) => {
                dirty = app.on_mouse(mouse, backend);
                if dirty {
                    draft.key(Instant::now());
                }
            }
            Ok(Ok(TermEvent::Resize(..))) => dirty = true,
            Ok(Ok(_)) => {}
            // End of input or a read error: the terminal is gone.
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return Err(Interrupted::HangUp.into()),
            Err(RecvTimeoutError::Timeout) => {
                if !terminal_alive() {
                    return Err(Interrupted::HangUp.into());
                }
                dirty = app.poll_background();
            }
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
