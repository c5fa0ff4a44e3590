//! Every figure of `irready metrics --format json` for tests/fixtures/metrics/exact,
//! computed by hand here (the arithmetic is in the comments) and compared with the JSON.
//!
//! The fixture, as of 2026-06-30 (a Tuesday); window 2025-06-30 ..= 2026-06-30:
//!
//! | id    | sev  | service  | resolved (date written) | TTD   | TTA   | TTR   |
//! |-------|------|----------|-------------------------|-------|-------|-------|
//! | INC-1 | SEV1 | payments | 2026-01-05 (Mon)        | 240   | 180   | 1800  |
//! | INC-2 | SEV1 | payments | 2026-02-10 (Tue)        | 600   | 121   | 3600  |
//! | INC-3 | SEV2 | checkout | 2026-02-20 (Fri)        | -     | -     | -     |  no detected_at
//! | INC-4 | SEV2 | checkout | 2026-03-02 (Mon, +01)   | 300   | 240   | 3300  |  from the timeline
//! | INC-5 | sev3 | search   | 2026-04-30 (-05:00)     | 120   | 1800  | 5280  |  03:30Z on 05-01
//! | INC-6 | SEV2 | payments | 2026-06-26 (Fri)        | 1200  | 60    | 7230  |
//! | INC-7 | SEV1 | payments | 2025-05-10              | outside the window         |
//! | INC-8 | SEV4 | search   | never                   | not counted (unresolved)   |
//! | INC-9 | SEV3 | search   | 2025-11-03 (Mon)        | 600   | (-300)| 3600  |  ack before detect
//!
//! Durations in seconds:
//! - INC-1: detected 10:04 − started 10:00 = 240; ack 10:07 − 10:04 = 180;
//!   resolved 10:34 − 10:04 = 30 min = 1800.
//! - INC-2: 08:10 − 08:00 = 600; 08:12:01 − 08:10 = 121; 09:10 − 08:10 = 3600.
//! - INC-3: no detected_at, so no TTD, TTA or TTR (each needs detected_at).
//! - INC-4: the record has only started_at 09:00+01; the review's timeline gives alarm
//!   fired 09:05, on-call responds 09:09, fully restored 10:00: 300, 240, 55 min = 3300.
//! - INC-5: 21:02 − 21:00 = 120; 21:32 − 21:02 = 1800; 22:30 − 21:02 = 88 min = 5280.
//! - INC-6: 10:20 − 10:00 = 1200; 10:21 − 10:20 = 60; 12:20:30 − 10:20 = 2 h 30 s = 7230.
//! - INC-9: 10:10 − 10:00 = 600; ack 10:05 − 10:10 = −300: negative, left out of MTTA;
//!   11:10 − 10:10 = 3600.

use irready::ir::documents;
use irready::metrics::{self, MetricsOptions};
use serde_json::{Value, json};
use std::path::Path;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/metrics/exact"
    ))
}

fn metrics_json(options: &MetricsOptions) -> Value {
    let (docs, diagnostics) = documents::load(fixture());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let m = match metrics::compute(&docs, options) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let text = match metrics::json::render(&m) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("{e}: {text}"),
    }
}

fn as_of() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 30)
}

/// `{n, mean_seconds, median_seconds, p90_seconds, meaningful}` from hand-computed values.
fn figure(n: u64, mean: f64, median: f64, p90: f64) -> Value {
    json!({"n": n, "mean_seconds": mean, "median_seconds": median, "p90_seconds": p90,
           "meaningful": n >= 5})
}

