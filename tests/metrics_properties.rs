//! Properties of the metrics: the median lies between the smallest and largest value, the
//! p90 is at least the median and is one of the values, the mean lies between min and max;
//! and an incident resolved outside the window (with its review and action items) changes
//! nothing at all.

use irready::ir::documents::Documents;
use irready::ir::incident::Incident;
use irready::ir::review::{ActionItem, Review};
use irready::metrics::{self, MetricsOptions, stats};
use irready::source::Location;
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use std::sync::Arc;

fn at() -> Location {
    Location::new(Arc::from("generated.yml"), 1, 1)
}

fn as_of() -> Date {
    date(2026, 6, 30)
}

/// An incident as generated: minutes after a base instant, then the three deltas.
#[derive(Debug, Clone)]
struct Gen {
    start_minutes: i64,
    detect: Option<i64>,
    ack: Option<i64>,
    resolve: Option<i64>,
    severity: &'static str,
    service: &'static str,
    review: Option<(i64, Vec<(i64, bool)>)>,
}

fn gen_incident() -> impl Strategy<Value = Gen> {
    (
        0i64..360 * 24 * 60,
        prop::option::weighted(0.9, -600i64..7200),
        prop::option::weighted(0.9, -300i64..3600),
        prop::option::weighted(0.9, -600i64..86_400),
        prop::sample::select(vec!["SEV1", "SEV2", "SEV3", "sev1", "SEV4"]),
        prop::sample::select(vec!["a", "b", "c"]),
        prop::option::of((
            -5i64..30,
            prop::collection::vec((-60i64..60, any::<bool>()), 0..4),
        )),
    )
        .prop_map(
            |(start_minutes, detect, ack, resolve, severity, service, review)| Gen {
                start_minutes,
                detect,
                ack,
                resolve,
                severity,
                service,
                review,
            },
        )
}

/// Builds the incident (and its review) from a generated one, starting at `base`.
fn build(id: &str, g: &Gen, base: Timestamp) -> (Incident, Option<Review>) {
    let secs = |s: i64| SignedDuration::from_secs(s);
    let started = base + SignedDuration::from_mins(g.start_minutes);
    let detected = g.detect.map(|d| started + secs(d));
    let acknowledged = g.ack.and_then(|a| detected.map(|d| d + secs(a)));
    let resolved = g.resolve.map(|r| detected.unwrap_or(started) + secs(r));
    let resolved_date = resolved.map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    let incident = Incident {
        id: id.to_string(),
        title: None,
        service: Some(g.service.to_string()),
        severity: Some(g.severity.to_string()),
        alert: None,
        started_at: Some(started),
        detected_at: detected,
        acknowledged_at: acknowledged,
        mitigated_at: None,
        resolved_at: resolved,
        resolved_date,
        postmortem: None,
        failure_class: None,
        location: at(),
    };
    let review = g.review.as_ref().map(|(days, items)| {
        let day = |d: i64| {
            resolved_date
                .unwrap_or(date(2026, 1, 1))
                .checked_add(jiff::Span::new().days(d))
                .unwrap_or(date(2026, 1, 1))
        };
        Review {
            timeline_source: None,
            incident: id.to_string(),
            date: day(*days),
            severity: None,
            title: None,
            authors: Vec::new(),
            status: None,
            service: None,
            timeline: Vec::new(),
            action_items: items
                .iter()
                .map(|(due, closed)| ActionItem {
                    priority: None,
                    action: format!("item of {id}"),
                    owner: None,
                    due: Some(day(*due)),
                    status: None,
                    closed: *closed,
                    location: at(),
                })
                .collect(),
            timeline_section: None,
            action_items_section: None,
            location: at(),
        }
    });
    (incident, review)
}

fn documents(gens: &[Gen], base: Timestamp) -> Documents {
    let mut docs = Documents::default();
    for (i, g) in gens.iter().enumerate() {
        let (incident, review) = build(&format!("INC-{i}"), g, base);
        docs.incidents.push(incident);
        docs.reviews.extend(review);
    }
    docs
}

proptest! {
    #[test]
    fn median_and_p90_are_ordered(values in prop::collection::vec(0.0f64..1.0e7, 1..60)) {
        let s = stats(&values);
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (Some(mean), Some(median), Some(p90)) = (s.mean, s.median, s.p90) else {
            return Err(TestCaseError::fail("no mean, median or p90 for a non-empty list"));
        };
        prop_assert_eq!(s.n, values.len());
        prop_assert!(min <= median && median <= max, "{min} {median} {max}");
        prop_assert!(p90 >= median, "p90 {p90} < median {median}");
        prop_assert!(values.contains(&p90), "p90 {p90} is not one of the values");
        prop_assert!(mean >= min - 1e-6 && mean <= max + 1e-6, "{min} {mean} {max}");
        prop_assert_eq!(s.meaningful, values.len() >= 5);
    }

    #[test]
    fn an_incident_outside_the_window_changes_nothing(
        gens in prop::collection::vec(gen_incident(), 0..12),
        outside in gen_incident(),
        before in any::<bool>(),
        offset_days in 1i64..400,
    ) {
        // In-window incidents start from 2025-07-01 (the window is 2025-06-30..2026-06-30);
        // the outside one is resolved more than a day before it or after it.
        let base: Timestamp = "2025-07-01T00:00:00Z".parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let mut outside = outside;
        outside.detect = Some(60);
        outside.resolve = Some(600);
        outside.start_minutes = 0;
        let outside_base = if before {
            base - SignedDuration::from_hours(24 * (offset_days + 2))
        } else {
            "2026-07-01T00:00:00Z".parse::<Timestamp>().map_err(|e| TestCaseError::fail(format!("{e}")))?
                + SignedDuration::from_hours(24 * offset_days)
        };
        let plain = documents(&gens, base);
        let mut with_outside = documents(&gens, base);
        let (incident, review) = build("OUT-1", &outside, outside_base);
        with_outside.incidents.push(incident);
        with_outside.reviews.extend(review);

        let options = MetricsOptions::new(as_of());
        let a = metrics::compute(&plain, &options);
        let b = metrics::compute(&with_outside, &options);
        prop_assert!(a.is_ok());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn counts_add_up(gens in prop::collection::vec(gen_incident(), 0..12)) {
        let base: Timestamp = "2025-07-01T00:00:00Z".parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let docs = documents(&gens, base);
        let m = metrics::compute(&docs, &MetricsOptions::new(as_of()))
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(m.by_severity.values().sum::<usize>(), m.incidents);
        prop_assert_eq!(m.by_service.values().sum::<usize>(), m.incidents);
        prop_assert_eq!(m.by_month.values().sum::<usize>(), m.incidents);
        for figure in metrics::Figure::ALL {
            prop_assert!(m.figure(figure).n <= m.incidents);
        }
        let rc = &m.review_compliance;
        prop_assert_eq!(rc.on_time + rc.late + rc.missing, rc.eligible);
        let ai = &m.action_items;
        prop_assert_eq!(ai.closed + ai.overdue, ai.due);
        prop_assert!(ai.due <= ai.total);
    }
}
