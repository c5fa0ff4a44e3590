//! `waf-rel-060.ir.metrics-computable` end to end: the timestamps MTTD (detected − started)
//! and MTTR (resolved − detected) need, from the record or the review's timeline, in
//! order. Today is 2026-06-30, so the window is 2025-06-30..2026-06-30.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status;

const ID: &str = "waf-rel-060.ir.metrics-computable";
const EXPECTED: &str = "expected started_at ≤ detected_at ≤ resolved_at (and detected_at ≤ acknowledged_at when recorded), from the record or the review's timeline";

#[test]
fn complete_ordered_timestamps_pass() {
    // INC-44 was resolved on 2025-03-01, before the window: no verdict.
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("INC-41", Status::Pass),
            ("INC-42", Status::Pass),
            ("INC-43", Status::Pass),
        ],
    );
    // 09:58 → 10:01 = 3m; 10:01 → 10:40 = 39m; 10:01 → 10:05 = 4m.
    assert_eq!(
        got["INC-41"].message,
        "started_at, detected_at and resolved_at present and in order: time to detect 3m, time to restore 39m, time to acknowledge 4m"
    );
    assert_eq!(
        got["INC-41"].at,
        "incident-response/incidents/incidents.yml:2"
    );
    // Detected the instant it started (0s is in order); 04-14 08:00 → 04-15 10:30:15 =
    // 1d2h30m15s; no acknowledged_at is not a failure, but MTTA leaves it out.
    assert_eq!(
        got["INC-42"].message,
        "started_at, detected_at and resolved_at present and in order: time to detect 0s, time to restore 1d2h30m15s; no acknowledged_at, so MTTA excludes this incident"
    );
    // The record has started_at only (21:30 -05:00); the timeline gives alarm fired 21:40
    // (10m), on-call responds 21:45 (5m) and fully restored 23:30 (1h50m after 21:40).
    assert_eq!(
        got["INC-43"].message,
        "started_at, detected_at and resolved_at present and in order: time to detect 10m, time to restore 1h50m, time to acknowledge 5m; detected_at, acknowledged_at, resolved_at taken from the timeline of incident-response/postmortems/INC-43.md"
    );
}

#[test]
fn missing_and_disordered_timestamps_fail() {
    // INC-58 has no resolved_at and started on 2025-01-10, before the window: no verdict.
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("INC-51", Status::Fail),
            ("INC-52", Status::Fail),
            ("INC-53", Status::Fail),
            ("INC-54", Status::Fail),
            ("INC-55", Status::Fail),
            ("INC-56", Status::Fail),
            ("INC-57", Status::Fail),
            ("INC-59", Status::Fail),
            ("INC-60", Status::Fail),
        ],
    );
    let csv = "incident-response/incidents/incidents.csv";
    let expect = |id: &str, line: u32, message: String| {
        assert_eq!(got[id].message, message, "{id}");
        assert_eq!(got[id].at, format!("{csv}:{line}"), "{id}");
    };
    expect(
        "INC-51",
        2,
        format!("missing started_at (blocks MTTD); {EXPECTED}"),
    );
    expect(
        "INC-52",
        3,
        format!("missing started_at (blocks MTTD), detected_at (blocks MTTD and MTTR); {EXPECTED}"),
    );
    expect(
        "INC-53",
        4,
        format!(
            "detected_at 2026-03-05T09:55:00Z is before started_at 2026-03-05T10:00:00Z (MTTD would be negative); {EXPECTED}"
        ),
    );
    expect(
        "INC-54",
        5,
        format!(
            "resolved_at 2026-03-06T10:01:00Z is before detected_at 2026-03-06T10:05:00Z (MTTR would be negative); {EXPECTED}"
        ),
    );
    // Not resolved, but started on 2026-06-29, in the window.
    expect(
        "INC-55",
        6,
        format!("missing resolved_at (blocks MTTR); {EXPECTED}"),
    );
    // Cannot be placed in any window, so always judged.
    expect(
        "INC-56",
        7,
        "no timestamp at all: the incident cannot be placed in time, and MTTD and MTTR cannot be computed; expected started_at, detected_at and resolved_at in the record or the review's timeline".into(),
    );
    expect(
        "INC-57",
        8,
        format!(
            "acknowledged_at 2026-03-09T10:08:00Z is before detected_at 2026-03-09T10:10:00Z (MTTA would be negative); {EXPECTED}"
        ),
    );
    // detected_at (09:50) and resolved_at (11:00) come from the review's timeline; the
    // record's started_at (10:00) is after the detection.
    expect(
        "INC-59",
        10,
        format!(
            "detected_at 2026-04-10T09:50:00Z is before started_at 2026-04-10T10:00:00Z (MTTD would be negative); detected_at, resolved_at taken from the timeline of incident-response/postmortems/INC-59.md; {EXPECTED}"
        ),
    );
    expect(
        "INC-60",
        11,
        format!(
            "missing detected_at (blocks MTTD and MTTR); resolved_at 2026-04-20T09:00:00Z is before started_at 2026-04-20T10:00:00Z (the incident's duration would be negative); {EXPECTED}"
        ),
    );
}