/// Compares numbers as numbers (300 and 300.0 are the same figure).
fn assert_same(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (
                a.as_f64().unwrap_or(f64::NAN),
                e.as_f64().unwrap_or(f64::NAN),
            );
            assert!((a - e).abs() < 1e-9, "{path}: {a} != {e}");
        }
        (Value::Object(a), Value::Object(e)) => {
            let mut ak: Vec<_> = a.keys().collect();
            let mut ek: Vec<_> = e.keys().collect();
            ak.sort();
            ek.sort();
            assert_eq!(ak, ek, "{path}: keys");
            for (k, ev) in e {
                assert_same(&a[k], ev, &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{path}: length");
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                assert_same(av, ev, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(actual, expected, "{path}"),
    }
}

#[test]
fn every_figure_by_hand() {
    let j = metrics_json(&MetricsOptions::new(as_of()));

    assert_eq!(j["as_of"], "2026-06-30");
    // Default window: the 12 months before as_of, both ends included.
    assert_eq!(
        j["window"],
        json!({"since": "2025-06-30", "until": "2026-06-30"})
    );

    // In the window: INC-1, 2, 3, 4, 5, 6, 9 = 7 (INC-7 resolved 2025-05-10 is before
    // 2025-06-30; INC-8 is unresolved).
    assert_eq!(j["incidents"], 7);
    // SEV1: INC-1, INC-2; SEV2: INC-3, 4, 6; SEV3: INC-5 (written sev3), INC-9; SEV4: none.
    assert_eq!(
        j["by_severity"],
        json!({"SEV1": 2, "SEV2": 3, "SEV3": 2, "SEV4": 0})
    );
    // payments: INC-1, 2, 6; checkout: INC-3, 4; search: INC-5, 9.
    assert_eq!(
        j["by_service"],
        json!({"checkout": 2, "payments": 3, "search": 2})
    );
    // Month of the resolution date as written: INC-9 2025-11; INC-1 2026-01; INC-2 and
    // INC-3 2026-02; INC-4 2026-03; INC-5 2026-04 (not 05, although 05-01 in UTC);
    // INC-6 2026-06. Every month of the window is listed.
    assert_eq!(
        j["by_month"],
        json!({"2025-06": 0, "2025-07": 0, "2025-08": 0, "2025-09": 0, "2025-10": 0,
               "2025-11": 1, "2025-12": 0, "2026-01": 1, "2026-02": 2, "2026-03": 1,
               "2026-04": 1, "2026-05": 0, "2026-06": 1})
    );

    // MTTD over INC-1, 2, 4, 5, 6, 9: sorted 120, 240, 300, 600, 600, 1200; n = 6.
    // mean = (120+240+300+600+600+1200)/6 = 3060/6 = 510; median = (300+600)/2 = 450;
    // p90 = the ⌈0.9·6⌉ = ⌈5.4⌉ = 6th smallest = 1200.
    assert_same(&j["mttd"], &figure(6, 510.0, 450.0, 1200.0), "mttd");
    // MTTA over INC-1, 2, 4, 5, 6 (INC-9 negative): sorted 60, 121, 180, 240, 1800; n = 5.
    // mean = 2401/5 = 480.2; median = 3rd = 180; p90 = ⌈4.5⌉ = 5th = 1800.
    assert_same(&j["mtta"], &figure(5, 480.2, 180.0, 1800.0), "mtta");
    // MTTR over INC-1, 2, 4, 5, 6, 9: sorted 1800, 3300, 3600, 3600, 5280, 7230; n = 6.
    // mean = 24810/6 = 4135; median = (3600+3600)/2 = 3600; p90 = 6th = 7230.
    assert_same(&j["mttr"], &figure(6, 4135.0, 3600.0, 7230.0), "mttr");

    // Per severity (each n < 5, so not meaningful):
    // SEV1 TTD 240, 600: mean = median = 420, p90 = ⌈1.8⌉ = 2nd = 600.
    //      TTA 180, 121: mean = median = 301/2 = 150.5, p90 = 180.
    //      TTR 1800, 3600: mean = median = 2700, p90 = 3600.
    // SEV2 (INC-3 has no figure) TTD 300, 1200: 750, 750, 1200; TTA 240, 60: 150, 150,
    //      240; TTR 3300, 7230: 10530/2 = 5265, 5265, 7230.
    // SEV3 TTD 120, 600: 360, 360, 600; TTA 1800 only: 1800 ×3; TTR 5280, 3600: 4440,
    //      4440, 5280.
    assert_same(
        &j["by_severity_stats"],
        &json!({
            "SEV1": {"mttd": figure(2, 420.0, 420.0, 600.0),
                     "mtta": figure(2, 150.5, 150.5, 180.0),
                     "mttr": figure(2, 2700.0, 2700.0, 3600.0)},
            "SEV2": {"mttd": figure(2, 750.0, 750.0, 1200.0),
                     "mtta": figure(2, 150.0, 150.0, 240.0),
                     "mttr": figure(2, 5265.0, 5265.0, 7230.0)},
            "SEV3": {"mttd": figure(2, 360.0, 360.0, 600.0),
                     "mtta": figure(1, 1800.0, 1800.0, 1800.0),
                     "mttr": figure(2, 4440.0, 4440.0, 5280.0)},
        }),
        "by_severity_stats",
    );
    // Per service: payments = INC-1, 2, 6: TTD 240, 600, 1200: mean 2040/3 = 680,
    // median 600, p90 = ⌈2.7⌉ = 3rd = 1200; TTA 180, 121, 60: 361/3 = 120.333..., median
    // 121, p90 180; TTR 1800, 3600, 7230: 12630/3 = 4210, 3600, 7230.
    // checkout = INC-3 (none), INC-4: 300 / 240 / 3300.
    // search = INC-5, 9: TTD 120, 600: 360; TTA 1800 only; TTR 5280, 3600: 4440.
    assert_same(
        &j["by_service_stats"],
        &json!({
            "checkout": {"mttd": figure(1, 300.0, 300.0, 300.0),
                         "mtta": figure(1, 240.0, 240.0, 240.0),
                         "mttr": figure(1, 3300.0, 3300.0, 3300.0)},
            "payments": {"mttd": figure(3, 680.0, 600.0, 1200.0),
                         // 120.333... rounded to the millisecond in the JSON.
                         "mtta": figure(3, 120.333, 121.0, 180.0),
                         "mttr": figure(3, 4210.0, 3600.0, 7230.0)},
            "search": {"mttd": figure(2, 360.0, 360.0, 600.0),
                       "mtta": figure(1, 1800.0, 1800.0, 1800.0),
                       "mttr": figure(2, 4440.0, 4440.0, 5280.0)},
        }),
        "by_service_stats",
    );

    // Reviews: SEV1/SEV2 in the window whose deadline (5 business days after the
    // resolution date) is before 2026-06-30:
    // - INC-1 resolved Mon 2026-01-05; Tue 01-06 is a holiday: Wed 7, Thu 8, Fri 9,
    //   Mon 12, Tue 13 → deadline 2026-01-13; reviewed 2026-01-13: on time.
    // - INC-2 resolved Tue 2026-02-10: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17 → 02-17;
    //   reviewed 2026-02-19: late.
    // - INC-3 resolved Fri 2026-02-20 → Fri 02-27; no review: missing.
    // - INC-4 resolved Mon 2026-03-02 (+01:00) → Mon 03-09; reviewed 03-06: on time.
    // - INC-6 resolved Fri 2026-06-26 → Fri 07-03, not before as_of: not eligible.
    // eligible 4, on time 2, late 1, missing 1, rate 2/4 = 0.5.
    assert_same(
        &j["review_compliance"],
        &json!({"eligible": 4, "on_time": 2, "late": 1, "missing": 1, "rate": 0.5,
                "late_incidents": ["INC-2"], "missing_incidents": ["INC-3"]}),
        "review_compliance",
    );

    // Action items of the reviews of in-window incidents (INC-7's review is out):
    // INC-1: A due 01-20 Done, B due 02-01 Open; INC-2: C due 07-15 Open (not yet due),
    // D TBD; INC-4: E due 03-20 Fixed, F due 06-30 = as_of (not before it: not due).
    // total 6; due A, B, E = 3; closed A, E = 2; overdue B = 1; rate 2/3 = 0.667.
    assert_same(
        &j["action_items"],
        &json!({"total": 6, "due": 3, "closed": 2, "overdue": 1, "closure_rate": 0.667,
                "overdue_items": [{"incident": "INC-1", "action": "Alert on card error rate",
                                   "owner": "@bob", "due": "2026-02-01"}]}),
        "action_items",
    );

    // Targets, compared with the mean: SEV1 mttd 420 > 300 missed; mtta 150.5 ≤ 300 met;
    // mttr 2700 > 1800 missed. SEV2 mttd 750 ≤ 900 met; mttr 5265 > 3600 missed.
    // SEV4 mttr 1d: no SEV4 incident in the window, no data. SEV3 has no targets.
    let target =
        |sev: &str, metric: &str, text: &str, secs: f64, n: u64, mean: Value, status: &str| {
            json!({"severity": sev, "metric": metric, "target": text, "target_seconds": secs,
               "n": n, "mean_seconds": mean, "median_seconds": mean, "status": status,
               "meaningful": false})
        };
    assert_same(
        &j["targets"],
        &json!([
            target("SEV1", "mttd", "5m", 300.0, 2, json!(420.0), "missed"),
            target("SEV1", "mtta", "5m", 300.0, 2, json!(150.5), "met"),
            target("SEV1", "mttr", "30m", 1800.0, 2, json!(2700.0), "missed"),
            target("SEV2", "mttd", "15m", 900.0, 2, json!(750.0), "met"),
            target("SEV2", "mttr", "1h", 3600.0, 2, json!(5265.0), "missed"),
            target("SEV4", "mttr", "1d", 86400.0, 0, Value::Null, "no_data"),
        ]),
        "targets",
    );

    assert_eq!(
        j["notes"],
        json!([
            "1 incident has no resolved_at and is not counted",
            "INC-4: detected_at, acknowledged_at, mitigated_at, resolved_at taken from its review's timeline",
            "INC-9: acknowledged_at (2025-11-03T10:05:00Z) is before detected_at (2025-11-03T10:10:00Z); left out of MTTA"
        ])
    );
    assert_eq!(j["filters"], json!({"service": null, "severity": null}));
}

#[test]
fn filters_and_explicit_window() {
    // --service PAYMENTS (any case), --since 2026-01-01 --until 2026-03-31:
    // INC-1 (01-05) and INC-2 (02-10); INC-6 (06-26) is after the window.
    let mut options = MetricsOptions::new(as_of());
    options.service = Some("PAYMENTS".into());
    options.since = Some(jiff::civil::date(2026, 1, 1));
    options.until = Some(jiff::civil::date(2026, 3, 31));
    let j = metrics_json(&options);
    assert_eq!(
        j["window"],
        json!({"since": "2026-01-01", "until": "2026-03-31"})
    );
    assert_eq!(j["incidents"], 2);
    assert_eq!(j["by_service"], json!({"payments": 2}));
    // TTR 1800, 3600: mean = median = 2700, p90 = 2nd = 3600; n = 2 < 5.
    assert_same(&j["mttr"], &figure(2, 2700.0, 2700.0, 3600.0), "mttr");
    // INC-1 on time, INC-2 late: 1/2.
    assert_eq!(j["review_compliance"]["rate"], 0.5);
    // A (done), B (overdue), C (not due), D (no date): total 4, due 2, closed 1.
    assert_eq!(
        j["action_items"],
        json!({"total": 4, "due": 2, "closed": 1, "overdue": 1, "closure_rate": 0.5,
               "overdue_items": [{"incident": "INC-1", "action": "Alert on card error rate",
                                  "owner": "@bob", "due": "2026-02-01"}]})
    );
    assert_eq!(
        j["by_month"],
        json!({"2026-01": 1, "2026-02": 1, "2026-03": 0})
    );

    // --severity sev2: INC-3, 4, 6; only SEV2's targets; the unresolved INC-8 (SEV4) is
    // filtered out, so no note about it.
    let mut options = MetricsOptions::new(as_of());
    options.severity = Some("sev2".into());
    let j = metrics_json(&options);
    assert_eq!(j["incidents"], 3);
    assert_eq!(j["by_severity"], json!({"SEV2": 3}));
    let severities: Vec<&str> = j["targets"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["severity"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(severities, ["SEV2", "SEV2"]);
    assert!(j["notes"].as_array().is_some_and(|n| {
        n.iter()
            .all(|n| !n.as_str().unwrap_or("").contains("resolved_at and"))
    }));
}

#[test]
fn an_empty_window_is_an_error() {
    let (docs, _) = documents::load(fixture());
    let mut options = MetricsOptions::new(as_of());
    options.since = Some(jiff::civil::date(2026, 5, 1));
    options.until = Some(jiff::civil::date(2026, 4, 1));
    let err = metrics::compute(&docs, &options).err();
    assert!(err.is_some_and(|e| e.contains("--since 2026-05-01 is after --until 2026-04-01")));
}

#[test]
fn json_is_deterministic_and_in_spec_order() {
    let (docs, _) = documents::load(fixture());
    let m = metrics::compute(&docs, &MetricsOptions::new(as_of())).ok();
    let text = m
        .and_then(|m| metrics::json::render(&m).ok())
        .unwrap_or_default();
    let position = |key: &str| text.find(&format!("\n  \"{key}\":"));
    let order = [
        "as_of",
        "window",
        "filters",
        "incidents",
        "by_severity",
        "mttd",
        "mtta",
        "mttr",
        "review_compliance",
        "action_items",
        "by_service",
        "by_month",
        "by_severity_stats",
        "by_service_stats",
        "targets",
        "notes",
    ];
    let positions: Vec<Option<usize>> = order.iter().map(|k| position(k)).collect();
    assert!(positions.iter().all(Option::is_some), "{text}");
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    // Whole seconds are written as integers, like SPEC §6's example.
    assert!(text.contains("\"median_seconds\": 450,"), "{text}");
}
