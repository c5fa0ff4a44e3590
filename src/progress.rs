//! The progress line of `irready check` on stderr (SPEC §8: "a progress bar on stderr for
//! long scans when a terminal").
//!
//! A scan of a few roots takes well under a second, and a line that flashes and vanishes
//! is noise, so the bar starts hidden and is drawn only once the scan has run for
//! [`SHOW_AFTER`]. It is cleared before the report is printed. Disabled (not a terminal,
//! `--quiet`, library use) it does nothing at all.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a scan runs before its progress is shown.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Progress of a scan: root modules checked and the one just finished. Shared by the
/// parallel per-root workers (`&Progress` is enough: indicatif's bar is `Sync`).
#[derive(Debug)]
pub struct Progress {
    /// `None` when disabled.
    bar: Option<ProgressBar>,
    /// How long to stay hidden.
    delay: Duration,
    /// Set once the bar draws to stderr.
    shown: AtomicBool,
}

impl Progress {
    /// A progress that never draws anything.
    pub fn disabled() -> Self {
        Progress {
            bar: None,
            delay: SHOW_AFTER,
            shown: AtomicBool::new(false),
        }
    }

    /// A progress on stderr, hidden for the first [`SHOW_AFTER`] of the scan. indicatif
    /// draws nothing when stderr is not a terminal, but callers should still enable it
    /// only for one.
    pub fn on_stderr() -> Self {
        Self::after(SHOW_AFTER)
    }

    /// A progress on stderr that stays hidden for `delay` (tests use a zero delay).
    pub fn after(delay: Duration) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        // The template is a constant: it cannot fail, but fall back rather than panic.
        let style = ProgressStyle::with_template(
            "{spinner} checked {pos} root module(s) [{elapsed}] {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        Progress {
            bar: Some(bar),
            delay,
            shown: AtomicBool::new(false),
        }
    }

    /// Counts one root module as checked; `path` is shown as the one last checked.
    pub fn root_checked(&self, path: &str) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.inc(1);
        bar.set_message(path.to_string());
        if bar.elapsed() >= self.delay && !self.shown.swap(true, Ordering::AcqRel) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            // Keep the spinner turning while a long root is evaluated.
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Whether the bar has started drawing to stderr (false while hidden or disabled).
    pub fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Acquire)
    }

    /// Root modules counted so far (0 when disabled).
    pub fn checked(&self) -> u64 {
        self.bar.as_ref().map_or(0, ProgressBar::position)
    }

    /// Removes the line from the terminal; call before printing the report.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_does_nothing() {
        let p = Progress::disabled();
        p.root_checked("a");
        p.root_checked("b");
        assert_eq!(p.checked(), 0);
        assert!(!p.is_shown());
        p.finish();
        assert!(!p.is_shown());
    }

    #[test]
    fn short_scan_stays_hidden() {
        let p = Progress::on_stderr();
        for root in ["infra/a", "infra/b", "infra/c"] {
            p.root_checked(root);
        }
        assert_eq!(p.checked(), 3);
        assert!(!p.is_shown(), "shown before {SHOW_AFTER:?}");
        p.finish();
    }

    #[test]
    fn long_scan_is_shown_then_cleared() {
        let p = Progress::after(Duration::ZERO);
        p.root_checked("infra/a");
        assert!(p.is_shown());
        assert_eq!(p.checked(), 1);
        p.finish();
        assert!(p.bar.as_ref().is_some_and(ProgressBar::is_finished));
    }

    #[test]
    fn counts_from_parallel_workers() {
        use rayon::prelude::*;
        let p = Progress::after(Duration::from_secs(3600));
        (0..100)
            .into_par_iter()
            .for_each(|i| p.root_checked(&format!("m{i}")));
        assert_eq!(p.checked(), 100);
        assert!(!p.is_shown());
        p.finish();
    }
}
