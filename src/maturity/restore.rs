//! Level 5's computed criterion: the median time to restore of every known failure class
//! is under 5 minutes. The one figure it needs is computed here with SPEC §6's definition
//! rather than taken from `irready metrics`, so that the two commands stay independent.

use super::criteria::build;
use super::{Criterion, CriterionStatus, Inputs, window_start};
use std::collections::BTreeMap;

/// Level 5's bound on the median time to restore of a known failure class.
const SELF_HEALING_SECONDS: i64 = 5 * 60;

/// 5(a): the median time to restore of every known failure class is under 5 minutes.
///
/// Time to restore is SPEC §6's: resolved − detected, of the incidents resolved in the 12
/// months before the as-of date (timestamps filled from review timelines as `irready
/// metrics` does); an incident missing either timestamp is left out of its class's
/// figure. A known class is one that occurred at least twice in the window (seen before).
pub(super) fn known_class_restore(inputs: &Inputs<'_>) -> Criterion {
    let since = window_start(inputs.as_of);
    // Class (case-insensitive) → (name as first written, occurrences, restore seconds).
    let mut classes: BTreeMap<String, (String, usize, Vec<i64>)> = BTreeMap::new();
    let mut classified = 0;
    for filled in inputs.documents.incidents_with_timelines() {
        let i = &filled.incident;
        let Some(resolved) = i.resolved_date else {
            continue;
        };
        if resolved < since || resolved > inputs.as_of {
            continue;
        }
        let Some(class) = i
            .failure_class
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        classified += 1;
        let entry = classes
            .entry(class.to_lowercase())
            .or_insert_with(|| (class.to_string(), 0, Vec::new()));
        entry.1 += 1;
        if let (Some(d), Some(r)) = (i.detected_at, i.resolved_at) {
            let secs = r.as_second() - d.as_second();
            if secs >= 0 {
                entry.2.push(secs);
            }
        }
    }
    let mut evidence = Vec::new();
    let mut any_slow = false;
    let mut any_unknown = false;
    let mut known = 0;
    for (name, count, mut secs) in classes.into_values() {
        if count < 2 {
            continue;
        }
        known += 1;
        match median_seconds(&mut secs) {
            Some(m) => {
                let verdict = if m < SELF_HEALING_SECONDS as f64 {
                    "under"
                } else {
                    "not under"
                };
                any_slow |= m >= SELF_HEALING_SECONDS as f64;
                evidence.push(format!(
                    "{name}: {count} incident(s), time to restore known for {}, median {} ({verdict} 5m)",
                    secs.len(),
                    duration(m)
                ));
            }
            None => {
                any_unknown = true;
                evidence.push(format!(
                    "{name}: {count} incident(s), none with detected_at and resolved_at"
                ));
            }
        }
    }
    evidence.insert(
        0,
        format!(
            "{classified} incident(s) of the 12-month window with a failure_class; {known} known class(es) (seen at least twice)"
        ),
    );
    let status = if any_slow {
        CriterionStatus::NotMet
    } else if known == 0 || any_unknown {
        CriterionStatus::Unknown
    } else {
        CriterionStatus::Met
    };
    build(
        5,
        "5.known-class-restore",
        "Median time to restore under 5 minutes for every known failure class",
        status,
        evidence,
        "Record a failure_class on every incident, and automate the remediation of recurring classes (self-healing on alert) until each one's median time to restore (resolved - detected) is under 5 minutes.",
    )
}

/// The median of a sample (the mean of the two middle values for an even count), as SPEC
/// §6 defines it; `None` when empty. Sorts `values`.
pub(super) fn median_seconds(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0
    })
}

/// `4m 30s`, `1h 2m`, `45s`.
pub(super) fn duration(seconds: f64) -> String {
    let s = seconds.round() as i64;
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}
