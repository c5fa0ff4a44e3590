//! `waf-rel-060.ir.metrics-computable`: every incident of the window carries, in its record
//! or in its review's timeline, the timestamps that MTTD and MTTR need, in order.
//!
//! Why: the seed measures incident response by MTTD (detected − started) and MTTR
//! (resolved − detected, SPEC §6). An incident without those timestamps silently drops out
//! of the figures, so the mean describes only the incidents that were easy to record; an
//! incident whose timestamps are out of order gives a negative duration that corrupts the
//! mean. Both are defects of the record, named here per incident.
//!
//! Scope: incidents resolved in the 12 months before the as-of date; incidents without
//! `resolved_at` whose other timestamps (started, detected, acknowledged, mitigated) put
//! them in the window (an open or unfinished record is where a missing `resolved_at`
//! matters most); and incidents with no timestamp at all, which cannot be placed in any
//! window — a record that cannot be dated is itself the defect, so it is always judged.
//!
//! `acknowledged_at` is optional: without it the incident is left out of MTTA only, and
//! the PASS says so. When present it must not precede `detected_at` (a negative time to
//! acknowledge corrupts MTTA the same way).

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::documents::FilledIncident;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

/// See the module documentation.
pub struct MetricsComputable;

impl DocumentCheck for MetricsComputable {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.metrics-computable"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        cx.documents
            .incidents_with_timelines()
            .iter()
            .filter(|filled| in_scope(cx, filled))
            .map(judge)
            .collect()
    }
}

/// Whether the incident belongs to the window (see the module documentation).
fn in_scope(cx: &DocumentContext<'_>, filled: &FilledIncident<'_>) -> bool {
    let i = &filled.incident;
    if let Some(resolved) = i.resolved_date {
        return cx.in_window(resolved);
    }
    let others = [
        i.started_at,
        i.detected_at,
        i.acknowledged_at,
        i.mitigated_at,
    ];
    let dates: Vec<Date> = others.iter().flatten().map(|t| utc_date(*t)).collect();
    dates.is_empty() || dates.into_iter().any(|d| cx.in_window(d))
}

/// The UTC date of an instant: the records keep only the resolution's own offset, and a
/// day's difference at the window's edge does not change what a record lacks.
fn utc_date(t: Timestamp) -> Date {
    Offset::UTC.to_datetime(t).date()
}

/// The verdict on one incident of the window.
fn judge(filled: &FilledIncident<'_>) -> Verdict {
    let i = &filled.incident;
    let (started, detected, resolved) = (i.started_at, i.detected_at, i.resolved_at);
    let fail = |message: String| Verdict {
        root: None,
        status: Status::Fail,
        resource: i.id.clone(),
        message,
        location: i.location.clone(),
    };
    let none = [
        started,
        detected,
        i.acknowledged_at,
        i.mitigated_at,
        resolved,
    ]
    .iter()
    .all(Option::is_none);
    if none {
        return fail(
            "no timestamp at all: the incident cannot be placed in time, and MTTD and MTTR cannot be computed; expected started_at, detected_at and resolved_at in the record or the review's timeline".into(),
        );
    }

    let mut problems = Vec::new();
    let mut missing = Vec::new();
    if started.is_none() {
        missing.push("started_at (blocks MTTD)");
    }
    if detected.is_none() {
        missing.push("detected_at (blocks MTTD and MTTR)");
    }
    if resolved.is_none() {
        missing.push("resolved_at (blocks MTTR)");
    }
    if !missing.is_empty() {
        problems.push(format!("missing {}", missing.join(", ")));
    }
    let mut order = |earlier: Option<Timestamp>,
                     earlier_name: &str,
                     later: Option<Timestamp>,
                     later_name: &str,
                     figure: &str| {
        if let (Some(e), Some(l)) = (earlier, later)
            && l < e
        {
            problems.push(format!(
                "{later_name} {l} is before {earlier_name} {e} ({figure} would be negative)"
            ));
        }
    };
    order(started, "started_at", detected, "detected_at", "MTTD");
    order(detected, "detected_at", resolved, "resolved_at", "MTTR");
    order(
        detected,
        "detected_at",
        i.acknowledged_at,
        "acknowledged_at",
        "MTTA",
    );
    if detected.is_none() {
        // Not a figure of its own, but a resolution before the start is still a wrong record.
        order(
            started,
            "started_at",
            resolved,
            "resolved_at",
            "the incident's duration",
        );
    }
    if !problems.is_empty() {
        let filled_note = from_timeline(filled)
            .map(|f| format!("; {f}"))
            .unwrap_or_default();
        return fail(format!(
            "{}{filled_note}; expected started_at ≤ detected_at ≤ resolved_at (and detected_at ≤ acknowledged_at when recorded), from the record or the review's timeline",
            problems.join("; ")
        ));
    }

    let (Some(started), Some(detected), Some(resolved)) = (started, detected, resolved) else {
        // Unreachable by the checks above; kept total rather than panicking.
        return fail("missing a timestamp MTTD or MTTR needs".into());
    };
    let mut message = format!(
        "started_at, detected_at and resolved_at present and in order: time to detect {}, time to restore {}",
        duration(started, detected),
        duration(detected, resolved)
    );
    match i.acknowledged_at {
        Some(ack) => message.push_str(&format!(
            ", time to acknowledge {}",
            duration(detected, ack)
        )),
        None => message.push_str("; no acknowledged_at, so MTTA excludes this incident"),
    }
    if let Some(f) = from_timeline(filled) {
        message.push_str(&format!("; {f}"));
    }
    Verdict {
        root: None,
        status: Status::Pass,
        resource: i.id.clone(),
        message,
        location: i.location.clone(),
    }
}

/// "detected_at, resolved_at taken from the timeline of <review file>", or `None` when
/// nothing was.
fn from_timeline(filled: &FilledIncident<'_>) -> Option<String> {
    if filled.filled.is_empty() {
        return None;
    }
    let review = filled
        .review
        .map(|r| format!("the timeline of {}", r.location.file))
        .unwrap_or_else(|| "the review's timeline".into());
    Some(format!("{} taken from {review}", filled.filled.join(", ")))
}

/// A non-negative duration between two instants, compactly: `4m`, `1h16m`, `2d3h`, `45s`.
fn duration(from: Timestamp, to: Timestamp) -> String {
    let total = to.as_second().saturating_sub(from.as_second()).max(0);
    let (d, h, m, s) = (
        total / 86_400,
        total % 86_400 / 3600,
        total % 3600 / 60,
        total % 60,
    );
    let mut out = String::new();
    for (n, unit) in [(d, "d"), (h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() { "0s".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn durations_are_compact() {
        let t = ts("2026-03-02T10:00:00Z");
        assert_eq!(duration(t, t), "0s");
        assert_eq!(duration(t, ts("2026-03-02T10:04:00Z")), "4m");
        assert_eq!(duration(t, ts("2026-03-02T11:16:30Z")), "1h16m30s");
        assert_eq!(duration(t, ts("2026-03-04T13:00:00Z")), "2d3h");
    }
}
