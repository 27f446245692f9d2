//! SIGINT and SIGTERM during a run, handled from its first moment (nextest's signal.rs is
//! the model): the first stops the run (no new case starts, in-flight ones are dropped,
//! cleanup runs, every report is written with `interrupted: true`, exit 2); later ones are
//! said and change nothing, so that the reports and the cleanup are never cut short.
//!
//! Terminals send Ctrl-C to the whole process group, and `timeout -s INT` sends its signal
//! to the command and then to its group: one stop often arrives twice. A process that died
//! on the second signal left a report file of 0 bytes and executions open.

use anyhow::{Context, Result};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::watch;

/// The run's signals, listened to since [`Signals::listen`].
pub struct Signals {
    stop: watch::Receiver<bool>,
    later: Arc<AtomicUsize>,
}

impl Signals {
    /// Installs the handlers at once (a signal that arrives before anything polls them is
    /// kept) and watches them on `runtime`.
    pub fn listen(runtime: &tokio::runtime::Runtime) -> Result<Self> {
        let _entered = runtime.enter();
        let (tx, stop) = watch::channel(false);
        let later = Arc::new(AtomicUsize::new(0));
        let counted = later.clone();
        let mut next = listeners()?;
        runtime.spawn(async move {
            while let Some(name) = next.recv().await {
                if !*tx.borrow() {
                    eprintln!(
                        "swfcheck: {name}: stopping: no new case starts; cleanup, then every report (interrupted), exit 2"
                    );
                    let _ = tx.send(true);
                } else {
                    counted.fetch_add(1, Ordering::Relaxed);
                    eprintln!(
                        "swfcheck: {name} again: the run is already stopping; cleanup goes on to its end (each call bounded by --timeout), then the reports are written"
                    );
                }
            }
        });
        Ok(Signals { stop, later })
    }

    /// Turns true at the first signal.
    pub fn stop(&self) -> watch::Receiver<bool> {
        self.stop.clone()
    }

    /// How many signals came after the first.
    pub fn later(&self) -> usize {
        self.later.load(Ordering::Relaxed)
    }

    /// The sentence the report carries when signals came after the first.
    pub fn note(&self) -> Option<String> {
        let later = self.later();
        (later > 0).then(|| {
            format!(
                "{later} more signal(s) came after the first while the run stopped; cleanup went on to its end and the reports were written"
            )
        })
    }
}

/// SIGINT and SIGTERM as one stream of names.
#[cfg(unix)]
struct Listeners {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
fn listeners() -> Result<Listeners> {
    use tokio::signal::unix::{SignalKind, signal};
    Ok(Listeners {
        interrupt: signal(SignalKind::interrupt()).context("handling SIGINT")?,
        terminate: signal(SignalKind::terminate()).context("handling SIGTERM")?,
    })
}

#[cfg(unix)]
impl Listeners {
    /// The next signal's name.
    async fn recv(&mut self) -> Option<&'static str> {
        tokio::select! {
            Some(()) = self.interrupt.recv() => Some("SIGINT"),
            Some(()) = self.terminate.recv() => Some("SIGTERM"),
            else => None,
        }
    }
}

/// Ctrl-C alone where there are no Unix signals.
#[cfg(not(unix))]
struct Listeners;

#[cfg(not(unix))]
fn listeners() -> Result<Listeners> {
    Ok(Listeners)
}

#[cfg(not(unix))]
impl Listeners {
    async fn recv(&mut self) -> Option<&'static str> {
        tokio::signal::ctrl_c().await.ok().map(|()| "Ctrl-C")
    }
}
